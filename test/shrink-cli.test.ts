import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeScheduleFile } from '../sim/schedule-file.ts';
import { raftsim } from './helpers/cli.ts';

/**
 * `raftsim shrink` and `raftsim replay --schedule` as a user runs them (child processes): the
 * shrunk file replays to the same run twice, and every bad schedule file is one line, exit 2.
 */

const dir = mkdtempSync(join(tmpdir(), 'raftsim-shrink-'));
const file = join(dir, 'rejoin.schedule.json');
const BUG = ['--bug', 'uptodate-check-wrong'];

/** One shrink for the whole file (its output is read by several tests). */
const shrunk = raftsim('shrink', 'SnapshotInit3D', '--seed', '147',
  '--bug', 'install-stale-snapshot', '--out', file);

test('shrink writes a schedule file, reports before/after, minimality, replay', async (t) => {
  const r = await shrunk;
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /non-benign decisions +\d+ +\d+/);
  t.regex(r.stdout, /^1-minimal: /m);
  t.regex(r.stdout, /FAIL applier: server \d+ got a snapshot/);
  t.true(r.stdout.includes(`replay: npx raftsim replay SnapshotInit3D --schedule ${file}`));
  const f = decodeScheduleFile(readFileSync(file, 'utf8'), file);
  t.is(f.scenario, 'SnapshotInit3D');
  t.is(f.bug, 'install-stale-snapshot');
  t.is(f.failure?.signature, 'check: applier');
  t.true(f.decisions.length > 0 && f.decisions.length < f.shrunk!.from);
});

test('a shrunk schedule replays to the same trace, twice, in two processes', async (t) => {
  await shrunk;
  const [a, b] = await Promise.all([
    raftsim('replay', 'SnapshotInit3D', '--schedule', file),
    raftsim('replay', 'SnapshotInit3D', '--schedule', file),
  ]);
  t.is(a.code, 1);
  const hash = (out: string): string | undefined => /trace=([0-9a-f]{16})/.exec(out)?.[1];
  t.truthy(hash(a.stdout));
  t.is(hash(a.stdout), hash(b.stdout));
  t.regex(a.stdout, /FAIL SnapshotInit3D/);
  t.regex(a.stdout, /check 'applier' failed/);
});

test('the real implementation passes the shrunk schedule (--no-bug)', async (t) => {
  await shrunk;
  const r = await raftsim('replay', 'SnapshotInit3D', '--schedule', file, '--no-bug');
  t.is(r.code, 0, r.stdout.slice(-400));
  t.regex(r.stdout,
    /note: the schedule was made on 'install-stale-snapshot'; running it on the real/);
  t.regex(r.stdout, /^PASS SnapshotInit3D/m);
});

/** Write a variant of the shrunk file and replay it: expect exit 2 and one line naming `why`. */
async function refused(t: import('ava').ExecutionContext, edit: (text: string) => string,
  why: RegExp, id = 'SnapshotInit3D'): Promise<void> {
  await shrunk;
  const bad = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(bad, edit(readFileSync(file, 'utf8')));
  const r = await raftsim('replay', id, '--schedule', bad);
  t.is(r.code, 2, r.stdout);
  t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  t.regex(r.stderr, why);
  t.notRegex(r.stderr, /\n\s+at /);
}

test('a stale file (other code) is refused', (t) => refused(t,
  (s) => s.replace(/"fingerprint": "[0-9a-f]+"/, '"fingerprint": "0000000000000000"'),
  /made by other code .*--allow-stale/));
test('a file for another scenario is refused', (t) => refused(t, (s) => s,
  /is a schedule for SnapshotInit3D, not Rejoin3B/, 'Rejoin3B'));
test('truncated JSON is refused', (t) =>
  refused(t, (s) => s.slice(0, s.length / 2), /not valid JSON/));
test('an unknown field is refused', (t) => refused(t, (s) => s.replace('{', '{"extra": 1,'),
  /unknown field "extra"/));
test('another format version is refused', (t) => refused(t,
  (s) => s.replace('"version": 1', '"version": 2'), /version 2 is not supported/));
test('a foreign JSON file is refused', (t) => refused(t, () => '{"model": "kv", "ops": []}\n',
  /not a raftsim schedule file/));
test('a bad decision is refused', (t) => refused(t,
  (s) => s.replace(/"value":\d+/, '"value":0'), /decisions\[0\]\.value: not an integer >= 1/));

test('--allow-stale replays a stale file with a warning', async (t) => {
  await shrunk;
  const stale = join(dir, 'stale.json');
  writeFileSync(stale, readFileSync(file, 'utf8')
    .replace(/"fingerprint": "[0-9a-f]+"/, '"fingerprint": "0000000000000000"'));
  const r = await raftsim('replay', 'SnapshotInit3D', '--schedule', stale, '--allow-stale');
  t.is(r.code, 1);
  t.regex(r.stdout, /^warning: .* made by other code/m);
});

test('shrink refuses an existing output before any work, and a passing run', async (t) => {
  await shrunk;
  const r = await raftsim('shrink', 'SnapshotInit3D', '--seed', '147', ...BUG, '--out', file);
  t.is(r.code, 2);
  t.regex(r.stderr, /already exists/);
  const pass = await raftsim('shrink', 'InitialElection3A', '--seed', '1', '--out',
    join(dir, 'none.json'));
  t.is(pass.code, 1);
  t.regex(pass.stderr, /passes at seed 1: nothing to shrink/);
});

test('a failure line prints the replay and the shrink commands; --json carries both', async (t) => {
  const r = await raftsim('run', 'Rejoin3B', '--seed', '1', ...BUG);
  t.is(r.code, 1);
  t.regex(r.stdout, /replay: npx raftsim replay Rejoin3B --seed 1 --bug uptodate-check-wrong/);
  t.regex(r.stdout, /shrink: npx raftsim shrink Rejoin3B --seed 1 --bug uptodate-check-wrong/);
  const j = await raftsim('run', 'Rejoin3B', '--seed', '1', ...BUG, '--json');
  const failure = JSON.parse(j.stdout.trim()).failure;
  t.is(failure.replay, 'npx raftsim replay Rejoin3B --seed 1 --bug uptodate-check-wrong');
  t.is(failure.shrink, 'npx raftsim shrink Rejoin3B --seed 1 --bug uptodate-check-wrong');
});
