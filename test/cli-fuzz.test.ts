import test from 'ava';
import fc from 'fast-check';
import { strict as assert } from 'node:assert';
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync,
  symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raftsim, type CliResult } from './helpers/cli.ts';
import { assertAsyncProperty } from './helpers/property.ts';

/**
 * Random malformed histories, random output paths and random flags thrown at `raftsim check`
 * and `raftsim replay`, each a real child process. Whatever comes in, the CLI must answer with
 * a documented exit code, a bad request must get exactly one line on stderr and no stack
 * trace, and no file the user owns may change unless it was named as an output with --force
 * and the command succeeded. 50 processes in all.
 */
const FIX = new URL('./fixtures/checker/', import.meta.url).pathname;
const VALID = [
  readFileSync(FIX + 'kv-ok.json', 'utf8'),
  readFileSync(FIX + 'register.edn', 'utf8'),
  readFileSync(FIX + 'etcd-ok.log', 'utf8'),
];

/** A user's folder: files with content, a sub-folder, a link to a file, a link to nothing. */
function userFolder(): string {
  const d = mkdtempSync(join(tmpdir(), 'raftsim-fuzz-'));
  writeFileSync(join(d, 'notes.txt'), 'my notes\n');
  writeFileSync(join(d, 'page.html'), '<p>mine</p>\n');
  mkdirSync(join(d, 'sub'));
  writeFileSync(join(d, 'sub', 'deep.json'), '{"mine": true}\n');
  symlinkSync(join(d, 'notes.txt'), join(d, 'link.txt'));
  symlinkSync(join(d, 'nowhere'), join(d, 'dangling'));
  return d;
}

type Snapshot = Map<string, string>;

/** Every regular file under `d` (links followed), with its content. */
function snapshot(d: string, prefix = ''): Snapshot {
  const out: Snapshot = new Map();
  for (const name of readdirSync(join(d, prefix))) {
    const rel = join(prefix, name);
    const abs = join(d, rel);
    if (!existsSync(abs)) continue;
    if (statSync(abs).isDirectory()) for (const [k, v] of snapshot(d, rel)) out.set(k, v);
    else out.set(rel, readFileSync(abs, 'latin1'));
  }
  return out;
}

/** A history file's text: a valid one cut, spliced, garbled, or something else entirely. */
const historyText = fc.oneof(
  fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.nat()).map(([v, a, b]) =>
    v.slice(0, a % v.length) + v.slice(a % v.length + (b % 40))),
  fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.string({ maxLength: 8 })).map(([v, a, s]) =>
    v.slice(0, a % v.length) + s + v.slice(a % v.length)),
  fc.json().map((j) => `{"model": "kv", "ops": ${j}}`),
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString('latin1')),
  fc.constantFrom('', '\n', '{}', '[]', '{"model": "nope", "ops": []}', ':invoke',
    '{:type :invoke, :f :read, :process 0}', 'INFO jepsen.util - 3 :invoke :cas [1 4]'),
);

/** Where an output may be asked to go, relative to the user's folder (or absolute). */
const outputPath = fc.constantFrom('new.out', 'notes.txt', 'page.html', 'sub', 'sub/new.out',
  'sub/deep.json', 'missing/x.out', 'notes.txt/x.out', 'link.txt', 'dangling', '-', '/dev/null',
  'history.txt', '', '--json', 'sp ace.out', '.', '..');

const extraFlags = fc.subarray(['--json', '--force', '--bogus', '--seed', '1e3', '0x10', '-',
  '--', '--format', 'json', '--model', 'queue', '--budget-steps', '7', '--html'], { maxLength: 4 });

function outputArg(d: string, p: string): string {
  return p === '' || p === '-' || p.startsWith('/') || p.startsWith('--') ? p : join(d, p);
}

function real(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/**
 * The user's files this request may change: those an output named (through links), when it
 * was given --force and did not fail as a bad request, and never one of its inputs.
 */
function allowedChanges(d: string, before: Snapshot, outs: readonly string[],
  inputs: readonly string[], args: readonly string[], r: CliResult): Set<string> {
  const ok = new Set<string>();
  if (r.code === 2 || !args.includes('--force')) return ok;
  const targets = new Set(outs.map(real).filter((p) => p !== null));
  const kept = new Set(inputs.map(real));
  for (const rel of before.keys()) {
    const p = real(join(d, rel));
    if (p !== null && targets.has(p) && !kept.has(p)) ok.add(rel);
  }
  return ok;
}

function checkAnswer(r: CliResult, codes: readonly number[], args: readonly string[]): void {
  const why = `raftsim ${args.join(' ')}\nexit ${r.code}\nstderr: ${r.stderr}`;
  assert.ok(codes.includes(r.code), why);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error|TypeError|ReferenceError/, why);
  if (r.code === 2) {
    // One line per problem: `check` reports each bad file and checks the others; a stray word
    // is one more file. Anything else is one line in all.
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    if (args[0] !== 'check') assert.equal(lines.length, 1, why);
    assert.ok(lines.length >= 1, why);
    for (const l of lines) assert.match(l, /^raftsim( \w+)?: \S/, why);
  }
}

function checkFiles(d: string, before: Snapshot, allowed: Set<string>, why: string): void {
  const after = snapshot(d);
  for (const [rel, text] of before) {
    if (!allowed.has(rel)) assert.equal(after.get(rel), text, `${rel} changed: ${why}`);
  }
  const names = readdirSync(d);
  assert.ok(!names.some((n) => n.endsWith('.tmp')), `a temporary file was left: ${names}`);
}

test('check: malformed histories, odd outputs, stray flags', async (t) => {
  const d = userFolder();
  await assertAsyncProperty(t, fc.asyncProperty(historyText, fc.option(outputPath), extraFlags,
    async (text, out, extra) => {
      writeFileSync(join(d, 'history.txt'), text, 'latin1');
      const before = snapshot(d);
      const outs = out === null ? [] : [outputArg(d, out)];
      const args = ['check', join(d, 'history.txt'), ...(out === null ? [] : ['--html', outs[0]!]),
        ...extra];
      const r = await raftsim(...args);
      checkAnswer(r, [0, 1, 2, 3], args);
      const input = join(d, 'history.txt');
      checkFiles(d, before, allowedChanges(d, before, outs, [input], args, r), args.join(' '));
      assert.equal(readFileSync(input, 'latin1'), text, 'the input is never written');
    }), { numRuns: 30 });
});

const scenario = fc.constantFrom('InitialElection3A', 'paper/StaleRead', 'NoSuch3Z', '*3A', '');
const seed = fc.constantFrom('1', '2', '1e3', '-1', '', 'abc', '99999999999', '0x10');

test('replay: odd scenarios, seeds and output paths', async (t) => {
  const d = userFolder();
  writeFileSync(join(d, 'history.txt'), 'an input nobody reads\n');
  await assertAsyncProperty(t, fc.asyncProperty(scenario, seed, fc.option(outputPath),
    fc.option(outputPath), fc.boolean(), async (id, s, trace, history, force) => {
      const before = snapshot(d);
      const outs = [trace, history].filter((o) => o !== null).map((o) => outputArg(d, o!));
      const args = ['replay', id, '--seed', s,
        ...(trace === null ? [] : ['--trace', outputArg(d, trace)]),
        ...(history === null ? [] : ['--history', outputArg(d, history)]),
        ...(force ? ['--force'] : [])];
      const r = await raftsim(...args);
      checkAnswer(r, [0, 1, 2], args);
      checkFiles(d, before, allowedChanges(d, before, outs, [], args, r), args.join(' '));
    }), { numRuns: 20 });
});
