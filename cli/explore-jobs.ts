import { findBug } from '../scenarios/bugs/index.ts';
import { exploreRun, type EngineOptions, type RunOutcome } from '../scenarios/explore/engine.ts';

/** What every thread of one `raftsim explore` call needs to make run number `job`. */
export interface ExploreJobConfig {
  readonly seed: number;
  /** A known-bad variant's id, or null for the real implementation. */
  readonly bug: string | null;
  readonly specShrinkRuns: number;
  readonly decisionShrinkRuns: number;
}

let cached: { config: ExploreJobConfig; options: EngineOptions } | null = null;

function optionsOf(c: ExploreJobConfig): EngineOptions {
  if (cached?.config !== c) {
    const bug = c.bug === null ? null : findBug(c.bug);
    if (bug === undefined) throw new Error(`explore: unknown variant ${c.bug}`);
    cached = { config: c, options: { variant: bug?.run ?? {}, specShrinkRuns: c.specShrinkRuns,
      decisionShrinkRuns: c.decisionShrinkRuns } };
  }
  return cached.options;
}

/** Generated run number `job` (scenarios/explore/engine.ts), shrunk if it fails. */
export function exploreJob(c: ExploreJobConfig, job: number): RunOutcome {
  return exploreRun(c.seed, job, optionsOf(c));
}

/** The runs of one pool job, in order: a block of run numbers (cli/explore.ts). */
export function exploreBlock(c: ExploreJobConfig, runs: readonly number[]): RunOutcome[] {
  return runs.map((job) => exploreJob(c, job));
}

/** In a worker (cli/pool-worker.ts): a block of runs of the config's seed. */
export function exploreWork(c: ExploreJobConfig): (runs: readonly number[]) => RunOutcome[] {
  return (runs) => exploreBlock(c, runs);
}
