import test from 'ava';
import { findScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner.ts';
import { control, KV_BUGS, type KvServiceFactory } from '../scenarios/bugs/kv/index.ts';

/**
 * The kv2024 suite catches the two classic bugs of the Put/Append era, each on fixed runs found
 * by running every kv2024 scenario on seeds 1..3 with the known-bad service
 * (scenarios/bugs/kv); the fixtures' correct service passes the very same runs. Each row
 * names the check that fires.
 * - no-dedup (a retried Append applied twice): the client's own Get sees its element twice, the
 *   one-key test sees a duplicate, and the history check finds an illegal Get (random keys).
 * - read-from-local-state (a leader answers Get from its own state, no log round): a Get in the
 *   minority completes; a restarted leader reads "" before it has replayed its log; the history
 *   check finds a stale Get.
 */
const table: ReadonlyArray<[string, ReadonlyArray<[string, number, string]>]> = [
  ['no-dedup', [
    ['kv2024/Unreliable4A', 1, 'get wrong value'],
    ['kv2024/UnreliableOneKey4A', 1, 'checkConcurrentAppends'],
    ['kv2024/PersistPartitionUnreliableLinearizable4A', 1, 'linearizability'],
  ]],
  ['read-from-local-state', [
    ['kv2024/OnePartition4A', 1, 'no progress in minority'],
    ['kv2024/PersistOneClient4A', 1, 'checkClntAppends'],
    ['kv2024/PersistPartitionUnreliableLinearizable4A', 1, 'linearizability'],
  ]],
];

function run(id: string, seed: number, factory: KvServiceFactory): ReturnType<typeof runScenario> {
  const scenario = findScenario(id);
  if (scenario === undefined) throw new Error(`no scenario ${id}`);
  return runScenario(scenario, seed, { kvServiceFactory: factory });
}

for (const [name, runs] of table) {
  const bug = KV_BUGS.find((b) => b.name === name)!;
  for (const [id, seed, check] of runs) {
    test(`${name} (${bug.catalog}) is caught by ${id} seed ${seed}: ${check}`, (t) => {
      const bad = run(id, seed, bug.factory);
      t.false(bad.ok);
      t.is(bad.failure?.kind, 'check');
      t.is(bad.failure?.check, check, JSON.stringify(bad.failure));
      const good = run(id, seed, control);
      t.true(good.ok, JSON.stringify(good.failure));
    });
  }
}
