import { makeTest, KvTester } from '../scenarios/kv/tester.ts';
import { makeKeys } from '../scenarios/kv/workload.ts';
import type { Scenario } from '../sim/scenario.ts';
import type { KvClient } from '../sim/kv-client.ts';
import { join, sleep, type Proc } from '../sim/tasks.ts';

/**
 * The cost-curve workloads of `npm run bench`: the 2025 KV service (5 servers, snapshots at
 * maxraftstate 1000, reliable network) under load whose size is one parameter, so that run time
 * can be read against simulated time and against operations. Keys are few and values small, so
 * the state (and every snapshot) stays the same size however long the run: what grows is only
 * the time or the op count. The linearizability check is left out: these measure the simulator.
 */

const SERVERS = 5;
const MAX_RAFT_STATE = 1000;
const KEYS = makeKeys(5);

/** What one curve point ran: its virtual length and its client operations. */
export interface CurveStats {
  ops: number;
}

function tester(world: Parameters<Scenario['run']>[0], clients: number): KvTester {
  return new KvTester(world,
    makeTest({ part: 'bench', nclients: clients, nservers: SERVERS, reliable: true,
      maxraftstate: MAX_RAFT_STATE }));
}

/** One Put (at the version a Get reports) or one Get; returns ops done (1 or 2). */
function* step(ts: KvTester, ck: KvClient, key: string, put: boolean, v: number): Proc<number> {
  const r = yield* ts.get(ck, key);
  if (!put) return 1;
  yield* ts.put(ck, key, String(v), r.version);
  return 2;
}

/**
 * `clients` clients each repeating (Get, then every other time a Put) on the shared keys with
 * a 20 ms pause, for `seconds` of virtual time: operations grow with the simulated time.
 */
export function steadyLoad(seconds: number, clients: number, stats: CurveStats): Scenario {
  return {
    id: `bench/steady-${seconds}s`, title: `bench: ${clients} clients for ${seconds} s`,
    source: 'bench',
    *run(world) {
      const ts = tester(world, clients);
      const end = world.now + seconds * 1000;
      const tasks = Array.from({ length: clients }, (_, c) =>
        world.scheduler.spawn(`client ${c}`, (function* (): Proc {
          const ck = ts.makeClerk();
          for (let i = 0; world.now < end; i++) {
            stats.ops += yield* step(ts, ck, KEYS[(c + i) % KEYS.length]!, i % 2 === 0, i);
            yield* sleep(20);
          }
        })()));
      for (const t of tasks) yield* join(t);
    },
  };
}

/** One clerk doing `ops` operations back to back (alternating Get and Put + Get). */
export function sequentialOps(ops: number, stats: CurveStats): Scenario {
  return {
    id: `bench/ops-${ops}`, title: `bench: ${ops} sequential operations`, source: 'bench',
    *run(world) {
      const ts = tester(world, 1);
      const ck = ts.makeClerk();
      for (let i = 0; stats.ops < ops; i++) {
        stats.ops += yield* step(ts, ck, KEYS[i % KEYS.length]!, i % 2 === 0, i);
      }
    },
  };
}
