import { future, join, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { genericScenario, kvScenario, speedScenario } from './generic.ts';
import { ELECTION_TIMEOUT_MS, makeTest, type GetResult, type KvTester } from './tester.ts';

/** True if `task` finished within `ms` (the course's select on a channel and time.After). */
export function* joinWithin(ts: KvTester, task: Task<unknown>, ms: number): Proc<boolean> {
  if (task.done) return true;
  const { scheduler } = ts.world;
  const race = future<boolean>('within');
  const settle = (v: boolean): void => {
    if (!race.done) scheduler.resolve(race, v);
  };
  scheduler.spawn('within: task', (function* () {
    yield* join(task);
    settle(true);
  })());
  scheduler.spawn('within: timer', (function* () {
    yield* sleep(ms);
    settle(false);
  })());
  return yield* join(race);
}

const MINORITY = 'no progress in minority';

/**
 * TestOnePartition4B: the leader ends up in the minority. A Put and a Get there must not
 * complete within 1 s while the majority makes progress; after the heal the Put completes.
 */
function* onePartition(ts: KvTester): Proc {
  const ck = ts.makeClerk();
  const ver0 = yield* ts.putAtLeastOnce(ck, '1', '13', 0);
  const { leader: l } = ts.leader();
  const [p1, p2] = ts.makePartition(l);
  ts.partition(p1, p2);
  const ckp1 = ts.makeClerkTo(p1);
  const ckp2a = ts.makeClerkTo(p2);
  const ckp2b = ts.makeClerkTo(p2);
  const ver1 = yield* ts.putAtLeastOnce(ckp1, '1', '14', ver0);
  yield* ts.checkGet(ckp1, '1', '14', ver1);

  ts.world.note('tester', 'Test: no progress in minority (4B)');
  const { scheduler } = ts.world;
  const done0 = scheduler.spawn('put in minority', ts.putAtLeastOnce(ckp2a, '1', '15', ver1));
  const done1: Task<GetResult> = scheduler.spawn('get in minority', ts.get(ckp2b, '1'));
  yield* sleep(1000);
  if (done0.done) fail(MINORITY, `Put in minority completed with version = ${done0.result}`);
  if (done1.done) {
    fail(MINORITY, `Get in minority completed with version = ${done1.result!.version}`);
  }
  yield* ts.checkGet(ckp1, '1', '14', ver1);
  const ver2 = yield* ts.putAtLeastOnce(ckp1, '1', '16', ver1);
  yield* ts.checkGet(ckp1, '1', '16', ver2);

  ts.world.note('tester', 'Test: completion after heal (4B)');
  ts.connectAll();
  ts.connectClerk(ckp2a);
  ts.connectClerk(ckp2b);
  yield* sleep(ELECTION_TIMEOUT_MS);
  const completed = yield* joinWithin(ts, done0, 30 * 100);
  if (!completed) fail('completion after heal', 'Put did not complete');
  // The course's select on the Get has a `default:` branch, so the Get need not have finished.
  yield* ts.checkGet(ck, '1', '15', done0.result!);
  ts.checkLinearizable();
}

/** The course's 13 4B tests, in its order (kvraft1/kvraft_test.go, 2025 final). */
export const suite4B: readonly Scenario[] = [
  genericScenario('Basic4B',
    makeTest({ part: '4B basic', nclients: 1, nservers: 5, reliable: true })),
  speedScenario('Speed4B',
    makeTest({ part: '4B speed', nclients: 1, nservers: 3, reliable: true })),
  genericScenario('Concurrent4B',
    makeTest({ part: '4B many clients', nclients: 5, nservers: 5, reliable: true })),
  genericScenario('Unreliable4B',
    makeTest({ part: '4B many clients', nclients: 5, nservers: 5, reliable: false })),
  kvScenario('OnePartition4B',
    makeTest({ part: '4B progress in majority', nclients: 0, nservers: 5, reliable: false }),
    onePartition),
  genericScenario('ManyPartitionsOneClient4B',
    makeTest({ part: '4B partitions, one client', nclients: 1, nservers: 5, reliable: true,
      partitions: true })),
  genericScenario('ManyPartitionsManyClients4B',
    makeTest({ part: '4B partitions, many clients (4B)', nclients: 5, nservers: 5,
      reliable: true, partitions: true })),
  genericScenario('PersistOneClient4B',
    makeTest({ part: '4B restarts, one client 4B ', nclients: 1, nservers: 5, reliable: true,
      crash: true })),
  genericScenario('PersistConcurrent4B',
    makeTest({ part: '4B restarts, many clients', nclients: 5, nservers: 5, reliable: true,
      crash: true })),
  genericScenario('PersistConcurrentUnreliable4B',
    makeTest({ part: '4B restarts, many clients ', nclients: 5, nservers: 5, reliable: false,
      crash: true })),
  genericScenario('PersistPartition4B',
    makeTest({ part: '4B restarts, partitions, many clients', nclients: 5, nservers: 5,
      reliable: true, crash: true, partitions: true })),
  genericScenario('PersistPartitionUnreliable4B',
    makeTest({ part: '4B restarts, partitions, many clients', nclients: 5, nservers: 5,
      reliable: false, crash: true, partitions: true })),
  genericScenario('PersistPartitionUnreliableLinearizable4B',
    makeTest({ part: '4B restarts, partitions, random keys, many clients', nclients: 15,
      nservers: 7, reliable: false, crash: true, partitions: true, randomkeys: true })),
];
