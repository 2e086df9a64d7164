import type { KvClient } from '../../sim/kv-client.ts';
import { join, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { ELECTION_TIMEOUT_MS, KvTester, kvTitle, type KvTestOptions } from './tester.ts';
import {
  checkPutConcurrent, makeKeys, oneClientPut, partitioner, spawnClientsAndWait,
  type ClntRes, type StopSignal,
} from './workload.ts';

/** GenericTest's constants: 3 iterations of a 1 s client phase; 100 keys in random-key mode. */
const NITER = 3;
const NSEC_MS = 1000;
const NKEYS = 100;

/** GenericTestSpeed: 1000 Puts, at least 3 per 100 ms heartbeat interval (33.33 ms/op). */
const NUM_OPS = 1000;
const HEARTBEAT_INTERVAL_MS = 100;
const OPS_PER_INTERVAL = 3;

export const kvSource = (name: string): string => `6.5840 2025 kvraft1 Test${name}`;

/** A scenario over a tester built from the course's MakeTest arguments. */
export function kvScenario(id: string, opts: KvTestOptions,
  body: (ts: KvTester) => Proc): Scenario {
  return { id, title: kvTitle(opts), source: kvSource(id), kv: true,
    run: (world: World) => body(new KvTester(world, opts)) };
}

/** `ts.GenericTest()` for the test named `id`. */
export function genericScenario(id: string, opts: KvTestOptions): Scenario {
  return kvScenario(id, opts, genericTest);
}

/** `ts.GenericTestSpeed()` for the test named `id`. */
export function speedScenario(id: string, opts: KvTestOptions): Scenario {
  return kvScenario(id, opts, genericTestSpeed);
}

/**
 * GenericTest (kvraft1/kvraft_test.go): clients OnePut for 1 s per iteration while, if enabled,
 * the partitioner reshapes the network; then the per-client check, the history check, heal,
 * crash and restart of every server, and the snapshot bounds.
 */
export function* genericTest(ts: KvTester): Proc {
  const ck = ts.makeClerk();
  const res: ClntRes = { nok: 0, nmaybe: 0 };
  const keys = ts.opts.randomkeys ? makeKeys(NKEYS) : ['k'];
  for (let i = 0; i < NITER; i++) {
    ts.world.note('tester', `GenericTest iteration ${i}`);
    yield* iteration(ts, ck, keys, res, i);
  }
}

function* iteration(ts: KvTester, ck: KvClient, keys: readonly string[], res: ClntRes,
  i: number): Proc {
  const { opts, world } = ts;
  const clients = world.scheduler.spawn(`clients ${i}`, (function* () {
    const rs = yield* spawnClientsAndWait(ts, opts.nclients, NSEC_MS,
      (cli, c, done) => oneClientPut(ts, cli, c, keys, done));
    if (!opts.randomkeys) {
      const reliable = opts.reliable && !opts.crash && !opts.partitions;
      yield* checkPutConcurrent(ts, ck, keys[0]!, rs, res, reliable);
    }
  })());
  const stop: StopSignal = { stop: false };
  let parts: Task<void> | null = null;
  if (opts.partitions) {
    // Allow the clients to perform some operations without interruption.
    yield* sleep(1000);
    parts = world.scheduler.spawn('partitioner', partitioner(ts, stop));
  }
  yield* join(clients);
  ts.checkLinearizable();
  if (parts !== null) {
    // A request submitted in a minority returns only once that server learns of a new term.
    stop.stop = true;
    yield* join(parts);
    ts.connectAll();
    yield* sleep(ELECTION_TIMEOUT_MS);
  }
  if (opts.crash) {
    ts.shutdownAll();
    // "shutdown isn't a real crash and isn't instantaneous"
    yield* sleep(ELECTION_TIMEOUT_MS);
    ts.restartAll();
  }
  ts.checkSnapshotBounds();
}

/**
 * GenericTestSpeed: after a warm-up Get (a leader exists), 1000 sequential Puts must each return
 * OK, the final version must be 1000, and they must take at most 33.33 ms each on average.
 */
export function* genericTestSpeed(ts: KvTester): Proc {
  const ck = ts.makeClerk();
  yield* ts.get(ck, 'x');
  const start = ts.world.now;
  for (let i = 0; i < NUM_OPS; i++) {
    const err = yield* ts.put(ck, 'k', String(i), i);
    if (err !== 'OK') fail('GenericTestSpeed', `Put err ${err}`);
  }
  const dur = ts.world.now - start;
  const r = yield* ts.get(ck, 'k');
  if (r.err !== 'OK') fail('GenericTestSpeed', `Get err ${r.err}`);
  if (r.version !== NUM_OPS) fail('GenericTestSpeed', `Get too few ops ${r.version}`);
  const timePerOp = HEARTBEAT_INTERVAL_MS / OPS_PER_INTERVAL;
  const perOp = (dur / NUM_OPS).toFixed(3);
  ts.world.note('tester', `speed: ${NUM_OPS} Puts in ${dur} ms, ${perOp} ms/op`);
  if (dur > NUM_OPS * timePerOp) {
    fail('GenericTestSpeed',
      `Operations completed too slowly ${perOp}ms/op > ${timePerOp.toFixed(3)}ms/op`);
  }
  ts.checkLinearizable();
}
