import { sleep, type Proc } from '../../sim/tasks.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { genericScenario, kvScenario, speedScenario } from './generic.ts';
import { ELECTION_TIMEOUT_MS, makeTest, type KvTester } from './tester.ts';

/** TestSnapshotSize4C: "500 bytes is a generous bound for the operations we're doing here". */
const MAX_SNAPSHOT_STATE = 500;

/**
 * TestSnapshotRPC4C: a server cut off while the majority trims its log must catch up through
 * InstallSnapshot once it is needed for a majority; the majority must trim without it.
 */
function* snapshotRPC(ts: KvTester): Proc {
  const ck = ts.makeClerk();
  ts.world.note('tester', 'Test: InstallSnapshot RPC (4C)');
  const vera = yield* ts.putAtLeastOnce(ck, 'a', 'A', 0);
  yield* ts.checkGet(ck, 'a', 'A', vera);

  // A bunch of puts into the majority partition.
  ts.partition([0, 1], [2]);
  const ck1 = ts.makeClerkTo([0, 1]);
  for (let i = 0; i < 50; i++) yield* ts.putAtLeastOnce(ck1, String(i), String(i), 0);
  yield* sleep(ELECTION_TIMEOUT_MS);
  const verb = yield* ts.putAtLeastOnce(ck1, 'b', 'B', 0);
  // The majority partition has thrown away most of its log entries.
  ts.checkLogSize();

  // A group that requires the lagging server, so that it has to catch up.
  ts.partition([0, 2], [1]);
  const ck2 = ts.makeClerkTo([0, 2]);
  const verc = yield* ts.putAtLeastOnce(ck2, 'c', 'C', 0);
  yield* ts.putAtLeastOnce(ck2, 'd', 'D', 0);
  yield* ts.checkGet(ck2, 'a', 'A', vera);
  yield* ts.checkGet(ck2, 'b', 'B', verb);
  yield* ts.checkGet(ck2, '1', '1', 1);
  yield* ts.checkGet(ck2, '49', '49', 1);

  // Now everybody.
  ts.partition([0, 1, 2], []);
  const vere = yield* ts.putAtLeastOnce(ck, 'e', 'E', 0);
  yield* ts.checkGet(ck, 'c', 'C', verc);
  yield* ts.checkGet(ck, 'e', 'E', vere);
  yield* ts.checkGet(ck, '1', '1', 1);
  ts.checkLinearizable();
}

/** TestSnapshotSize4C: 400 Puts to one key; the log is trimmed and snapshots stay small. */
function* snapshotSize(ts: KvTester): Proc {
  const ck = ts.makeClerk();
  let ver = 0;
  for (let i = 0; i < 200; i++) {
    ver = yield* ts.putAtLeastOnce(ck, 'x', '0', ver);
    yield* ts.checkGet(ck, 'x', '0', ver);
    ver = yield* ts.putAtLeastOnce(ck, 'x', '1', ver);
    yield* ts.checkGet(ck, 'x', '1', ver);
  }
  ts.checkLogSize();
  const ssz = ts.cluster.snapshotSize();
  if (ssz > MAX_SNAPSHOT_STATE) {
    fail('SnapshotSize', `snapshot too large (${ssz} > ${MAX_SNAPSHOT_STATE})`);
  }
  ts.checkLinearizable();
}

/** The course's 9 4C tests, in its order (kvraft1/kvraft_test.go). */
export const suite4C: readonly Scenario[] = [
  kvScenario('SnapshotRPC4C',
    makeTest({ part: '4C SnapshotsRPC', nclients: 0, nservers: 3, reliable: true,
      maxraftstate: 1000 }),
    snapshotRPC),
  kvScenario('SnapshotSize4C',
    makeTest({ part: '4C snapshot size is reasonable', nclients: 0, nservers: 3, reliable: true,
      maxraftstate: 1000 }),
    snapshotSize),
  speedScenario('Speed4C',
    makeTest({ part: '4C speed', nclients: 1, nservers: 3, reliable: true, maxraftstate: 1000 })),
  genericScenario('SnapshotRecover4C',
    makeTest({ part: '4C restarts, snapshots, one client', nclients: 1, nservers: 5,
      reliable: true, crash: true, maxraftstate: 1000 })),
  genericScenario('SnapshotRecoverManyClients4C',
    makeTest({ part: '4C restarts, snapshots, many clients ', nclients: 20, nservers: 5,
      reliable: true, crash: true, maxraftstate: 1000 })),
  genericScenario('SnapshotUnreliable4C',
    makeTest({ part: '4C unreliable net, snapshots, many clients', nclients: 5, nservers: 5,
      reliable: false, maxraftstate: 1000 })),
  genericScenario('SnapshotUnreliableRecover4C',
    makeTest({ part: '4C unreliable net, restarts, snapshots, many clients', nclients: 5,
      nservers: 5, reliable: false, crash: true, maxraftstate: 1000 })),
  genericScenario('SnapshotUnreliableRecoverConcurrentPartition4C',
    makeTest({ part: '4C unreliable net, restarts, partitions, snapshots, many clients',
      nclients: 5, nservers: 5, reliable: false, crash: true, partitions: true,
      maxraftstate: 1000 })),
  genericScenario('SnapshotUnreliableRecoverConcurrentPartitionLinearizable4C',
    makeTest({
      part: '4C unreliable net, restarts, partitions, snapshots, random keys, many clients',
      nclients: 15, nservers: 7, reliable: false, crash: true, partitions: true,
      maxraftstate: 1000, randomkeys: true,
    })),
];
