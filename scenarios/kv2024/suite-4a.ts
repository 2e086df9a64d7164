import { joinAll, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import { fail } from '../failure.ts';
import { joinWithin } from '../kv/suite-4b.ts';
import { ELECTION_TIMEOUT_MS, makeTest } from '../kv/tester.ts';
import { spawnClients } from '../kv/workload.ts';
import type { Scenario } from '../types.ts';
import { genericScenario, kv2024Scenario, speedScenario } from './generic.ts';
import { appendElement, checkConcurrentAppends, type KvTester2024 } from './tester.ts';

/** TestUnreliableOneKey4A: 5 clients, 10 Appends each, all to one key. */
const ONE_KEY_CLIENTS = 5;
const ONE_KEY_UPTO = 10;

/**
 * TestUnreliableOneKey4A: on an unreliable net, 5 clients each Append 10 elements to "k"; every
 * element must be there exactly once, in each client's order, and the history (a Put, then only
 * concurrent Appends of distinct elements, then one Get) must be linearizable: the checker
 * decides it from the final value, which fixes the Appends' order (Model.decide).
 */
function* unreliableOneKey(ts: KvTester2024): Proc {
  const ck = ts.makeClerk();
  yield* ts.putPlain(ck, 'k', '');
  const clients = spawnClients(ts, ONE_KEY_CLIENTS, function* (me, myck) {
    for (let n = 0; n < ONE_KEY_UPTO; n++) yield* ts.append(myck, 'k', appendElement(me, n));
  }, { stop: false });
  yield* joinAll(clients);
  const vx = yield* ts.getValue(ck, 'k');
  checkConcurrentAppends(vx, clients.map(() => ONE_KEY_UPTO));
  ts.checkLinearizable();
}

const MINORITY = 'no progress in minority';

/**
 * TestOnePartition4A: the leader ends up in the minority. A Put and a Get there must not complete
 * within 1 s while the majority makes progress; after the heal the Put completes within 3 s.
 */
function* onePartition(ts: KvTester2024): Proc {
  const ck = ts.makeClerk();
  yield* ts.putPlain(ck, '1', '13');
  ts.world.note('tester', 'Test: progress in majority (4A)');
  const [p1, p2] = ts.makePartition(ts.leader().leader);
  ts.partition(p1, p2);
  const ckp1 = ts.makeClerkTo(p1);
  const ckp2a = ts.makeClerkTo(p2);
  const ckp2b = ts.makeClerkTo(p2);
  yield* ts.putPlain(ckp1, '1', '14');
  yield* ts.check(ckp1, '1', '14');

  ts.world.note('tester', 'Test: no progress in minority (4A)');
  const { scheduler } = ts.world;
  const done0: Task<void> = scheduler.spawn('put in minority', ts.putPlain(ckp2a, '1', '15'));
  // A different clerk in p2.
  const done1: Task<string> = scheduler.spawn('get in minority', ts.getValue(ckp2b, '1'));
  yield* sleep(1000);
  if (done0.done) fail(MINORITY, 'Put in minority completed');
  if (done1.done) fail(MINORITY, 'Get in minority completed');
  yield* ts.check(ckp1, '1', '14');
  yield* ts.putPlain(ckp1, '1', '16');
  yield* ts.check(ckp1, '1', '16');

  ts.world.note('tester', 'Test: completion after heal (4A)');
  ts.connectAll();
  ts.connectClerk(ckp2a);
  ts.connectClerk(ckp2b);
  yield* sleep(ELECTION_TIMEOUT_MS);
  const completed = yield* joinWithin(ts, done0, 30 * 100);
  if (!completed) fail('completion after heal', 'Put did not complete');
  // The course's select on the Get has a `default:` branch, so the Get need not have finished.
  yield* ts.check(ck, '1', '15');
  ts.checkLinearizable();
}

/** The course's 14 4A tests (2024 kvraft/test_test.go), in its order. */
export const suite4A: readonly Scenario[] = [
  genericScenario('Basic4A', makeTest({ part: '4A', nclients: 1, nservers: 5, reliable: true })),
  speedScenario('Speed4A', '4A', -1),
  genericScenario('Concurrent4A',
    makeTest({ part: '4A', nclients: 5, nservers: 5, reliable: true })),
  genericScenario('Unreliable4A',
    makeTest({ part: '4A', nclients: 5, nservers: 5, reliable: false })),
  kv2024Scenario('UnreliableOneKey4A',
    makeTest({ part: '4A', nclients: ONE_KEY_CLIENTS, nservers: 3, reliable: false }),
    'Test: concurrent append to same key, unreliable (4A)', unreliableOneKey),
  kv2024Scenario('OnePartition4A',
    makeTest({ part: '4A', nclients: 1, nservers: 5, reliable: true }),
    'Test: progress in majority (4A)', onePartition),
  genericScenario('ManyPartitionsOneClient4A',
    makeTest({ part: '4A', nclients: 1, nservers: 5, reliable: true, partitions: true })),
  genericScenario('ManyPartitionsManyClients4A',
    makeTest({ part: '4A', nclients: 5, nservers: 5, reliable: true, partitions: true })),
  genericScenario('PersistOneClient4A',
    makeTest({ part: '4A', nclients: 1, nservers: 5, reliable: true, crash: true })),
  genericScenario('PersistConcurrent4A',
    makeTest({ part: '4A', nclients: 5, nservers: 5, reliable: true, crash: true })),
  genericScenario('PersistConcurrentUnreliable4A',
    makeTest({ part: '4A', nclients: 5, nservers: 5, reliable: false, crash: true })),
  genericScenario('PersistPartition4A',
    makeTest({ part: '4A', nclients: 5, nservers: 5, reliable: true, crash: true,
      partitions: true })),
  genericScenario('PersistPartitionUnreliable4A',
    makeTest({ part: '4A', nclients: 5, nservers: 5, reliable: false, crash: true,
      partitions: true })),
  genericScenario('PersistPartitionUnreliableLinearizable4A',
    makeTest({ part: '4A', nclients: 15, nservers: 7, reliable: false, crash: true,
      partitions: true, randomkeys: true })),
];
