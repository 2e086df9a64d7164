import test from 'ava';
import { selectScenarios } from '../cli/select.ts';
import { allScenarios, findScenario } from '../scenarios/index.ts';
import { raftSuite } from '../scenarios/raft/index.ts';
import { RaftTester, useTester2024 } from '../scenarios/raft/tester.ts';
import { raft2024Suite } from '../scenarios/raft2024/index.ts';
import { runScenario } from '../sim/runner.ts';
import { World } from '../sim/world.ts';

/**
 * The 2024 Raft suite (scenarios/raft2024): the 28 tests on the 2024 tester, passing on seeds
 * 1..3 (tools and CI sweep more), and the tester rules that set 2024 apart from 2025.
 */
const SEEDS = [1, 2, 3];

test('raft2024: the 28 tests in the course\'s order, their 2024 titles and sources', (t) => {
  t.deepEqual(raft2024Suite.map((s) => s.id), raftSuite.map((s) => `raft2024/${s.id}`));
  t.is(findScenario('raft2024/SnapshotInstallUnreliable3D')!.title,
    'Test (3D): install snapshots (disconnect+unreliable)');
  t.is(findScenario('raft2024/SnapshotInstallUnCrash3D')!.title,
    'Test (3D): install snapshots (unreliable+crash)');
  t.is(findScenario('raft2024/Persist23C')!.title, 'Test (3C): more persistence');
  for (const s of raft2024Suite) t.is(s.source, `6.5840 2024 raft Test${s.id.slice(9)}`);
  t.deepEqual(selectScenarios(['raft2024/*']), [...raft2024Suite]);
  t.false(selectScenarios(['*3?']).some((s) => s.id.includes('/')));
  const ids = allScenarios.map((s) => s.id);
  t.true(ids.indexOf('raft2024/InitialElection3A') > ids.indexOf('Basic4B'));
});

/** A 3-server tester in a fresh world, 2024's rules or 2025's. */
function testerOf(year: 2024 | 2025): RaftTester {
  const world = new World(1, null);
  if (year === 2024) useTester2024(world);
  return new RaftTester(world, { servers: 3, reliable: true, snapshots: false });
}

test('raft2024: a restart reconnects the restarted server alone (2025 heals every cut)', (t) => {
  for (const year of [2024, 2025] as const) {
    const tr = testerOf(year);
    t.is(tr.year, year);
    tr.disconnect(1);
    tr.crash(2);
    tr.restart(2);
    t.true(tr.isConnected(2) && tr.isUp(2));
    t.is(tr.isConnected(1), year === 2025, `${year}: the cut server 1`);
  }
});

test('raft2024: the tester\'s applied values outlive a restart (2025 starts afresh)', (t) => {
  for (const year of [2024, 2025] as const) {
    const tr = testerOf(year);
    tr.appliers[0]!.logs.set(1, '7');
    tr.crash(0);
    tr.restart(0);
    t.is(tr.appliers[0]!.logs.get(1), year === 2024 ? '7' : undefined, String(year));
  }
});

test('raft2024/Persist23C: the old leader and (leader+4) are reconnected, never crashed', (t) => {
  const lines: string[] = [];
  const r = runScenario(findScenario('raft2024/Persist23C')!, 1,
    { sink: (l) => lines.push(`${l.who} ${l.what}`) });
  t.true(r.ok, JSON.stringify(r.failure));
  const restarts = lines.filter((l) => / start \(incarnation [2-9]/.test(l)).length;
  // Five rounds restart three servers each (2025's restarts all five each round).
  t.is(restarts, 15);
});

for (const s of raft2024Suite) {
  test(`${s.id} passes on seeds ${SEEDS.join(', ')}`, (t) => {
    const failures = SEEDS.map((seed) => runScenario(s, seed)).filter((r) => !r.ok)
      .map((r) => `seed ${r.seed}: ${r.failure!.check}: ${r.failure!.message}`);
    t.deepEqual(failures, []);
  });
}
