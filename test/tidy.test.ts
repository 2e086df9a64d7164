import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Style and determinism rules, enforced as a test (TigerBeetle's tidy.zig):
 * - no wall clock or unseeded randomness in core/, sim/, checker/, scenarios/, cli/ (the CLI and
 *   the benchmarks may measure wall time, only to report it);
 * - no I/O imports in core/;
 * - lines of at most 100 columns; no FIXME; functions of at most 70 lines.
 */
const ROOT = new URL('..', import.meta.url).pathname;
const DIRS = ['core', 'sim', 'checker', 'scenarios', 'cli', 'bench'];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const sources = DIRS.flatMap((d) => files(join(ROOT, d))).map((p) => ({
  path: relative(ROOT, p),
  text: readFileSync(p, 'utf8'),
}));

const BANNED: Array<[RegExp, string]> = [
  [/\bMath\.random\s*\(/, 'Math.random is banned: draw from a seeded Random stream'],
  [/\bDate\.now\s*\(/, 'Date.now is banned: use the virtual clock'],
  [/\bnew Date\s*\(/, 'new Date() is banned: use the virtual clock'],
  [/\bperformance\.now\s*\(/, 'performance.now is banned outside the CLI: use the virtual clock'],
  [/\bsetTimeout\s*\(|\bsetInterval\s*\(|\bsetImmediate\s*\(/, 'real timers are banned: schedule events'],
  [/\bprocess\.hrtime\b/, 'process.hrtime is banned: use the virtual clock'],
  [/\bcrypto\.random/, 'crypto randomness is banned: draw from a seeded Random stream'],
];

/** Places allowed to read the wall clock, only to report it (never to steer a run). */
const WALL_CLOCK_OK = [/^cli\//, /^sim\/bench\//, /^bench\//];

test('no wall clock or unseeded randomness outside the CLI', (t) => {
  const problems: string[] = [];
  for (const f of sources) {
    if (WALL_CLOCK_OK.some((re) => re.test(f.path))) continue;
    f.text.split('\n').forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      for (const [re, why] of BANNED) if (re.test(line)) problems.push(`${f.path}:${i + 1}: ${why}`);
    });
  }
  t.deepEqual(problems, []);
});

test('core/ does no I/O and does not import the simulator', (t) => {
  const problems: string[] = [];
  for (const f of sources.filter((s) => s.path.startsWith('core/'))) {
    f.text.split('\n').forEach((line, i) => {
      if (/from ['"](node:)?(fs|net|http|child_process|worker_threads)/.test(line)) {
        problems.push(`${f.path}:${i + 1}: I/O import in core/`);
      }
      if (/from ['"]\.\.\/(\.\.\/)?sim\//.test(line)) problems.push(`${f.path}:${i + 1}: core/ imports sim/`);
    });
  }
  t.deepEqual(problems, []);
});

test('lines are at most 100 columns and carry no FIXME', (t) => {
  const problems: string[] = [];
  for (const f of sources) {
    f.text.split('\n').forEach((line, i) => {
      if (line.length > 100) problems.push(`${f.path}:${i + 1}: ${line.length} columns`);
      if (/FIXME/.test(line)) problems.push(`${f.path}:${i + 1}: FIXME`);
    });
  }
  t.deepEqual(problems, []);
});

/** Function bodies by brace matching from a line that opens a function or method. */
function longFunctions(path: string, text: string, limit: number): string[] {
  const lines = text.split('\n');
  const opener = /^\s*(export\s+)?(async\s+)?(function\*?\s+\w+|(public |private |protected |static |override |readonly )*\*?\w+\s*\([^)]*\)\s*(:\s*[^={]+)?\{\s*$)/;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!opener.test(lines[i]!) || /^\s*(if|for|while|switch|catch|return)\b/.test(lines[i]!)) continue;
    let depth = 0;
    for (let j = i; j < lines.length; j++) {
      for (const ch of lines[j]!) {
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
      }
      if (depth === 0) {
        if (j - i + 1 > limit) out.push(`${path}:${i + 1}: function of ${j - i + 1} lines`);
        break;
      }
    }
  }
  return out;
}

test('functions are at most 70 lines', (t) => {
  const problems = sources.flatMap((f) => longFunctions(f.path, f.text, 70));
  t.deepEqual(problems, []);
});
