import { sleep, type Proc } from '../../sim/tasks.ts';
import { fail } from '../failure.ts';
import { ELECTION_TIMEOUT_MS, makeTest } from '../kv/tester.ts';
import type { Scenario } from '../types.ts';
import { genericScenario, kv2024Scenario, speedScenario } from './generic.ts';
import type { KvTester2024 } from './tester.ts';

/** TestSnapshotSize4B: "500 bytes is a generous bound for the operations we're doing here". */
const MAX_SNAPSHOT_STATE = 500;

/**
 * TestSnapshotRPC4B: a server cut off while the majority trims its log must catch up through
 * InstallSnapshot once it is needed for a majority; the majority must trim without it.
 */
function* snapshotRPC(ts: KvTester2024): Proc {
  const ck = ts.makeClerk();
  yield* ts.putPlain(ck, 'a', 'A');
  yield* ts.check(ck, 'a', 'A');

  // A bunch of puts into the majority partition.
  ts.partition([0, 1], [2]);
  const ck1 = ts.makeClerkTo([0, 1]);
  for (let i = 0; i < 50; i++) yield* ts.putPlain(ck1, String(i), String(i));
  yield* sleep(ELECTION_TIMEOUT_MS);
  yield* ts.putPlain(ck1, 'b', 'B');
  // The majority partition has thrown away most of its log entries.
  ts.checkLogSize();

  // A group that requires the lagging server, so that it has to catch up.
  ts.partition([0, 2], [1]);
  const ck2 = ts.makeClerkTo([0, 2]);
  yield* ts.putPlain(ck2, 'c', 'C');
  yield* ts.putPlain(ck2, 'd', 'D');
  yield* ts.check(ck2, 'a', 'A');
  yield* ts.check(ck2, 'b', 'B');
  yield* ts.check(ck2, '1', '1');
  yield* ts.check(ck2, '49', '49');

  // Now everybody.
  ts.partition([0, 1, 2], []);
  yield* ts.putPlain(ck, 'e', 'E');
  yield* ts.check(ck, 'c', 'C');
  yield* ts.check(ck, 'e', 'E');
  yield* ts.check(ck, '1', '1');
  ts.checkLinearizable();
}

/** TestSnapshotSize4B: 400 Puts to one key; the log is trimmed and snapshots stay small. */
function* snapshotSize(ts: KvTester2024): Proc {
  const ck = ts.makeClerk();
  for (let i = 0; i < 200; i++) {
    yield* ts.putPlain(ck, 'x', '0');
    yield* ts.check(ck, 'x', '0');
    yield* ts.putPlain(ck, 'x', '1');
    yield* ts.check(ck, 'x', '1');
  }
  ts.checkLogSize();
  const ssz = ts.cluster.snapshotSize();
  if (ssz > MAX_SNAPSHOT_STATE) {
    fail('SnapshotSize', `snapshot too large (${ssz} > ${MAX_SNAPSHOT_STATE})`);
  }
  ts.checkLinearizable();
}

/** The course's 9 4B tests (2024 kvraft/test_test.go), in its order. */
export const suite4B: readonly Scenario[] = [
  kv2024Scenario('SnapshotRPC4B',
    makeTest({ part: '4B', nclients: 1, nservers: 3, reliable: true, maxraftstate: 1000 }),
    'Test: InstallSnapshot RPC (4B)', snapshotRPC),
  kv2024Scenario('SnapshotSize4B',
    makeTest({ part: '4B', nclients: 1, nservers: 3, reliable: true, maxraftstate: 1000 }),
    'Test: snapshot size is reasonable (4B)', snapshotSize),
  speedScenario('Speed4B', '4B', 1000),
  genericScenario('SnapshotRecover4B',
    makeTest({ part: '4B', nclients: 1, nservers: 5, reliable: true, crash: true,
      maxraftstate: 1000 })),
  genericScenario('SnapshotRecoverManyClients4B',
    makeTest({ part: '4B', nclients: 20, nservers: 5, reliable: true, crash: true,
      maxraftstate: 1000 })),
  genericScenario('SnapshotUnreliable4B',
    makeTest({ part: '4B', nclients: 5, nservers: 5, reliable: false, maxraftstate: 1000 })),
  genericScenario('SnapshotUnreliableRecover4B',
    makeTest({ part: '4B', nclients: 5, nservers: 5, reliable: false, crash: true,
      maxraftstate: 1000 })),
  genericScenario('SnapshotUnreliableRecoverConcurrentPartition4B',
    makeTest({ part: '4B', nclients: 5, nservers: 5, reliable: false, crash: true,
      partitions: true, maxraftstate: 1000 })),
  genericScenario('SnapshotUnreliableRecoverConcurrentPartitionLinearizable4B',
    makeTest({ part: '4B', nclients: 15, nservers: 7, reliable: false, crash: true,
      partitions: true, maxraftstate: 1000, randomkeys: true })),
];
