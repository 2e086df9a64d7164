import test from 'ava';
import { raftSuite } from '../scenarios/raft/index.ts';
import { runScenario } from '../sim/runner.ts';

/** The course's 28 Raft tests pass on the correct RaftNode, seeds 1..5 (about 6 s). */
const SEEDS = [1, 2, 3, 4, 5];

for (const scenario of raftSuite) {
  test(`${scenario.id} passes on seeds ${SEEDS[0]}..${SEEDS.at(-1)}`, (t) => {
    const failures = SEEDS.map((seed) => runScenario(scenario, seed)).filter((r) => !r.ok)
      .map((r) => `seed ${r.seed}: ${r.failure!.check} at ${r.failure!.atMs} ms: ` +
        `${r.failure!.message}`);
    t.deepEqual(failures, []);
  });
}
