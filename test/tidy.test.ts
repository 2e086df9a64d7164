import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, repoSources, type Source } from './helpers/syntax.ts';
import {
  coreImpurity, longFunctions, longLines, MARKER, nondeterminism, type Nondeterminism,
} from './helpers/tidy-rules.ts';

/**
 * Style and determinism rules, enforced as a test (TigerBeetle's tidy.zig), on the syntax tree
 * (test/helpers/tidy-rules.ts), each rule first tested on small sources with known answers:
 * - no wall clock, unseeded randomness or real timers in core/, sim/, checker/, scenarios/; the
 *   CLI and the benchmarks may read the wall clock (only to report it, or for a user's wall-time
 *   budget) and use real timers (to let a Ctrl-C through between runs); nothing may draw
 *   unseeded randomness; tests may do anything;
 * - core/ does no I/O: no packages or node: builtins, no `process` or `console`;
 * - lines of at most 100 columns, no unfinished-work marker, functions of at most 70 lines,
 *   everywhere (tests too).
 */
const LIMIT_LINES = 70;
const LIMIT_COLUMNS = 100;

const DIRS = ['core', 'sim', 'checker', 'scenarios', 'cli', 'bin', 'test', 'bench']
  .filter((d) => existsSync(join(ROOT, d)));
const sources = repoSources(DIRS);

const src = (text: string, path = 'core/x.ts'): Source => ({ path, text });
const lines = (n: number): string => Array.from({ length: n }, (_, i) => `  f(${i});`).join('\n');

// ---- The rules on known sources. ----

test('function length: a declaration of 70 lines passes, 71 fails, counted from its signature',
  (t) => {
    t.deepEqual(longFunctions(src(`function ok() {\n${lines(68)}\n}`), LIMIT_LINES), []);
    t.deepEqual(longFunctions(src(`\n\nfunction big() {\n${lines(69)}\n}`), LIMIT_LINES),
      ['core/x.ts:3: function big of 71 lines (at most 70)']);
  });

test('function length: a multi-line signature counts (the line rule missed it)', (t) => {
  const text = `export function sig(a: number,\n  b: number,\n): void {\n${lines(67)}\n}`;
  t.deepEqual(longFunctions(src(text), LIMIT_LINES),
    ['core/x.ts:1: function sig of 71 lines (at most 70)']);
});

test('function length: arrows, methods, generators and test callbacks count', (t) => {
  const body = `{\n${lines(70)}\n}`;
  t.deepEqual(longFunctions(src(`const arrow = (x: number) => ${body};`), LIMIT_LINES),
    ['core/x.ts:1: function arrow of 72 lines (at most 70)']);
  t.deepEqual(longFunctions(src(`class C {\n  private *gen(): Proc ${body}\n}`), LIMIT_LINES),
    ['core/x.ts:2: function gen of 72 lines (at most 70)']);
  t.deepEqual(longFunctions(src(`test('t', (t) => ${body});`, 'test/a.test.ts'), LIMIT_LINES),
    ['test/a.test.ts:1: function <argument of test> of 72 lines (at most 70)']);
  t.deepEqual(longFunctions(src(`const o = { run: function* () ${body} };`), LIMIT_LINES),
    ['core/x.ts:1: function run of 72 lines (at most 70)']);
});

test('function length: a nested long function is reported, and its parent too', (t) => {
  const text = `function outer() {\n  const inner = () => {\n${lines(70)}\n  };\n}`;
  t.deepEqual(longFunctions(src(text), LIMIT_LINES), [
    'core/x.ts:1: function outer of 74 lines (at most 70)',
    'core/x.ts:2: function inner of 72 lines (at most 70)',
  ]);
});

test('function length: braces in strings, comments and types do not confuse it', (t) => {
  const text = `function f(): { a: '}' } {\n  // }}}\n  const s = '{{{';\n${lines(66)}\n}\n` +
    `${lines(10)}`;
  t.deepEqual(longFunctions(src(text), LIMIT_LINES), []);
  t.deepEqual(longFunctions(src(text.replace('// }}}', '// }}}\n  g();')), LIMIT_LINES),
    ['core/x.ts:1: function f of 71 lines (at most 70)']);
});

test('long lines and the unfinished-work marker', (t) => {
  t.deepEqual(longLines(src(`${'x'.repeat(100)}\n${'y'.repeat(101)}\n// ${MARKER} later`), 100),
    ['core/x.ts:2: 101 columns', `core/x.ts:3: ${MARKER}`]);
});

test('nondeterminism: calls, bare reads, destructuring, globalThis and imports are found', (t) => {
  const text = [
    'const a = Math.random();', 'const f = Math.random;', 'const { now } = Date;',
    'globalThis.setTimeout(g, 1);', 'setImmediate(g);', 'const d = new Date();',
    "import { performance } from 'node:perf_hooks';", "import { randomInt } from 'node:crypto';",
    'const h = process.hrtime.bigint();', 'crypto.getRandomValues(b);',
  ].join('\n');
  t.deepEqual(nondeterminism(src(text)), [
    'core/x.ts:1: Math.random: draw from a seeded Random stream',
    'core/x.ts:2: Math.random: draw from a seeded Random stream',
    'core/x.ts:3: Date.now: use the virtual clock',
    'core/x.ts:4: real timers: schedule events',
    'core/x.ts:5: real timers: schedule events',
    'core/x.ts:6: Date() of now: use the virtual clock',
    'core/x.ts:7: perf_hooks: use the virtual clock',
    'core/x.ts:8: crypto randomness: draw from a seeded Random stream',
    'core/x.ts:9: process.hrtime: use the virtual clock',
    'core/x.ts:10: crypto randomness: draw from a seeded Random stream',
  ]);
});

test('nondeterminism: names in comments, strings, keys, types and new Date(ms) are fine', (t) => {
  const text = [
    '// Math.random() and Date.now() are banned', "const s = 'setTimeout(f)';",
    'const o = { setTimeout: 1, random: 2 }; o.setTimeout;', 'type T = { now(): number };',
    'const d = new Date(0);', 'class C { setInterval() {} }', 'rng.random();',
  ].join('\n');
  t.deepEqual(nondeterminism(src(text)), []);
});

test('nondeterminism: the CLI may read the clock, never draw unseeded randomness', (t) => {
  const text = "import { performance } from 'node:perf_hooks';\nconst t0 = performance.now();" +
    '\nconst r = Math.random();';
  t.deepEqual(nondeterminism(src(text, 'cli/x.ts'), ['clock']),
    ['cli/x.ts:3: Math.random: draw from a seeded Random stream']);
});

test('core purity: packages, builtins, process and console are found; relative imports pass',
  (t) => {
    const text = ["import { readFileSync } from 'node:fs';", "import seedrandom from 'seedrandom';",
      "import { assert } from '../assert.ts';", "export * from './types.ts';",
      'console.log(1);', 'const e = process.env;', 'const o = { console: 1 }; o.process;',
      "const m = await import('node:net');"].join('\n');
    t.deepEqual(coreImpurity(src(text)), [
      'core/x.ts:5: console: core/ does no I/O',
      'core/x.ts:6: process: core/ does no I/O',
      "core/x.ts:1: imports 'node:fs': core/ imports no packages and no I/O",
      "core/x.ts:2: imports 'seedrandom': core/ imports no packages and no I/O",
      "core/x.ts:8: imports 'node:net': core/ imports no packages and no I/O",
    ]);
  });

// ---- The rules on the repository. ----

/** Where each kind of nondeterminism is allowed (tests are not checked). */
function allowedIn(path: string): Nondeterminism[] | null {
  if (path.startsWith('test/')) return null;
  if (path.startsWith('cli/') || path.startsWith('bin/') || /(^|\/)bench\//.test(path)) {
    return ['clock', 'timer'];
  }
  return [];
}

test('no wall clock, unseeded randomness or real timers outside the CLI and benchmarks', (t) => {
  const problems = sources.flatMap((f) => {
    const allowed = allowedIn(f.path);
    return allowed === null ? [] : nondeterminism(f, allowed);
  });
  t.deepEqual(problems, []);
});

test('core/ does no I/O', (t) => {
  t.deepEqual(sources.filter((f) => f.path.startsWith('core/')).flatMap(coreImpurity), []);
});

test(`lines are at most ${LIMIT_COLUMNS} columns and carry no unfinished-work marker`, (t) => {
  t.deepEqual(sources.flatMap((f) => longLines(f, LIMIT_COLUMNS)), []);
});

test(`functions are at most ${LIMIT_LINES} lines, tests included`, (t) => {
  t.true(sources.some((f) => f.path.startsWith('test/')));
  t.deepEqual(sources.flatMap((f) => longFunctions(f, LIMIT_LINES)), []);
});
