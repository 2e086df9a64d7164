import { sleep, type Proc } from '../../sim/tasks.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import {
  cppScenario, genericKvTest, randValue, verifyGet, verifySuccess, type CppTest,
} from './generic.ts';
import { ELECTION_TIMEOUT_MS, NSERVERS, type CppTester } from './tester.ts';

/** GenericKvTest's default limit (3 000 000 us) and the limits of tests 4-8 and 9. */
const GENERIC_TIMEOUT_MS = 3000;
const SAME_KEY_TIMEOUT_MS = 10_000;
const UNRELIABLE_TIMEOUT_MS = 300_000;

const kv = (name: string, n: number, desc: string, method: string): CppTest =>
  ({ name, n, desc, where: `lab-kv-23 ${method}`, maxraftstate: -1 });

/** (L + k) % 5: the lab's way of naming servers relative to the leader. */
const rel = (l: number, k: number): number => (l + k) % NSERVERS;

/** Disconnect L+1 and L+2: a majority of 3 remains, leader included. */
function* withMajority(ts: CppTester, body: (leader: number) => Proc): Proc {
  const leader = yield* ts.oneLeader();
  ts.disconnect(rel(leader, 1));
  ts.disconnect(rel(leader, 2));
  yield* body(leader);
  ts.reconnect(rel(leader, 1));
  ts.reconnect(rel(leader, 2));
}

/** Poll every 100 ms until `count()` reaches n, or fail after `timeoutMs`. */
function* waitDone(ts: CppTester, count: () => number, n: number, timeoutMs: number): Proc {
  const t1 = ts.world.now;
  for (;;) {
    yield* sleep(100);
    if (count() === n) return;
    if (ts.world.now - t1 > timeoutMs) fail('run out of time', 'run out of time to finish');
  }
}

/** TEST 4: with only L and L+4 connected, a Put and a Get must each return KV_TIMEOUT. */
function* minority(ts: CppTester): Proc {
  const leader = yield* ts.oneLeader();
  for (const k of [1, 2, 3]) ts.disconnect(rel(leader, k));
  const cli = ts.createClient();
  const put = yield* ts.put(cli, '1', randValue(ts));
  if (put !== 'KV_TIMEOUT') fail('verify', `Put in a minority returned ${put}, not KV_TIMEOUT`);
  const get = yield* ts.get(cli, '1');
  if (get.code !== 'KV_TIMEOUT') {
    fail('verify', `Get in a minority returned ${get.code}, not KV_TIMEOUT`);
  }
  for (const k of [1, 2, 3]) ts.reconnect(rel(leader, k));
}

/**
 * TEST 5: Put through the leader; disconnect it; after 5 s another leader must exist; Append
 * and Get through it; reconnect the old leader: 5 s later the new one must still lead.
 */
function* reElection(ts: CppTester): Proc {
  let leader = yield* ts.oneLeader();
  const cli = ts.createClient();
  const k = 'reelection';
  const v1 = randValue(ts);
  cli.clerk.leaderIdx = leader;
  verifySuccess(`Put(${k})`, yield* ts.put(cli, k, v1));
  ts.disconnect(leader);
  const oldLeader = leader;
  yield* sleep(ELECTION_TIMEOUT_MS);
  leader = yield* ts.oneLeader();
  if (leader === oldLeader) {
    fail('AssertReElection', 'no reelection despite leader being disconnected');
  }
  cli.clerk.leaderIdx = leader;
  const v2 = randValue(ts);
  verifySuccess(`Append(${k})`, yield* ts.append(cli, k, v2));
  verifyGet(`Get(${k})`, yield* ts.get(cli, k), v1 + v2);
  ts.reconnect(oldLeader);
  yield* sleep(ELECTION_TIMEOUT_MS);
  yield* ts.oneLeader(leader);
  const v4 = randValue(ts);
  verifySuccess(`Append(${k})`, yield* ts.append(cli, k, v4));
  verifyGet(`Get(${k})`, yield* ts.get(cli, k), v1 + v2 + v4);
}

/** TEST 7: 5 clients at once each Append "1" to one key; the key must read "11111". */
function* sameKey(ts: CppTester): Proc {
  yield* withMajority(ts, function* (leader) {
    const k = 'test_key_7';
    let done = 0;
    for (let i = 0; i < 5; i++) {
      ts.world.scheduler.spawn(`client ${i}`, (function* () {
        const cli = ts.createClient();
        cli.clerk.leaderIdx = leader;
        verifySuccess(`Append(${k})`, yield* ts.append(cli, k, '1'));
        done += 1;
      })());
    }
    yield* waitDone(ts, () => done, 5, SAME_KEY_TIMEOUT_MS);
    const cli = ts.createClient();
    cli.clerk.leaderIdx = leader;
    verifyGet(`Get(${k})`, yield* ts.get(cli, k), '11111');
  });
}

/** TEST 8: clients 0..4 in turn Append their number to one key; the key must read "01234". */
function* linear(ts: CppTester): Proc {
  yield* withMajority(ts, function* (leader) {
    const k = 'test_key_8';
    let done = 0;
    for (let i = 0; i < 5; i++) {
      const cli = ts.createClient();
      cli.clerk.leaderIdx = leader;
      verifySuccess(`Append(${k})`, yield* ts.append(cli, k, String(i)));
      done += 1;
    }
    yield* waitDone(ts, () => done, 5, SAME_KEY_TIMEOUT_MS);
    const cli = ts.createClient();
    cli.clerk.leaderIdx = leader;
    verifyGet(`Get(${k})`, yield* ts.get(cli, k), '01234');
  });
}

/** The lab's nine KV tests (lab-kv-23, RunKv), in its order. */
export const kvTests: readonly Scenario[] = [
  cppScenario(kv('T1', 1, 'Basic kv operations', 'testKvBasic'),
    (ts) => genericKvTest(ts, 1, false, GENERIC_TIMEOUT_MS, 0)),
  cppScenario(kv('T2', 2, 'Concurrent kv operations', 'testKvConcurrent'),
    (ts) => genericKvTest(ts, 5, false, GENERIC_TIMEOUT_MS, 0)),
  cppScenario(kv('T3', 3, 'Progress with a majority', 'testKvMajority'),
    (ts) => withMajority(ts, () => genericKvTest(ts, 1, false, GENERIC_TIMEOUT_MS, 0))),
  cppScenario(kv('T4', 4, 'No progress with a minority', 'testKvMinority'), minority),
  cppScenario(kv('T5', 5, 'Kv operations through re-election', 'testKvReElection'), reElection),
  cppScenario(kv('T6', 6, 'Progress with a majority and concurrent requests',
    'testKvMajorityConcurrent'),
  (ts) => withMajority(ts, (l) => genericKvTest(ts, 5, false, GENERIC_TIMEOUT_MS, l))),
  cppScenario(kv('T7', 7, 'Progress with a majority writing the same key',
    'testKvMajorityConcurrentSameKey'), sameKey),
  cppScenario(kv('T8', 8, 'Progress with a majority testing linearizability',
    'testKvMajorityConcurrentLinear'), linear),
  cppScenario(kv('T9', 9, 'Progress in unreliable net', 'testKvUnreliable'),
    (ts) => genericKvTest(ts, 1, true, UNRELIABLE_TIMEOUT_MS, 0)),
];
