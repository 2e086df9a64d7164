import test from 'ava';
import {
  chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync,
  statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputError, UsageError } from '../cli/errors.ts';
import { quietIo } from '../cli/execute.ts';
import { main } from '../cli/main.ts';
import { OutputFile, planOutputs } from '../cli/output.ts';
import { raftsim } from './helpers/cli.ts';

/**
 * The one rule for files raftsim writes (cli/output.ts): validated before any work, an existing
 * file only with --force, never a folder, a missing folder, a device or an input; written whole
 * through a temporary file; `-` is stdout.
 */
const FIX = new URL('./fixtures/checker/', import.meta.url).pathname;

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'raftsim-out-'));
}

function plan(path: string, force = false, inputs: string[] = []): OutputFile {
  const o = new OutputFile('--out', path);
  planOutputs([o], { force, inputs });
  return o;
}

function refused(t: import('ava').ExecutionContext, f: () => unknown, re: RegExp): void {
  const e = t.throws(f, { instanceOf: UsageError });
  t.regex(e!.message, re);
}

test('a new file is written whole, with no temporary file left', (t) => {
  const d = dir();
  const o = plan(join(d, 'a.txt'));
  o.write('hello\n', () => t.fail());
  t.is(readFileSync(join(d, 'a.txt'), 'utf8'), 'hello\n');
  t.deepEqual(readdirSync(d), ['a.txt']);
});

test('an existing file: refused without --force; replaced whole with it, keeping its mode', (t) => {
  const d = dir();
  const f = join(d, 'a.txt');
  writeFileSync(f, 'mine\n');
  chmodSync(f, 0o640);
  refused(t, () => plan(f), /--out .*a\.txt: already exists; pass --force to replace it/);
  t.is(readFileSync(f, 'utf8'), 'mine\n');
  plan(f, true).write('new\n', () => t.fail());
  t.is(readFileSync(f, 'utf8'), 'new\n');
  t.is(statSync(f).mode & 0o777, 0o640);
  t.deepEqual(readdirSync(d), ['a.txt']);
});

test('folders, missing folders, devices and links to nothing: refused even with --force', (t) => {
  const d = dir();
  refused(t, () => plan(d, true), /is a folder/);
  refused(t, () => plan(join(d, 'no', 'x.txt'), true), /no such folder .*no$/);
  writeFileSync(join(d, 'file'), '');
  refused(t, () => plan(join(d, 'file', 'x.txt'), true), /no such folder|is not a folder/);
  refused(t, () => plan('/dev/null', true), /not a regular file \(use - for stdout\)/);
  symlinkSync(join(d, 'nowhere'), join(d, 'dangling'));
  refused(t, () => plan(join(d, 'dangling'), true), /a link to nothing/);
});

test('an input is never an output, under any name (a link, a hard link)', (t) => {
  const d = dir();
  const input = join(d, 'h.json');
  writeFileSync(input, '{}');
  symlinkSync(input, join(d, 'sym.json'));
  linkSync(input, join(d, 'hard.json'));
  for (const name of ['h.json', 'sym.json', 'hard.json', './h.json']) {
    refused(t, () => plan(join(d, name), true, [input]), /is also an input/);
  }
  t.is(readFileSync(input, 'utf8'), '{}');
});

test('a link to a file, with --force: the file it points to is replaced, the link kept', (t) => {
  const d = dir();
  writeFileSync(join(d, 'target.txt'), 'old');
  symlinkSync(join(d, 'target.txt'), join(d, 'link.txt'));
  plan(join(d, 'link.txt'), true).write('new', () => t.fail());
  t.is(readFileSync(join(d, 'target.txt'), 'utf8'), 'new');
  t.true(readdirSync(d).includes('link.txt'));
});

test('two outputs: not the same file, and at most one on stdout', (t) => {
  const d = dir();
  const a = new OutputFile('--trace', join(d, 'x'));
  const b = new OutputFile('--history', join(d, '.', 'x'));
  refused(t, () => planOutputs([a, b], { force: false, inputs: [] }), /name the same file/);
  const s1 = new OutputFile('--trace', '-');
  const s2 = new OutputFile('--history', '-');
  refused(t, () => planOutputs([s1, s2], { force: false, inputs: [] }), /cannot both be -/);
  let printed = '';
  const one = plan('-');
  one.write('to stdout', (text) => { printed += text; });
  t.is(printed, 'to stdout');
});

test('a file that appears after the check is not replaced (no --force)', (t) => {
  const d = dir();
  const f = join(d, 'late.txt');
  const o = plan(f);
  writeFileSync(f, 'someone else\n');
  t.throws(() => o.write('ours', () => {}), { instanceOf: OutputError, message: /appeared/ });
  t.is(readFileSync(f, 'utf8'), 'someone else\n');
  t.deepEqual(readdirSync(d), ['late.txt']);
});

test('replay --trace A --history B with B existing: refused before the run, A never created',
  async (t) => {
    const d = dir();
    writeFileSync(join(d, 'b.json'), 'keep\n');
    const r = await raftsim('replay', 'Basic4B', '--seed', '1', '--trace', join(d, 'a.jsonl'),
      '--history', join(d, 'b.json'));
    t.is(r.code, 2);
    t.is(r.stdout, '');
    t.regex(r.stderr, /^raftsim replay: --history .*b\.json: already exists; pass --force/);
    t.deepEqual(readdirSync(d), ['b.json']);
    t.is(readFileSync(join(d, 'b.json'), 'utf8'), 'keep\n');
  });

test('replay --history on a scenario without a KV service is refused up front', async (t) => {
  const d = dir();
  const r = await raftsim('replay', 'InitialElection3A', '--seed', '1', '--history',
    join(d, 'h.json'));
  t.is(r.code, 2);
  t.is(r.stdout, '');
  t.regex(r.stderr, /InitialElection3A records no client history/);
  t.deepEqual(readdirSync(d), []);
});

test('check --html: a folder, a missing folder, an existing file, --force', async (t) => {
  const d = dir();
  const input = FIX + 'kv-stale.json';
  for (const [out, re] of [[d, /is a folder/], [join(d, 'no', 'v.html'), /no such folder/]] as
    const) {
    const r = await raftsim('check', input, '--html', out);
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, re);
    t.is(r.stderr.trimEnd().split('\n').length, 1);
  }
  const page = join(d, 'v.html');
  writeFileSync(page, 'my page');
  const again = await raftsim('check', input, '--html', page);
  t.is(again.code, 2);
  t.is(again.stdout, '', 'nothing was checked');
  t.is(readFileSync(page, 'utf8'), 'my page');
  const forced = await raftsim('check', input, '--html', page, '--force');
  t.is(forced.code, 1, forced.stderr);
  t.regex(readFileSync(page, 'utf8'), /^<!DOCTYPE html>/i);
  t.deepEqual(readdirSync(d), ['v.html']);
});

test('replay: - writes the trace to stdout, the other lines go to stderr', async (t) => {
  const r = await raftsim('replay', 'InitialElection3A', '--seed', '3', '--trace', '-');
  t.is(r.code, 0);
  const events = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  t.deepEqual(Object.keys(events[0]), ['event', 'time', 'who', 'what']);
  t.regex(r.stderr, /^SEED=3 /);
  t.regex(r.stderr, new RegExp(`wrote ${events.length} trace lines to stdout\\nPASS `));
  t.false(existsSync('-'));
});

test('a file in a folder raftsim may not write in: one line, exit 2, before the run', async (t) => {
  if (process.getuid?.() === 0) {
    // root may write anywhere; a read-only mount is what refuses it.
    const r = await raftsim('replay', 'Basic4B', '--seed', '1', '--history', '/proc/h.json');
    t.is(r.code, 2);
    t.regex(r.stderr, /cannot write in \/proc \(ENOENT\)/);
    t.is(r.stdout, '', 'refused before the run');
    return;
  }
  const d = dir();
  mkdirSync(join(d, 'ro'));
  chmodSync(join(d, 'ro'), 0o555);
  const r = await raftsim('replay', 'Basic4B', '--seed', '1', '--history', join(d, 'ro', 'h.json'));
  t.is(r.code, 2);
  t.regex(r.stderr, /cannot write in/);
  t.is(r.stdout, '', 'refused before the run');
});

/**
 * A write that fails after the run (here: the folder is removed while the run prints its first
 * trace line) is one line on stderr; the run's PASS or FAIL line is still printed, and a failed
 * run still exits 1.
 */
async function replayLosingFolder(args: string[]) {
  const d = dir();
  const sub = join(d, 'gone');
  mkdirSync(sub);
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    ...quietIo(),
    out: (l: string) => {
      if (out.length === 0) rmSync(sub, { recursive: true });
      out.push(l);
    },
    err: (l: string) => { err.push(l); },
  };
  const code = await main(['replay', ...args, '--history', join(sub, 'h.json')], io);
  return { code, out, err };
}

test('an output that cannot be written after the run: the run line stays, exit 2 or 1',
  async (t) => {
    const ok = await replayLosingFolder(['paper/StaleRead', '--seed', '1']);
    t.is(ok.code, 2);
    t.regex(ok.err.join('\n'), /^raftsim replay: --history .*h\.json: cannot write: ENOENT$/);
    t.regex(ok.out.at(-1)!, /^PASS paper\/StaleRead seed=1/);
    const failed = await replayLosingFolder(['paper/StaleRead', '--seed', '1', '--bug',
      'read-from-local-state']);
    t.is(failed.code, 1, 'the run failed; that is what the exit code says');
    t.is(failed.err.length, 1);
    t.true(failed.out.some((l) => /^FAIL paper\/StaleRead seed=1/.test(l)));
  });
