import test from 'ava';
import { knownBugs } from '../scenarios/bugs/index.ts';
import { raftsim } from './helpers/cli.ts';

test('list --bugs names every known-bad variant, its layer, catalogue entry and what it breaks',
  async (t) => {
    const r = await raftsim('list', '--bugs');
    t.is(r.code, 0);
    t.deepEqual(r.stdout.trimEnd().split('\n'),
      knownBugs.map((b) => `${b.id}\t${b.layer}\t#${b.catalogue}\t${b.summary}`));
  });

test("run --bug: a known-bad Raft fails paper/Figure8; the replay command keeps the bug",
  async (t) => {
  const r = await raftsim('run', 'paper/Figure8', '--seed', '1', '--bug',
    'commit-prior-term-by-count');
  t.is(r.code, 1);
  t.regex(r.stdout, /FAIL paper\/Figure8 .*\n.*safety check 'Leader Completeness'/);
  t.regex(r.stdout,
    /replay: npx raftsim replay paper\/Figure8 --seed 1 --bug commit-prior-term-by-count/);
  const replay = await raftsim('replay', 'paper/Figure8', '--seed', '1', '--bug',
    'commit-prior-term-by-count');
  t.is(replay.code, 1);
  t.regex(replay.stdout, /BUG=commit-prior-term-by-count/);
  const hash = (s: string) => /trace=([0-9a-f]{16})/.exec(s)?.[1];
  t.is(hash(replay.stdout), hash(r.stdout));
});

test('run --bug with a KV variant, and the correct implementation on the same run', async (t) => {
  const bad = await raftsim('run', 'paper/DuplicateAppend', '--seed', '2', '--bug', 'no-dedup');
  t.is(bad.code, 1);
  const good = await raftsim('run', 'paper/DuplicateAppend', '--seed', '2');
  t.is(good.code, 0);
});

test('an unknown --bug is a one-line usage error', async (t) => {
  const r = await raftsim('run', 'paper/Figure8', '--bug', 'nope');
  t.is(r.code, 2);
  t.is(r.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn')).length, 1);
  t.regex(r.stderr, /unknown --bug 'nope'; known: vote-not-persisted/);
});
