import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { CppTester, type GetOutcome } from './tester.ts';
import { dataSite } from '../sites.ts';

const VALUE = dataSite('value');

/** RunKv: `Coroutine::Sleep(5000000)`, then OneLeader(), before the first test. */
const RUNKV_START_MS = 5000;
/** GenericKvTest's main thread checks every 100 ms whether all clients are done. */
const POLL_MS = 100;

/** Where a test lives in the lab. */
export interface CppTest {
  /** Our id without `cpp/`. */
  readonly name: string;
  /** The lab's test number and its exact description (`Init2(n, "...")`). */
  readonly n: number;
  readonly desc: string;
  /** The lab's branch and method, e.g. "lab-kv-23 testKvBasic". */
  readonly where: string;
  /** -1 (lab-kv-23) or 1000 (lab-shard-23's snapshot variant). */
  readonly maxraftstate: number;
}

/**
 * One of the lab's tests as a scenario. The lab runs its tests one after another on one cluster,
 * after RunKv's 5 s sleep and OneLeader(); here each test gets a fresh cluster and that same
 * start. Init2's precondition (nothing disconnected, reliable net) then holds by construction.
 * After the lab's own checks, the history is checked (beyond the lab).
 */
export function cppScenario(t: CppTest, body: (ts: CppTester) => Proc): Scenario {
  return {
    id: `cpp/${t.name}`, title: `TEST ${t.n}: ${t.desc}`,
    source: `dslabs-cpp ${t.where} (src/deptran/raft/test.cc)`, kv: true,
    run: (world: World) => (function* () {
      const ts = new CppTester(world, t.maxraftstate);
      yield* sleep(RUNKV_START_MS);
      yield* ts.oneLeader();
      world.note('tester', `TEST ${t.n}: ${t.desc}`);
      if (ts.nDisconnected() !== 0 || ts.isUnreliable()) fail('Init2', 'the net is not whole');
      yield* body(ts);
      ts.checkHistory();
      world.note('tester', `results: ${ts.codeSummary()}`);
      world.note('tester', `TEST ${t.n} Passed`);
    })(),
  };
}

/** A random value as the lab draws them: `to_string(RandomGenerator::rand(0, 10000))`. */
export function randValue(ts: CppTester): string {
  return String(ts.rand.data(10001, VALUE));
}

/** Fail unless `code` is KV_SUCCESS (the lab's `verify(ret == KV_SUCCESS)`). */
export function verifySuccess(what: string, code: string): void {
  if (code !== 'KV_SUCCESS') fail('verify', `${what} returned ${code}, expected KV_SUCCESS`);
}

/** Get must succeed with exactly `value`. */
export function verifyGet(what: string, r: GetOutcome, value: string): void {
  verifySuccess(what, r.code);
  if (r.value !== value) fail('verify', `${what} returned "${r.value}", expected "${value}"`);
}

/**
 * GenericKvTest(n_cli, unreliable, timeout, leader, maxraftstate): n_cli clients (each a new
 * client pointed at `leader`) each Put(i, v1), Append(i, v2) and Get(i) == v1+v2, starting over
 * after any KV_TIMEOUT (allowed only when unreliable); all must be done within `timeoutMs`.
 */
export function* genericKvTest(ts: CppTester, nCli: number, unreliable: boolean,
  timeoutMs = 3000, leader = 0, maxraftstate = -1): Proc {
  if (unreliable) ts.setUnreliable();
  let done = 0;
  for (let i = 0; i < nCli; i++) {
    ts.world.scheduler.spawn(`client ${i}`, (function* () {
      yield* putAppendGet(ts, i, unreliable, leader);
      done += 1;
    })());
  }
  const t1 = ts.world.now;
  for (;;) {
    yield* sleep(POLL_MS);
    if (done === nCli) break;
    if (ts.world.now - t1 > timeoutMs) fail('GenericKvTest', 'run out of time to finish');
  }
  if (unreliable) yield* ts.setReliable();
  if (maxraftstate > 0 && ts.logSize() > 8 * maxraftstate) {
    fail('GetLogSize', `log size ${ts.logSize()} > 8*${maxraftstate}`);
  }
}

/** One GenericKvTest thread. */
function* putAppendGet(ts: CppTester, i: number, unreliable: boolean, leader: number): Proc {
  const cli = ts.createClient();
  cli.clerk.leaderIdx = leader;
  const k = String(i);
  const v1 = randValue(ts);
  const timedOut = (what: string, code: string): boolean => {
    if (code !== 'KV_TIMEOUT') return false;
    if (!unreliable) fail('verify(unreliable)', `${what} returned KV_TIMEOUT on a reliable net`);
    return true;
  };
  for (;;) {
    if (timedOut(`Put(${k})`, yield* ts.put(cli, k, v1))) continue;
    const v2 = randValue(ts);
    if (timedOut(`Append(${k})`, yield* ts.append(cli, k, v2))) continue;
    const v3 = yield* ts.get(cli, k);
    if (timedOut(`Get(${k})`, v3.code)) continue;
    if (v3.value !== v1 + v2) fail('verify', `Get(${k}) = "${v3.value}", expected "${v1 + v2}"`);
    return;
  }
}
