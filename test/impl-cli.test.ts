import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raftsim, type CliResult } from './helpers/cli.ts';

/**
 * `--impl FILE`: a Raft written outside core/ (test/fixtures/impl/raft.ts, against the public
 * API only) runs the course's 3A-3D suite through the CLI exactly as the built-in one does; a
 * module that breaks the contract is one line and exit 2 at load time, or a failed run naming
 * its file and line during one; a known-bad variant passed as a file is the same code as --bug.
 */

const FIXTURE = 'test/fixtures/impl/raft.ts';
const hash = (s: string): string | undefined => /trace=([0-9a-f]{16})/.exec(s)?.[1];
const jsonRuns = (r: CliResult): Array<Record<string, unknown>> =>
  r.stdout.trim().split('\n').map((l) => JSON.parse(l));

test('the 3A-3D suite passes on a Raft written outside core/, at seeds 1 and 2', async (t) => {
  const r = await raftsim('run', '*3A', '*3B', '*3C', '*3D', '--seeds', '1..2', '--json',
    '--impl', FIXTURE);
  t.is(r.code, 0, r.stderr);
  const runs = jsonRuns(r);
  t.is(runs.length, 2 * 28);
  for (const run of runs) {
    t.is(run.ok, true, `${run.scenario} seed ${run.seed}`);
    t.is(run.impl, FIXTURE);
    t.is(run.bug, null);
  }
  t.regex(r.stderr, /^running on the Raft in test\/fixtures\/impl\/raft\.ts$/m);
});

test('a JavaScript module with a default export loads too, and runs the same code',
  async (t) => {
    const [ts, js] = await Promise.all([
      raftsim('run', '*3A', '--impl', FIXTURE, '--json'),
      raftsim('run', '*3A', '--impl', 'test/fixtures/impl/default-export.mjs', '--json'),
    ]);
    t.is(js.code, 0, js.stderr);
    t.deepEqual(jsonRuns(js).map((x) => x.traceHash), jsonRuns(ts).map((x) => x.traceHash));
  });

test('a run on --impl prints replay and shrink commands that keep the module', async (t) => {
  const r = await raftsim('run', 'InitialElection3A', '--impl', 'cli/starter/raft.ts');
  t.is(r.code, 1);
  t.regex(r.stdout, /check 'checkOneLeader' failed at 5\.070 s .*: expected one leader, got none/);
  t.regex(r.stdout,
    /replay: npx raftsim replay InitialElection3A --seed 1 --impl cli\/starter\/raft\.ts\n/);
  t.regex(r.stdout,
    /shrink: npx raftsim shrink InitialElection3A --seed 1 --impl cli\/starter\/raft\.ts\n/);
  const replay = await raftsim('replay', 'InitialElection3A', '--seed', '1', '--impl',
    'cli/starter/raft.ts');
  t.is(replay.code, 1);
  t.regex(replay.stdout, /^IMPL=cli\/starter\/raft\.ts \(source [0-9a-f]{16}\): running on /m);
  t.is(hash(replay.stdout), hash(r.stdout));
});

/** A module that breaks the contract at load time: one line naming it, exit 2. */
const LOAD_ERRORS: ReadonlyArray<[string, RegExp]> = [
  ['no-export.ts', /no-export\.ts: no createRaft export \(write `export .*; it exports makeRaft/],
  ['wrong-shape.ts', /wrong-shape\.ts: createRaft is a number \(42\), not a RaftFactory$/],
  ['missing-method.ts',
    /missing-method\.ts: the node createRaft\(\) builds has no termAt, entries, persistedSize /],
  ['throws-on-build.ts',
    /throws-on-build\.ts: createRaft\(\) \(building a fresh node\) threw Error: cannot build /],
  ['bad-ready.ts', /bad-ready\.ts: the first ready\(\) of a fresh node has messages undefined, /],
];

for (const [file, message] of LOAD_ERRORS) {
  test(`a module that breaks the contract: ${file} is one line, exit 2`, async (t) => {
    for (const command of [['run', 'InitialElection3A'], ['replay', 'ReElection3A', '--seed',
      '3'], ['shrink', 'ReElection3A', '--seed', '3']]) {
      const r = await raftsim(...command, '--impl', `test/fixtures/impl/bad/${file}`);
      t.is(r.code, 2, r.stderr);
      t.is(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      t.is(lines.length, 1, r.stderr);
      t.regex(lines[0]!, new RegExp(`^raftsim ${command[0]}: test/fixtures/impl/bad/` +
        message.source));
    }
  });
}

test('a missing file, a folder, a module that does not compile or finds no raftsim: one line',
  async (t) => {
    const cases: Array<[string, RegExp]> = [
      ['nope.ts', /^raftsim run: --impl nope\.ts: no such file$/],
      ['test/fixtures', /^raftsim run: --impl test\/fixtures: not a file$/],
      ['README.md', /^raftsim run: --impl README\.md: cannot load it: /],
    ];
    const outside = join(mkdtempSync(join(tmpdir(), 'raftsim-impl-')), 'raft.ts');
    writeFileSync(outside, "import { NONE } from 'raftsim';\nexport const createRaft = NONE;\n");
    cases.push([outside, /cannot load it: Error: Cannot find (module|package) 'raftsim' \(its /]);
    for (const [path, message] of cases) {
      const r = await raftsim('run', 'InitialElection3A', '--impl', path);
      t.is(r.code, 2, r.stderr);
      t.regex(r.stderr.trimEnd(), message);
      t.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    }
  });

test('--impl with --bug, and --kv-impl on Raft-only scenarios, are usage errors', async (t) => {
  const both = await raftsim('run', 'InitialElection3A', '--impl', FIXTURE, '--bug',
    'quorum-miscount');
  t.is(both.code, 2);
  t.regex(both.stderr, /--bug.*--impl|--impl.*--bug/);
  const kv = await raftsim('run', '*3A', '--kv-impl', FIXTURE);
  t.is(kv.code, 2);
  t.regex(kv.stderr, /--kv-impl test\/fixtures\/impl\/raft\.ts replaces the KV service, and/);
});

test('breaking the contract during a run fails it, naming the module, server and line',
  async (t) => {
    const noReply = await raftsim('run', 'InitialElection3A', '--impl',
      'test/fixtures/impl/bad/no-reply.ts');
    t.is(noReply.code, 1);
    t.regex(noReply.stdout, /assertion failed at [\d.]+ s \(event \d+\): test\/fixtures\/impl\//);
    t.regex(noReply.stdout, /no-reply\.ts: server \d: RequestVote from \d \(term 1\) got no reply/);
    const throws = await raftsim('run', 'InitialElection3A', '--impl',
      'test/fixtures/impl/bad/throws-in-step.ts');
    t.is(throws.code, 1);
    t.regex(throws.stdout, /throws-in-step\.ts: server \d: step\(AppendEntries from \d\) threw /);
    t.regex(throws.stdout, /threw TypeError: .* \(throws-in-step\.ts:14\)\n/);
    t.notRegex(throws.stdout + throws.stderr, /\n\s+at /);
  });

test("a known-bad variant passed as a module is the same code as --bug: Figure 8's failure",
  async (t) => {
    const [file, bug] = await Promise.all([
      raftsim('run', 'paper/Figure8', '--impl', 'test/fixtures/impl/commit-prior-term.ts'),
      raftsim('run', 'paper/Figure8', '--bug', 'commit-prior-term-by-count'),
    ]);
    t.is(file.code, 1);
    t.regex(file.stdout, /safety check 'Leader Completeness'/);
    t.truthy(hash(file.stdout));
    t.is(hash(file.stdout), hash(bug.stdout));
    t.regex(file.stdout,
      /replay: npx raftsim replay paper\/Figure8 --seed 1 --impl test\/fixtures\/impl\/commit/);
  });

test('--kv-impl: the KV service as a module passes 4B, alone and over the outside Raft',
  async (t) => {
    const KV = 'test/fixtures/impl/kv-service.ts';
    const [real, kv, both] = await Promise.all([
      raftsim('run', '*4B', '--json'),
      raftsim('run', '*4B', '--json', '--kv-impl', KV),
      raftsim('run', '*4B', '--json', '--kv-impl', KV, '--impl', FIXTURE),
    ]);
    t.is(kv.code, 0, kv.stderr);
    t.is(both.code, 0, both.stderr);
    t.deepEqual(jsonRuns(kv).map((x) => x.traceHash), jsonRuns(real).map((x) => x.traceHash));
    t.is(jsonRuns(both).length, jsonRuns(real).length);
    for (const run of jsonRuns(both)) t.like(run, { ok: true, impl: FIXTURE, kvImpl: KV });
    t.regex(both.stderr, /running on the Raft in .*raft\.ts and the KV service in .*kv-service/);
  });

test('a known-bad KV variant as a --kv-impl module is the same code as --bug', async (t) => {
  const [file, bug] = await Promise.all([
    raftsim('run', 'paper/DuplicateAppend', '--seed', '2', '--kv-impl',
      'test/fixtures/impl/kv-no-dedup.ts'),
    raftsim('run', 'paper/DuplicateAppend', '--seed', '2', '--bug', 'no-dedup'),
  ]);
  t.is(file.code, 1);
  t.truthy(hash(file.stdout));
  t.is(hash(file.stdout), hash(bug.stdout));
});

test('run --workers 2 loads the module in each worker: the same runs as one worker',
  async (t) => {
    const [one, two] = await Promise.all([
      raftsim('run', '*3A', '--seeds', '1..2', '--json', '--impl', FIXTURE),
      raftsim('run', '*3A', '--seeds', '1..2', '--json', '--impl', FIXTURE, '--workers', '2'),
    ]);
    t.is(two.code, 0, two.stderr);
    const key = (r: CliResult) => jsonRuns(r).map((x) => [x.scenario, x.seed, x.traceHash, x.impl]);
    t.deepEqual(key(two), key(one));
  });
