import type { Proc } from './tasks.ts';
import type { World } from './world.ts';

/**
 * A declarative scenario: an id equal to the course test's name without `Test`, the course's
 * title, and a process that builds its cluster in the given world and drives it. Checks throw
 * ScenarioFailure; safety monitors throw SafetyViolation; both fail the run.
 */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** Which course test it mirrors, e.g. "6.5840 2025 raft1 TestBackup3B". */
  readonly source: string;
  readonly run: (world: World) => Proc;
  /**
   * True when the scenario drives a KV service through clerks: its run records a client
   * history (`raftsim replay --history`) and a KV-layer known-bad variant (`--bug`) applies to
   * it. Declared, so the CLI can refuse such requests before it runs anything;
   * test/scenario-kv-flag.test.ts checks every scenario's declaration against its run.
   */
  readonly kv?: boolean;
}

/** Every scenario is capped at 120 virtual seconds, like the course's per-test limit. */
export const SCENARIO_CAP_MS = 120_000;
