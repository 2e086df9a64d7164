import test from 'ava';
import { rsmSuite } from '../scenarios/rsm/index.ts';
import { DEC, INC, NULL, type SubmitResult } from '../scenarios/rsm/server.ts';
import { NSRV, RsmTester } from '../scenarios/rsm/tester.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario, type RunResult } from '../sim/runner.ts';
import { join, sleep, type Proc, type Task } from '../sim/tasks.ts';

/**
 * The course's rsm tests (kvraft1/rsm) as scenarios, and the rsm contract they rely on (course
 * catalog §5), asserted directly on a 3-server simulated cluster.
 */

test('the suite: the course order, ids, titles and sources', (t) => {
  t.deepEqual(rsmSuite.map((s) => s.id), [
    'Basic4A', 'Concurrent4A', 'LeaderFailure4A', 'LeaderPartition4A', 'RestartReplay4A',
    'Shutdown4A', 'RestartSubmit4A', 'Snapshot4C',
  ]);
  t.is(rsmSuite[0]!.title, 'Test RSM basic');
  t.is(rsmSuite[7]!.title, 'Test creating and restoring snapshot');
  for (const s of rsmSuite) t.is(s.source, `6.5840 2025 kvraft1/rsm Test${s.id}`);
});

for (const s of rsmSuite) {
  test(`${s.id} passes on seeds 1..5`, (t) => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = runScenario(s, seed);
      t.true(r.ok, `seed ${seed}: ${JSON.stringify(r.failure)}`);
    }
  });
}

/** Run `body` against a fresh RsmTester; the run must pass. */
function simulate(body: (t: RsmTester) => Proc, maxRaftState = -1, seed = 1): RunResult {
  const scenario: Scenario = {
    id: 'rsm-contract', title: 'rsm contract', source: 'course catalog §5',
    run: function* (world) {
      yield* body(new RsmTester(world, maxRaftState));
    },
  };
  return runScenario(scenario, seed);
}

function outcome(f: Task<SubmitResult>): SubmitResult | 'pending' {
  return f.done ? f.result! : 'pending';
}

test('contract: a submit on a non-leader completes ErrWrongLeader at once', (t) => {
  const seen: (SubmitResult | 'pending')[] = [];
  const r = simulate(function* (rt) {
    yield* rt.oneInc();
    const { leader } = rt.findLeader();
    for (const i of [(leader + 1) % NSRV, (leader + 2) % NSRV]) {
      seen.push(outcome(rt.srvs[i]!.submit(INC)));
    }
    yield* rt.checkCounter(1, NSRV);
  });
  t.true(r.ok, JSON.stringify(r.failure));
  t.deepEqual(seen, [{ err: 'ErrWrongLeader' }, { err: 'ErrWrongLeader' }]);
});

test('contract: on an isolated ex-leader a submit waits, and completes soon after heal', (t) => {
  const seen: Record<string, unknown> = {};
  const r = simulate(function* (rt) {
    yield* rt.oneInc();
    const l = rt.disconnectLeader();
    const f = rt.srvs[l]!.submit(NULL);
    // The majority elects a new leader and moves on; the ex-leader cannot know it.
    yield* rt.oneInc();
    yield* sleep(3000);
    seen['isolated'] = outcome(f);
    rt.connect(l);
    seen['healedWithin1s'] = yield* rt.within(f, 1000);
    seen['healed'] = outcome(f);
    yield* rt.checkCounter(2, NSRV);
  });
  t.true(r.ok, JSON.stringify(r.failure));
  t.deepEqual(seen, { isolated: 'pending', healedWithin1s: true,
    healed: { err: 'ErrWrongLeader' } });
});

test('contract: shutdown releases every waiting submit, and later submits fail at once', (t) => {
  const seen: Record<string, unknown> = {};
  const r = simulate(function* (rt) {
    yield* rt.oneInc();
    const l = rt.disconnectLeader();
    const srv = rt.srvs[l]!;
    const fs = Array.from({ length: 5 }, () => srv.submit(NULL));
    yield* sleep(100);
    seen['before'] = { pending: fs.filter((f) => !f.done).length, waiting: srv.pendingCount() };
    rt.cluster.shutdown(l);
    seen['after'] = { outcomes: fs.map(outcome), waiting: srv.pendingCount() };
    seen['late'] = outcome(srv.submit(NULL));
  });
  t.true(r.ok, JSON.stringify(r.failure));
  t.deepEqual(seen, {
    before: { pending: 5, waiting: 5 },
    after: { outcomes: Array(5).fill({ err: 'ErrWrongLeader' }), waiting: 0 },
    late: { err: 'ErrWrongLeader' },
  });
});

test('contract: with maxRaftState 1000 the persisted raft state stays <= 2000 bytes', (t) => {
  let largest = 0;
  let snapshotIndexes: number[] = [];
  const r = simulate(function* (rt) {
    for (let i = 0; i < 200; i++) {
      yield* rt.oneInc();
      largest = Math.max(largest, rt.logSize());
    }
    yield* rt.checkCounter(200, NSRV);
    snapshotIndexes = rt.cluster.hosts.map((h) => h.node!.status().snapshotIndex);
  }, 1000);
  t.true(r.ok, JSON.stringify(r.failure));
  t.true(largest > 0 && largest <= 2000, `largest raft state ${largest} bytes`);
  t.true(snapshotIndexes.every((i) => i > 100), `snapshot indexes ${snapshotIndexes}`);
});

/** 30 Incs, restart all; the counters at restart, and after one more Inc. */
function restartCounters(maxRaftState: number): { atRestart: number[]; after: number[] } {
  const seen = { atRestart: [] as number[], after: [] as number[] };
  const r = simulate(function* (rt) {
    for (let i = 0; i < 30; i++) yield* rt.oneInc();
    yield* rt.checkCounter(30, NSRV);
    rt.shutdown();
    rt.startServers();
    seen.atRestart = rt.srvs.map((s) => s.counter);
    const rep = yield* rt.oneInc();
    if (rep.n !== 31) throw new Error(`oneInc after restart returned ${rep.n}`);
    yield* rt.checkCounter(31, NSRV);
    seen.after = rt.srvs.map((s) => s.counter);
  }, maxRaftState);
  if (!r.ok) throw new Error(JSON.stringify(r.failure));
  return seen;
}

test('contract: a restart replays the log, so the counter is right', (t) => {
  t.deepEqual(restartCounters(-1), { atRestart: [0, 0, 0], after: [31, 31, 31] });
});

test('contract: a restart restores the snapshot, then replays the rest of the log', (t) => {
  const { atRestart, after } = restartCounters(100);
  // Each server restored its own snapshot at start (some Incs in, not all).
  t.true(atRestart.every((c) => c > 0 && c <= 30), `counters at restart ${atRestart}`);
  t.deepEqual(after, [31, 31, 31]);
});

test('harness: a committed Dec fails the run, like the course\'s log.Fatalf', (t) => {
  const r = simulate(function* (rt) {
    yield* rt.oneInc();
    yield* join(rt.srvs[rt.findLeader().leader]!.submit(DEC));
  });
  t.false(r.ok);
  t.is(r.failure?.check, 'DoOp');
});
