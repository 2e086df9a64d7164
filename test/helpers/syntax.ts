import { parse } from '@babel/parser';
import type { Node } from '@babel/types';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The syntax tree of the project's sources, for the tidy and layering rules.
 *
 * Parsed with @babel/parser (TypeScript plugin): the TypeScript here is v7, whose native compiler
 * has no JS API. The TS 5 compiler API under an npm alias would install a second `tsc` binary
 * that shadows v7's in node_modules/.bin (`npx tsc` then silently type-checks with 5.9), so the
 * rules use Babel's parser: pure JavaScript, no binary, the same tree for .ts and .js files.
 */
export const ROOT = new URL('../..', import.meta.url).pathname;

export interface Source {
  /** Path relative to the repository root, with `/` separators. */
  readonly path: string;
  readonly text: string;
}

/** Every .ts and .js file under the given top-level directories (node_modules excluded). */
export function repoSources(dirs: readonly string[]): Source[] {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ts|js|mjs)$/.test(name) ? [p] : [];
  });
  return dirs.flatMap((d) => walk(join(ROOT, d))).map((p) => ({
    path: relative(ROOT, p).split('\\').join('/'),
    text: readFileSync(p, 'utf8'),
  }));
}

const parsed = new Map<string, Node>();

/** The file's syntax tree (a parse error fails loudly, with the path). */
export function syntaxTree(src: Source): Node {
  const key = `${src.path}\0${src.text}`;
  let tree = parsed.get(key);
  if (tree === undefined) {
    try {
      tree = parse(src.text, { sourceType: 'module', plugins: ['typescript'] }).program;
    } catch (e) {
      throw new Error(`${src.path}: does not parse: ${(e as Error).message}`);
    }
    parsed.set(key, tree);
  }
  return tree;
}

const SKIP = new Set(['loc', 'start', 'end', 'range', 'extra', 'leadingComments',
  'trailingComments', 'innerComments']);

/** Visit every node under `root` (depth first), with its parent and the key it hangs from. */
export function walk(root: Node,
  visit: (node: Node, parent: Node | null, key: string | null) => void): void {
  const go = (node: Node, parent: Node | null, key: string | null): void => {
    visit(node, parent, key);
    for (const [k, value] of Object.entries(node)) {
      if (SKIP.has(k) || value === null || typeof value !== 'object') continue;
      const children: unknown[] = Array.isArray(value) ? value : [value];
      for (const c of children) if (isNode(c)) go(c, node, k);
    }
  };
  go(root, null, null);
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** The 1-based line a node starts on. */
export function lineOf(node: Node): number {
  return node.loc?.start.line ?? 0;
}

/** The specifier of every import of the file: static, re-export, dynamic and `import('x').T`. */
export function importsOf(src: Source): Array<{ readonly spec: string; readonly line: number }> {
  const out: Array<{ spec: string; line: number }> = [];
  walk(syntaxTree(src), (node) => {
    let spec: Node | null | undefined = null;
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' ||
      node.type === 'ExportNamedDeclaration') spec = node.source;
    else if (node.type === 'CallExpression' && node.callee.type === 'Import') {
      spec = node.arguments[0];
    } else if (node.type === 'TSImportType') spec = node.argument;
    else if (node.type === 'TSExternalModuleReference') spec = node.expression;
    if (spec?.type === 'StringLiteral') out.push({ spec: spec.value, line: lineOf(node) });
    else if (spec != null) out.push({ spec: '<computed>', line: lineOf(node) });
  });
  return out;
}
