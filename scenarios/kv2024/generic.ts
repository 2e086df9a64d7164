import type { KvClient } from '../../sim/kv-client.ts';
import { join, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { ELECTION_TIMEOUT_MS, makeTest, type KvTestOptions } from '../kv/tester.ts';
import { partitioner, spawnClients, type StopSignal } from '../kv/workload.ts';
import type { Scenario } from '../types.ts';
import {
  appendElement, checkClntAppends, genericTitle, kv2024Source, KvTester2024,
} from './tester.ts';
import { dataSite } from '../sites.ts';

const KEY = dataSite('key');
const OP = dataSite('append or not');
const PUT_OR_GET = dataSite('put or get');

/** GenericTest (2021-2024): 3 iterations, each with a 5 s client phase. */
const NITER = 3;
const CLIENT_PHASE_MS = 5000;
/** With partitions, the clients first run this long "without interruption". */
const CALM_MS = 1000;

/** GenericTestSpeed: 1000 Appends, at least 3 per 100 ms heartbeat interval (33.33 ms/op). */
const NUM_OPS = 1000;
const HEARTBEAT_INTERVAL_MS = 100;
const OPS_PER_INTERVAL = 3;

/** A kv2024 scenario over a 2024 tester. */
export function kv2024Scenario(name: string, opts: KvTestOptions, title: string,
  body: (ts: KvTester2024) => Proc): Scenario {
  return { id: `kv2024/${name}`, title, source: kv2024Source(name), kv: true,
    run: (world: World) => body(new KvTester2024(world, opts, title)) };
}

/** `GenericTest(...)` for the test named `name`. */
export function genericScenario(name: string, opts: KvTestOptions): Scenario {
  return kv2024Scenario(name, opts, genericTitle(opts), genericTest);
}

/** `GenericTestSpeed(t, part, maxraftstate)`: 3 servers, one clerk, reliable. */
export function speedScenario(name: string, part: string, maxraftstate: number): Scenario {
  const opts = makeTest({ part, nclients: 1, nservers: 3, reliable: true, maxraftstate });
  return kv2024Scenario(name, opts, `Test: ops complete fast enough (${part})`, genericTestSpeed);
}

/**
 * GenericTest (kvraft/test_test.go, 2024): clients Append and Get (each on its own key, or on
 * random keys) for 5 s per iteration while, if enabled, the partitioner reshapes the network;
 * then heal, crash and restart every server, check each client's appends and the snapshot
 * bounds; after the 3 iterations, check the whole history with the Append model.
 */
function* genericTest(ts: KvTester2024): Proc {
  const ck = ts.makeClerk();
  for (let i = 0; i < NITER; i++) {
    ts.world.note('tester', `Iteration ${i}`);
    yield* iteration(ts, ck);
  }
  ts.checkLinearizable();
}

function* iteration(ts: KvTester2024, ck: KvClient): Proc {
  const { opts, world } = ts;
  const done: StopSignal = { stop: false };
  const clients: Task<number>[] = spawnClients(ts, opts.nclients,
    (cli, myck, d) => genericClient(ts, cli, myck, d), done);
  const stop: StopSignal = { stop: false };
  let parts: Task<void> | null = null;
  if (opts.partitions) {
    // Allow the clients to perform some operations without interruption.
    yield* sleep(CALM_MS);
    parts = world.scheduler.spawn('partitioner', partitioner(ts, stop));
  }
  yield* sleep(CLIENT_PHASE_MS);
  done.stop = true;
  stop.stop = true;
  if (parts !== null) {
    // A request submitted in a minority returns only once that server learns of a new term.
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
  for (let i = 0; i < opts.nclients; i++) {
    const j = yield* join(clients[i]!);
    const v = yield* ts.getValue(ck, String(i));
    if (!opts.randomkeys) checkClntAppends(i, v, j);
  }
  ts.checkSnapshotBounds();
}

/**
 * One GenericTest client: Put its key to "", then until told to stop: 50% Append "x cli j y";
 * with random keys 5% Put; otherwise Get, which (own key) must equal the value predicted
 * locally. Returns how many elements it appended (or put).
 */
function* genericClient(ts: KvTester2024, cli: number, myck: KvClient, done: StopSignal)
  : Proc<number> {
  const { randomkeys, nclients } = ts.opts;
  let j = 0;
  let last = '';
  if (!randomkeys) yield* ts.putPlain(myck, String(cli), last);
  while (!done.stop) {
    const key = randomkeys ? String(ts.rand.data(nclients, KEY)) : String(cli);
    const nv = appendElement(cli, j);
    if (ts.rand.data(1000, OP) < 500) {
      yield* ts.append(myck, key, nv);
      if (!randomkeys) last += nv;
      j++;
    } else if (randomkeys && ts.rand.data(1000, PUT_OR_GET) < 100) {
      // Only with random keys: a Put would break the check after Get.
      yield* ts.putPlain(myck, key, nv);
      j++;
    } else {
      const v = yield* ts.getValue(myck, key);
      if (!randomkeys && v !== last) {
        fail('get wrong value', `key ${key}, wanted:\n${last}\n, got\n${v} len(v) ${v.length}`);
      }
    }
  }
  return j;
}

/**
 * GenericTestSpeed (2021-2024): after a warm-up Get (a leader exists), 1000 sequential Appends
 * to "x"; all must be there once and in order, at most 33.33 ms each on average.
 */
function* genericTestSpeed(ts: KvTester2024): Proc {
  const ck = ts.makeClerk();
  yield* ts.getValue(ck, 'x');
  const start = ts.world.now;
  for (let i = 0; i < NUM_OPS; i++) yield* ts.append(ck, 'x', appendElement(0, i));
  const dur = ts.world.now - start;
  const v = yield* ts.getValue(ck, 'x');
  checkClntAppends(0, v, NUM_OPS);
  const timePerOp = HEARTBEAT_INTERVAL_MS / OPS_PER_INTERVAL;
  const perOp = (dur / NUM_OPS).toFixed(3);
  ts.world.note('tester', `speed: ${NUM_OPS} Appends in ${dur} ms, ${perOp} ms/op`);
  if (dur > NUM_OPS * timePerOp) {
    fail('GenericTestSpeed',
      `Operations completed too slowly ${perOp}ms/op > ${timePerOp.toFixed(3)}ms/op`);
  }
  ts.checkLinearizable();
}
