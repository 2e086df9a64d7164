import type { Scenario } from '../types.ts';
import { duplicateAppendScenario } from './duplicate-append.ts';
import { figure8Scenario } from './figure8.ts';
import { outOfOrderAppendScenario } from './out-of-order-append.ts';
import { snapshotDedupScenario } from './snapshot-dedup.ts';
import { staleReadScenario } from './stale-read.ts';
import { termNotUpdatedScenario } from './term-not-updated.ts';
import { voteNotPersistedScenario } from './vote-not-persisted.ts';

/**
 * Each scenario tells its bug to the classic consequence the catalogue names (two leaders, a lost
 * entry, a stale read), so the safety monitor's variable-level invariants (sim/safety-vars.ts),
 * which would stop the story at the first broken rule, are off here.
 */
function classic(s: Scenario): Scenario {
  return { ...s, run: (world) => {
    world.safety.variables = false;
    return s.run(world);
  } };
}

/** The famous Raft/KV bugs as short deterministic schedules (raft-bugs.md §2), ids `paper/`. */
export const paperSuite: readonly Scenario[] = [
  figure8Scenario,
  voteNotPersistedScenario,
  staleReadScenario,
  termNotUpdatedScenario,
  duplicateAppendScenario,
  snapshotDedupScenario,
  outOfOrderAppendScenario,
].map(classic);
