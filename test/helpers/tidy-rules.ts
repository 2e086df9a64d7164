import type { Node } from '@babel/types';
import { importsOf, lineOf, syntaxTree, walk, type Source } from './syntax.ts';

/**
 * The style and determinism rules of test/tidy.test.ts (TigerBeetle's tidy.zig), as functions
 * from one source file to its problems, `path:line: what`, so each rule can be tested on small
 * sources with known answers. They read the syntax tree, not lines: a multi-line signature, an
 * arrow function or `const { now } = Date` cannot slip past a line pattern.
 */

/** The function-like nodes: every one with a body counts, wherever it is. */
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression',
  'ClassMethod', 'ClassPrivateMethod', 'ObjectMethod']);

/**
 * Functions longer than `limit` lines, counted from the first line of the signature (modifiers
 * and name included) to the line of the closing brace. A nested function counts on its own, and
 * also towards its parent's lines.
 */
export function longFunctions(src: Source, limit: number): string[] {
  const out: string[] = [];
  walk(syntaxTree(src), (node, parent) => {
    if (!FUNCTIONS.has(node.type) || node.loc == null) return;
    const lines = node.loc.end.line - node.loc.start.line + 1;
    if (lines > limit) {
      out.push(`${src.path}:${lineOf(node)}: function ${functionName(node, parent)} of ` +
        `${lines} lines (at most ${limit})`);
    }
  });
  return out;
}

/** A readable name: the declared one, the method's key, or the variable or property it is. */
export function functionName(node: Node, parent: Node | null): string {
  const named = (n: Node | null | undefined): string | null =>
    n?.type === 'Identifier' ? n.name : n?.type === 'PrivateName' ? `#${n.id.name}`
      : n?.type === 'StringLiteral' ? n.value : null;
  if ('id' in node && node.id != null) return named(node.id) ?? '<anonymous>';
  if ('key' in node) return named(node.key) ?? '<computed>';
  if (parent?.type === 'VariableDeclarator') return named(parent.id) ?? '<anonymous>';
  if (parent?.type === 'ObjectProperty' || parent?.type === 'ClassProperty') {
    return named(parent.key) ?? '<computed>';
  }
  if (parent?.type === 'CallExpression') {
    const callee = parent.callee;
    const name = callee.type === 'Identifier' ? callee.name
      : callee.type === 'MemberExpression' ? named(callee.property) : null;
    return `<argument of ${name ?? 'a call'}>`;
  }
  return '<anonymous>';
}

/** The marker of unfinished work (spelt in two halves, so that this file does not carry it). */
export const MARKER = ['FIX', 'ME'].join('');

/** Lines wider than `limit` columns, and lines that carry the MARKER. */
export function longLines(src: Source, limit: number): string[] {
  const out: string[] = [];
  src.text.split('\n').forEach((line, i) => {
    if (line.length > limit) out.push(`${src.path}:${i + 1}: ${line.length} columns`);
    if (line.includes(MARKER)) out.push(`${src.path}:${i + 1}: ${MARKER}`);
  });
  return out;
}

// ---- Determinism. ----

export type Nondeterminism = 'clock' | 'random' | 'timer';

/** Dotted member names (after any `globalThis.`) that read a clock or draw unseeded bits. */
const BANNED_MEMBERS: Array<[RegExp, Nondeterminism, string]> = [
  [/^Math\.random$/, 'random', 'Math.random: draw from a seeded Random stream'],
  [/^crypto\.(random\w*|getRandomValues)$/, 'random', 'crypto randomness: draw from a seeded ' +
    'Random stream'],
  [/^Date\.now$/, 'clock', 'Date.now: use the virtual clock'],
  [/^performance\.now$/, 'clock', 'performance.now: use the virtual clock'],
  [/^process\.hrtime$/, 'clock', 'process.hrtime: use the virtual clock'],
  [/^(setTimeout|setInterval|setImmediate)$/, 'timer', 'real timers: schedule events'],
];

/** Modules whose import alone brings a clock or timers in. */
const BANNED_MODULES: Array<[RegExp, Nondeterminism, string]> = [
  [/^(node:)?perf_hooks$/, 'clock', 'perf_hooks: use the virtual clock'],
  [/^(node:)?timers(\/promises)?$/, 'timer', 'real timers: schedule events'],
];

/** Destructuring these objects (`const { now } = Date`) is reading the member. */
const DESTRUCTURED = new Set(['Math', 'Date', 'performance', 'process', 'crypto', 'globalThis']);

/**
 * Uses of the wall clock, unseeded randomness and real timers, except the kinds in `allowed`:
 * member reads (called or not), `new Date()` / `Date()` without arguments, destructuring,
 * references to the timer functions, and imports of clock, timer or random functions.
 */
export function nondeterminism(src: Source, allowed: readonly Nondeterminism[] = []): string[] {
  const out: string[] = [];
  const report = (node: Node, kind: Nondeterminism, why: string): void => {
    if (!allowed.includes(kind)) out.push(`${src.path}:${lineOf(node)}: ${why}`);
  };
  walk(syntaxTree(src), (node, parent, key) => {
    const name = dottedName(node, parent, key);
    if (name !== null) {
      for (const [re, kind, why] of BANNED_MEMBERS) if (re.test(name)) report(node, kind, why);
    }
    if ((node.type === 'NewExpression' || node.type === 'CallExpression') &&
      node.callee.type === 'Identifier' && node.callee.name === 'Date' &&
      node.arguments.length === 0) report(node, 'clock', 'Date() of now: use the virtual clock');
    if (node.type === 'VariableDeclarator') destructured(node, report);
    if (node.type === 'ImportDeclaration') bannedImport(node, report);
  });
  return out;
}

type Report = (node: Node, kind: Nondeterminism, why: string) => void;

function destructured(node: Node & { type: 'VariableDeclarator' }, report: Report): void {
  if (node.id.type !== 'ObjectPattern' || node.init?.type !== 'Identifier') return;
  if (!DESTRUCTURED.has(node.init.name)) return;
  for (const p of node.id.properties) {
    if (p.type !== 'ObjectProperty' || p.key.type !== 'Identifier') continue;
    const name = `${node.init.name}.${p.key.name}`.replace(/^globalThis\./, '');
    for (const [re, kind, why] of BANNED_MEMBERS) if (re.test(name)) report(p, kind, why);
  }
}

function bannedImport(node: Node & { type: 'ImportDeclaration' }, report: Report): void {
  const spec = node.source.value;
  for (const [re, kind, why] of BANNED_MODULES) if (re.test(spec)) report(node, kind, why);
  if (!/^(node:)?crypto$/.test(spec)) return;
  for (const s of node.specifiers) {
    const imported = s.type === 'ImportSpecifier' && s.imported.type === 'Identifier'
      ? s.imported.name : null;
    if (imported !== null && /^(random\w*|getRandomValues)$/.test(imported)) {
      report(s, 'random', 'crypto randomness: draw from a seeded Random stream');
    }
  }
}

/**
 * `a.b.c` for an expression made of identifiers (without a leading `globalThis.`), or a lone
 * identifier in a reference position; null for anything else. Each node of a chain is named on
 * its own: `a.b.c` visits `a.b.c`, then `a.b`.
 */
export function dottedName(node: Node, parent: Node | null, key: string | null): string | null {
  if (node.type === 'Identifier') {
    return isReference(parent, key) ? node.name.replace(/^globalThis$/, '') || null : null;
  }
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return null;
  const parts: string[] = [];
  let n: Node = node;
  while (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
    const p: Node = n.property;
    if (!n.computed && p.type === 'Identifier') parts.unshift(p.name);
    else if (p.type === 'StringLiteral') parts.unshift(p.value);
    else return null;
    n = n.object;
  }
  if (n.type !== 'Identifier') return null;
  return [n.name, ...parts].join('.').replace(/^globalThis\./, '');
}

/** Where an identifier names a value in scope (not a property key, declaration or type). */
function isReference(parent: Node | null, key: string | null): boolean {
  if (parent === null) return false;
  if (parent.type.startsWith('TS')) return false;
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') &&
    key === 'property') return parent.computed;
  if (key === 'key' && 'computed' in parent) return parent.computed === true;
  return !['id', 'params', 'local', 'imported', 'exported', 'label'].includes(key ?? '');
}

// ---- core/ is pure. ----

/** Globals through which code reaches the outside world. */
const IO_GLOBALS = new Set(['process', 'console', 'fetch', 'require', 'XMLHttpRequest',
  'WebSocket', 'Deno', 'Bun']);

/**
 * What makes a core/ file impure: an import that is not a relative path (a package or a node:
 * builtin; where a relative import may lead is the layering rule's business), or a reference to
 * an I/O global such as `process` or `console`.
 */
export function coreImpurity(src: Source): string[] {
  const out: string[] = [];
  walk(syntaxTree(src), (node, parent, key) => {
    if (node.type === 'Identifier' && IO_GLOBALS.has(node.name) && isReference(parent, key)) {
      out.push(`${src.path}:${lineOf(node)}: ${node.name}: core/ does no I/O`);
    }
  });
  for (const { spec, line } of importsOf(src)) {
    if (!spec.startsWith('.')) {
      out.push(`${src.path}:${line}: imports '${spec}': core/ imports no packages and no I/O`);
    }
  }
  return out;
}
