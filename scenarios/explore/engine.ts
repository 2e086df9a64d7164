import fc from 'fast-check';
import { CoverageObserver, type RunCoverage } from '../../sim/coverage.ts';
import type { FaultCounts } from '../../sim/faults.ts';
import { runScenario, type RunFailure, type RunOptions, type RunResult } from '../../sim/runner.ts';
import type { FileDecision } from '../../sim/schedule-file.ts';
import type { DataLists, Schedule } from '../../sim/schedule.ts';
import { shrinkExplored } from './shrink-run.ts';
import { failureSignature, type Minimality } from '../../sim/shrink.ts';
import { exploreSpec } from './arbitraries.ts';
import { noInjections, type InjectedCounts } from './faults.ts';
import { exploreScenario, type ExploreOptions } from './scenario.ts';
import type { ExploreSpec } from './spec.ts';

/**
 * One generated run of `raftsim explore`, start to end: run `index` of a seed draws its spec
 * with fast-check from a seed of its own (runSeedOf), runs it, and if it fails shrinks it
 * (shrink-run.ts): the spec (fewer servers, clients, operations, fault events, calmer network)
 * and the run's remaining random decisions, in rounds. Everything is a pure
 * function of (seed, index, implementation, budgets), so any worker, shard or process makes the
 * same run, verdict and schedule.
 */

/** A known-bad variant's factories (none: the real implementation). */
export type Variant = Pick<RunOptions, 'nodeFactory' | 'kvServiceFactory'>;

export interface EngineOptions {
  readonly variant: Variant;
  /** Candidate runs for each shrink of the spec, and of the decisions (shrink-run.ts). */
  readonly specShrinkRuns: number;
  readonly decisionShrinkRuns: number;
  /** The user's own invariant (library use). */
  readonly explore?: ExploreOptions;
  /** false: report a failure unshrunk (`shrunk: null`; the bug-zoo bench times detection). */
  readonly shrink?: boolean;
}

export const DEFAULT_SPEC_SHRINK_RUNS = 300;
export const DEFAULT_DECISION_SHRINK_RUNS = 1500;

export type Verdict = 'pass' | 'fail' | 'undecided';

/** What a run exercised: the simulator's counts, the faults injected, the operations issued. */
export interface Coverage extends RunCoverage {
  readonly injected: InjectedCounts;
  readonly net: FaultCounts;
  readonly simMs: number;
}

/** A failure shrunk to a small schedule: what a schedule file holds. */
export interface ShrunkRun {
  readonly spec: ExploreSpec;
  readonly failure: RunFailure;
  readonly decisions: readonly FileDecision[];
  readonly data: DataLists;
  /** Candidate runs spent (spec shrink + decision shrink); non-benign decisions before. */
  readonly runs: number;
  readonly from: number;
  readonly minimality: Minimality;
}

export interface RunOutcome {
  readonly index: number;
  readonly runSeed: number;
  readonly spec: ExploreSpec;
  readonly verdict: Verdict;
  readonly failure: RunFailure | null;
  /** The run's trace hash (sim/trace.ts): equal hashes, the same run. */
  readonly traceHash: string;
  readonly coverage: Coverage;
  readonly shrunk: ShrunkRun | null;
}

/** The fast-check seed of run `index` of `seed` (FNV-1a over "seed/index"), a 32-bit integer. */
export function runSeedOf(seed: number, index: number): number {
  let h = 0x811c9dc5;
  for (const c of `${seed}/${index}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h | 0;
}

/** An undecided linearizability check is its own verdict, never a pass nor a failure. */
export function verdictOf(f: RunFailure | null): Verdict {
  if (f === null) return 'pass';
  return f.kind === 'check' && f.check === 'linearizability undecided' ? 'undecided' : 'fail';
}

/** Run one spec (seeded, or driven by a schedule), counting coverage. */
export function runSpec(spec: ExploreSpec, o: EngineOptions, schedule: Schedule | null = null,
  extra: RunOptions = {}): { result: RunResult; coverage: Coverage } {
  const scenario = exploreScenario(spec, o.explore);
  const observer = new CoverageObserver();
  const result = runScenario(scenario, spec.seed,
    { ...o.variant, schedule, observer, ...extra });
  const d = scenario.counts.director;
  const injected = d?.injected ?? noInjections();
  const net = d?.net.counts ?? { lost: 0, delayed: 0, held: 0, duplicated: 0, clogged: 0 };
  return { result, coverage: { ...observer.counts, injected, net, simMs: result.simMs } };
}

/** Run `index` of `seed`: generate, run, and if it fails shrink it (shrink-run.ts). */
export function exploreRun(seed: number, index: number, o: EngineOptions): RunOutcome {
  const runSeed = runSeedOf(seed, index);
  let first: { spec: ExploreSpec; result: RunResult; coverage: Coverage } | null = null;
  fc.check(fc.property(exploreSpec(), (spec) => {
    first = { spec, ...runSpec(spec, o) };
    return verdictOf(first.result.failure) !== 'fail';
  }), { seed: runSeed, numRuns: 1, endOnFailure: true });
  const ran = first as { spec: ExploreSpec; result: RunResult; coverage: Coverage } | null;
  if (ran === null) throw new Error(`explore: run ${index} generated no spec`);
  const verdict = verdictOf(ran.result.failure);
  const base = { index, runSeed, spec: ran.spec, verdict, failure: ran.result.failure,
    traceHash: ran.result.traceHash, coverage: ran.coverage };
  if (verdict !== 'fail' || o.shrink === false) return { ...base, shrunk: null };
  return { ...base,
    shrunk: shrinkExplored(ran.spec, runSeed, failureSignature(ran.result.failure!), o) };
}
