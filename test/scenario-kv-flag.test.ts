import test from 'ava';
import { allScenarios } from '../scenarios/index.ts';
import { SCENARIO_CAP_MS } from '../sim/scenario.ts';
import { World } from '../sim/world.ts';

/**
 * `Scenario.kv` is declared so the CLI can refuse `replay --history` and a KV-layer `--bug`
 * before running anything. Here each declaration is checked against what the scenario does:
 * a KV scenario registers its client history (its KV service is built through
 * world.kvServiceFactory at the same time); the others never do, to the end of the run.
 */
function recordsHistory(id: string): boolean {
  const scenario = allScenarios.find((s) => s.id === id)!;
  const world = new World(1, null);
  const main = world.scheduler.spawn('scenario', scenario.run(world));
  while (world.histories.length === 0 && !main.done && world.scheduler.failure === null) {
    if (!world.queue.runNext(SCENARIO_CAP_MS)) break;
  }
  return world.histories.length > 0;
}

for (const s of allScenarios) {
  test(`${s.id}: kv is ${s.kv === true}, and the run ${s.kv ? 'records' : 'never records'} a ` +
    'client history', (t) => {
    t.is(recordsHistory(s.id), s.kv === true);
  });
}

test('the KV scenarios are the 2025 KV suite, kv2024/, cpp/ and four of paper/', (t) => {
  const kv = allScenarios.filter((s) => s.kv === true).map((s) => s.id);
  t.is(kv.length, 22 + 23 + 11 + 4);
  t.deepEqual(kv.filter((id) => id.startsWith('paper/')), ['paper/StaleRead',
    'paper/TermNotUpdatedOnReplies', 'paper/DuplicateAppend', 'paper/SnapshotWithoutDedup']);
});
