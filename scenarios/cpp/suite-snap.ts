import { sleep, type Proc } from '../../sim/tasks.ts';
import { fail } from '../failure.ts';
import type { CppKvClient } from '../../sim/kv-client.ts';
import type { Scenario } from '../types.ts';
import { cppScenario, randValue, verifyGet, verifySuccess, type CppTest } from './generic.ts';
import { ELECTION_TIMEOUT_MS, NSERVERS, type CppTester } from './tester.ts';

/** The variant's maxraftstate (config `maxraftstate: 1000`) and its 8x bounds. */
const MAXRAFTSTATE = 1000;
const BOUND = 8 * MAXRAFTSTATE;

const snap = (name: string, n: number, desc: string, method: string): CppTest =>
  ({ name, n, desc, where: `lab-shard-23 ${method}`, maxraftstate: MAXRAFTSTATE });

const rel = (l: number, k: number): number => (l + k) % NSERVERS;

/** GetLogSize() <= 8 x maxraftstate (the lab's `verify(0)` otherwise). */
function checkLogSize(ts: CppTester): void {
  const sz = ts.logSize();
  if (sz > BOUND) fail('GetLogSize', `log size ${sz} > ${BOUND} (8*maxraftstate)`);
}

/** Every call in these tests must succeed: a KV_TIMEOUT is `verify(false)`. */
function* put(ts: CppTester, cli: CppKvClient, k: string, v: string): Proc {
  verifySuccess(`Put(${k})`, yield* ts.put(cli, k, v));
}

function* check(ts: CppTester, cli: CppKvClient, k: string, v: string): Proc {
  verifyGet(`Get(${k})`, yield* ts.get(cli, k), v);
}

/**
 * TEST 9 (snapshot variant): with L+1 and L+2 cut off, 200 Puts make the majority trim its
 * log; then L+3 and L+4 go and L+1, L+2 return, so they must catch up by InstallSnapshot.
 */
function* snapInstall(ts: CppTester): Proc {
  const cli = ts.createClient();
  const leader = yield* ts.oneLeader();
  cli.clerk.leaderIdx = leader;
  yield* put(ts, cli, 'a', 'A');
  yield* check(ts, cli, 'a', 'A');
  ts.disconnect(rel(leader, 1));
  ts.disconnect(rel(leader, 2));
  for (let i = 0; i < 200; i++) yield* put(ts, cli, String(i), randValue(ts));
  yield* sleep(ELECTION_TIMEOUT_MS);
  yield* put(ts, cli, 'b', 'B');
  checkLogSize(ts);
  ts.disconnect(rel(leader, 3));
  ts.disconnect(rel(leader, 4));
  ts.reconnect(rel(leader, 1));
  ts.reconnect(rel(leader, 2));
  yield* put(ts, cli, 'c', 'C');
  yield* put(ts, cli, 'd', 'D');
  yield* check(ts, cli, 'a', 'A');
  yield* check(ts, cli, 'b', 'B');
  ts.reconnect(rel(leader, 3));
  ts.reconnect(rel(leader, 4));
  yield* put(ts, cli, 'e', 'E');
  yield* check(ts, cli, 'a', 'A');
  yield* check(ts, cli, 'e', 'E');
  verifySuccess('Get(1)', (yield* ts.get(cli, '1')).code);
}

/** TEST 10 (snapshot variant): 400 Puts of new keys, each read back; log and snapshot bounded. */
function* snapSize(ts: CppTester): Proc {
  const cli = ts.createClient();
  cli.clerk.leaderIdx = yield* ts.oneLeader();
  for (let i = 0; i < 400; i++) {
    const val = randValue(ts);
    yield* put(ts, cli, String(i), val);
    yield* check(ts, cli, String(i), val);
  }
  checkLogSize(ts);
  const ssz = ts.snapshotSize();
  if (ssz > BOUND) fail('GetSnapshotSize', `snapshot size ${ssz} > ${BOUND} (8*maxraftstate)`);
}

/** The snapshot variant's two graded tests (lab-shard-23, "Lab 3B: Log Compaction"). */
export const snapTests: readonly Scenario[] = [
  cppScenario(snap('SnapInstall', 9, 'Basic kv snap : InstallSnapshot RPC', 'testKvSnapInstallRPC'),
    snapInstall),
  cppScenario(snap('SnapSize', 10, 'Basic kv snap : Check Snapshot size is reasonable',
    'testKvSnapSize'), snapSize),
];
