/** The scenario contract is the simulator's (sim/scenario.ts); scenarios implement it. */
export { SCENARIO_CAP_MS, type Scenario } from '../sim/scenario.ts';
