import { joinAll, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { DEC, INC } from './server.ts';
import { NSEC, NSRV, RsmTester } from './tester.ts';

/** The course's rsm tests (kvraft1/rsm/rsm_test.go), in its order; TestSnapshot4C lives there. */
const source = (name: string): string => `6.5840 2025 kvraft1/rsm Test${name}`;

/** NINC sequential Incs: the i-th must return i+1, and every server must reach it. */
function* incs(t: RsmTester, ninc: number): Proc {
  for (let i = 0; i < ninc; i++) {
    const r = yield* t.oneInc();
    if (r.n !== i + 1) fail('oneInc', `expected ${i + 1} instead of ${r.n}`);
    yield* t.checkCounter(r.n, NSRV);
  }
}

/** NSUBMIT concurrent oneNull()s; the task is done when every submit loop has ended. */
function nulls(t: RsmTester, nsubmit: number): Task<void> {
  return t.go('submit Nulls', (function* () {
    const loops = Array.from({ length: nsubmit }, (_, i) => t.go(`oneNull ${i}`, t.oneNull()));
    yield* joinAll(loops);
  })());
}

/** Shut every server down; every submit loop in `done` must end within NSEC+1 s. */
function* shutdownReleasesSubmits(t: RsmTester, done: Task<void>): Proc {
  t.shutdown();
  if (!(yield* t.within(done, (NSEC + 1) * 1000))) {
    fail('shutdown', "Submit didn't stop after shutdown");
  }
}

/** Each server executes increments and updates its counter. */
function* basic(world: World): Proc {
  yield* incs(new RsmTester(world, -1), 10);
}

/** Submitting concurrently. */
function* concurrent(world: World): Proc {
  const NINC = 50;
  const t = new RsmTester(world, -1);
  const loops = Array.from({ length: NINC },
    (_, i) => t.go(`oneInc ${i}`, t.onePartition(null, INC)));
  yield* joinAll(loops);
  yield* t.checkCounter(NINC, NSRV);
}

/** Each server executes increments after disconnecting and reconnecting the leader. */
function* leaderFailure(world: World): Proc {
  const t = new RsmTester(world, -1);
  let r = yield* t.oneInc();
  yield* t.checkCounter(r.n, NSRV);
  const l = t.disconnectLeader();
  r = yield* t.oneInc();
  yield* t.checkCounter(r.n, NSRV - 1);
  // The old leader must catch up.
  t.connect(l);
  yield* t.checkCounter(r.n, NSRV);
}

/** 100 concurrent Dec submits on the partitioned ex-leader, which must never commit one. */
function decsOnExLeader(t: RsmTester, l: number, nsubmit: number): Task<void> {
  return t.go('submit Decs', (function* () {
    const submits = Array.from({ length: nsubmit }, (_, i) => t.go(`Dec ${i}`, (function* () {
      const r = yield* t.submit(l, DEC);
      if (r.err === 'OK') fail('Dec', `Submit ${i} in minority completed ${JSON.stringify(r)}`);
    })()));
    yield* joinAll(submits);
  })());
}

/** A partitioned leader doesn't commit an operation. */
function* leaderPartition(world: World): Proc {
  const t = new RsmTester(world, -1);
  const r = yield* t.oneInc();
  yield* t.checkCounter(r.n, NSRV);
  const { leader: l } = t.findLeader();
  const [p1, p2] = t.makePartition(l);
  t.partition(p1, p2);
  const done = decsOnExLeader(t, l, 100);
  // Give the old leader some time to submit, then an Inc in the majority.
  yield* sleep(10);
  const rep = yield* t.onePartition(p1, INC);
  if (rep === null || rep.type !== 'IncRep') return fail('onePartition', 'no Inc in the majority');
  if (yield* t.within(done, 1000)) fail('partition', "Dec's in minority completed");
  // With three servers, connecting the leader resolves the partition.
  t.connect(l);
  if (!(yield* t.within(done, 1000))) fail('heal', "Submit after healing didn't return");
  yield* t.checkCounter(rep.n, NSRV);
}

/**
 * NINC Incs, shut every server down, wait 1 s, start them all: replaying the log, the next Inc
 * must return NINC + 1. Returns that Inc's counter.
 */
function* incsThenRestart(t: RsmTester, ninc: number): Proc<number> {
  yield* incs(t, ninc);
  t.shutdown();
  yield* sleep(1000);
  t.startServers();
  const r = yield* t.oneInc();
  if (r.n !== ninc + 1) fail('replay', `expected ${ninc + 1} got ${r.n}`);
  return r.n;
}

/** Restart replays the Incs. */
function* restartReplay(world: World): Proc {
  const t = new RsmTester(world, -1);
  const n = yield* incsThenRestart(t, 100);
  yield* sleep(1000);
  yield* t.checkCounter(n, NSRV);
}

/** Submit() terminates after Shutdown() has killed Raft. */
function* shutdown(world: World): Proc {
  const t = new RsmTester(world, -1);
  const done = nulls(t, 100);
  yield* sleep(20);
  yield* shutdownReleasesSubmits(t, done);
}

/** Commands after a restart don't get confused with ones submitted before Shutdown(). */
function* restartSubmit(world: World): Proc {
  const t = new RsmTester(world, -1);
  yield* incsThenRestart(t, 100);
  yield* sleep(1000);
  const done = nulls(t, 100);
  yield* sleep(20);
  yield* shutdownReleasesSubmits(t, done);
  t.startServers();
  const r2 = yield* t.oneInc();
  yield* t.checkCounter(r2.n, NSRV);
}

/** Snapshot and restore (part 4C): logs are trimmed, and a restart starts from the snapshot. */
function* snapshot(world: World): Proc {
  const N = 100;
  const MAXRAFTSTATE = 1000;
  const t = new RsmTester(world, MAXRAFTSTATE);
  for (let i = 0; i < N; i++) yield* t.oneInc();
  yield* t.checkCounter(N, NSRV);
  const sz = t.logSize();
  if (sz > 2 * MAXRAFTSTATE) {
    fail('log size', `logs were not trimmed (${sz} > 2 * ${MAXRAFTSTATE})`);
  }
  // Restart every server from its snapshot, then one more Inc.
  t.shutdown();
  t.startServers();
  yield* t.oneInc();
  yield* t.checkCounter(N + 1, NSRV);
}

export const suite4A: Scenario[] = [
  { id: 'Basic4A', title: 'Test RSM basic', source: source('Basic4A'), run: basic },
  { id: 'Concurrent4A', title: 'Test concurrent submit', source: source('Concurrent4A'),
    run: concurrent },
  { id: 'LeaderFailure4A', title: 'Test Leader Failure', source: source('LeaderFailure4A'),
    run: leaderFailure },
  { id: 'LeaderPartition4A', title: 'Test Leader Partition', source: source('LeaderPartition4A'),
    run: leaderPartition },
  { id: 'RestartReplay4A', title: 'Test Restart', source: source('RestartReplay4A'),
    run: restartReplay },
  { id: 'Shutdown4A', title: 'Test Shutdown', source: source('Shutdown4A'), run: shutdown },
  { id: 'RestartSubmit4A', title: 'Test Restart and submit', source: source('RestartSubmit4A'),
    run: restartSubmit },
];

export const suite4C: Scenario[] = [
  { id: 'Snapshot4C', title: 'Test creating and restoring snapshot', source: source('Snapshot4C'),
    run: snapshot },
];
