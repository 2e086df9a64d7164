import test from 'ava';
import { execFile } from 'node:child_process';
import { appendFileSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeScheduleFile } from '../sim/schedule-file.ts';
import { ROOT, type CliResult } from './helpers/cli.ts';
import { initFolder } from './helpers/starter.ts';

/**
 * Seeds, replay and shrinking on a Raft written outside core/, as a student runs them: the
 * reference Raft (test/fixtures/impl/raft.ts) with the classic bug of truncating the log on
 * every AppendEntries (truncate-on-append.patch, the one docs/teaching.md finds), in a folder
 * made by `raftsim init`. The course suite catches it; a shrunk schedule records the module,
 * replays exactly, and is refused, in one line, for any other source.
 */

function sh(cwd: string, command: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const RAFTSIM = `node ${ROOT}bin/raftsim.js`;
const hash = (s: string): string | undefined => /trace=([0-9a-f]{16})/.exec(s)?.[1];

/** A student's folder with the buggy Raft, and the fixed one beside it. */
const folder = (async () => {
  const dir = await initFolder();
  copyFileSync(join(ROOT, 'test/fixtures/impl/raft.ts'), join(dir, 'raft.ts'));
  copyFileSync(join(ROOT, 'test/fixtures/impl/raft.ts'), join(dir, 'fixed.ts'));
  const p = await sh(dir, `patch -s raft.ts < ${ROOT}test/fixtures/impl/truncate-on-append` +
    '.patch');
  if (p.code !== 0) throw new Error(p.stderr);
  return dir;
})();

/** One shrink, read by the tests below. */
const shrunk = folder.then((dir) => sh(dir, `${RAFTSIM} shrink paper/OutOfOrderAppend ` +
  '--seed 1 --impl ./raft.ts --out late.json'));

test('the course suite catches the bug: UnreliableChurn3C fails at seed 1, the fix passes',
  async (t) => {
    const dir = await folder;
    const bad = await sh(dir, `${RAFTSIM} run UnreliableChurn3C --seed 1 --impl ./raft.ts`);
    t.is(bad.code, 1);
    t.regex(bad.stdout, /safety check 'Durability' failed at [\d.]+ s \(event \d+\): committed /);
    const fixed = await sh(dir,
      `${RAFTSIM} run UnreliableChurn3C --seeds 1..3 --impl ./fixed.ts`);
    t.is(fixed.code, 0, fixed.stdout);
  });

test('shrink on the outside Raft writes a schedule that records the module', async (t) => {
  const dir = await folder;
  const r = await shrunk;
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^1-minimal: /m);
  t.regex(r.stdout, /the late AE1 cut off e2, which s1 had acked/);
  t.regex(r.stdout, /replay: npx raftsim replay paper\/OutOfOrderAppend --schedule late\.json/);
  const file = decodeScheduleFile(readFileSync(join(dir, 'late.json'), 'utf8'), 'late.json');
  t.is(file.impl?.path, './raft.ts');
  t.regex(file.impl?.hash ?? '', /^[0-9a-f]{16}$/);
  t.is(file.bug, null);
  t.is(file.failure?.check, 'Durability');
});

test('the schedule replays to the same trace twice, on the module it names', async (t) => {
  const dir = await folder;
  await shrunk;
  const cmd = `${RAFTSIM} replay paper/OutOfOrderAppend --schedule late.json`;
  const [a, b] = await Promise.all([sh(dir, cmd), sh(dir, cmd)]);
  t.is(a.code, 1);
  t.regex(a.stdout, /^IMPL=\.\/raft\.ts \(source [0-9a-f]{16}\): running on your own module$/m);
  t.regex(a.stdout, /FAIL Durability: committed entry 2 \(term 4\)/);
  t.truthy(hash(a.stdout));
  t.is(hash(a.stdout), hash(b.stdout));
});

test('the schedule on another Raft, or on an edited one, is refused in one line', async (t) => {
  const dir = await folder;
  await shrunk;
  const other = await sh(dir,
    `${RAFTSIM} replay paper/OutOfOrderAppend --schedule late.json --impl ./fixed.ts`);
  t.is(other.code, 2);
  t.is(other.stdout, '');
  t.is(other.stderr.split('\n').length, 2, other.stderr);
  t.regex(other.stderr, /^raftsim replay: late\.json was made on \.\/raft\.ts \(source \w+\), /);
  t.regex(other.stderr, /not on the Raft in \.\/fixed\.ts \(source \w+\): record it again /);
  const stale = await sh(dir, `${RAFTSIM} replay paper/OutOfOrderAppend --schedule late.json ` +
    '--impl ./fixed.ts --allow-stale');
  t.is(stale.code, 0, 'the fixed Raft passes the schedule that caught the bug');
  t.regex(stale.stderr + stale.stdout, /warning: late\.json was made on \.\/raft\.ts/);
  const real = await sh(dir, `${RAFTSIM} replay paper/OutOfOrderAppend --schedule late.json ` +
    '--no-bug');
  t.is(real.code, 0);
  t.regex(real.stdout, /note: the schedule was made on \.\/raft\.ts; running it on the real /);
});

test('editing the module after the shrink makes its schedule stale', async (t) => {
  const dir = await initFolder();
  copyFileSync(join(ROOT, 'cli/starter/raft.ts'), join(dir, 'raft.ts'));
  const s = await sh(dir, `${RAFTSIM} shrink InitialElection3A --seed 1 --impl ./raft.ts ` +
    '--out s.json');
  t.is(s.code, 0, s.stderr);
  appendFileSync(join(dir, 'raft.ts'), '// an edit\n');
  const r = await sh(dir, `${RAFTSIM} replay InitialElection3A --schedule s.json`);
  t.is(r.code, 2);
  t.is(r.stderr.split('\n').length, 2);
  t.regex(r.stderr, /s\.json was made on \.\/raft\.ts as it was then \(source \w+\); it has /);
  t.regex(r.stderr, /changed since \(source \w+\): record it again with raftsim shrink, or /);
});
