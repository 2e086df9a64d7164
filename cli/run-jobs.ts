import { performance } from 'node:perf_hooks';
import { findBug } from '../scenarios/bugs/index.ts';
import { allScenarios } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from '../sim/runner.ts';
import type { SeedRange } from './flags.ts';
import { loadImplementation, REAL, type Implementation } from './impl.ts';
import { runJobs } from './pool.ts';
import { timed, type TimedResult } from './report.ts';

/**
 * The runs of `raftsim run`: every scenario at every seed, seed by seed (job i is scenario
 * i mod n at seed first + i div n), listed without building them all.
 */
export interface RunPlan {
  readonly scenarios: readonly Scenario[];
  readonly seeds: SeedRange;
}

export function jobCount(plan: RunPlan): number {
  return plan.scenarios.length * (plan.seeds.last - plan.seeds.first + 1);
}

function jobAt(plan: RunPlan, i: number): { scenario: Scenario; seed: number } {
  const n = plan.scenarios.length;
  return { scenario: plan.scenarios[i % n]!, seed: plan.seeds.first + Math.floor(i / n) };
}

/** Where runPlan reports: each result in job order, and whether to stop (Ctrl-C). */
export interface JobSink {
  emit(r: TimedResult): void;
  /** Asked after each result is emitted; true: hand out no more runs. */
  stopRequested(): Promise<boolean>;
}

/**
 * What runPlan did: the results emitted (a prefix of the job order), and whether it was asked
 * to stop (possibly after the last run).
 */
export interface JobsDone {
  readonly results: TimedResult[];
  readonly stopped: boolean;
}

/**
 * The order jobs are handed to workers (results are printed in job order whatever it is):
 * a scenario not yet timed goes in job order; after that, the scenario whose runs took
 * longest goes first (longest processing time first), so the last runs handed out are short
 * ones and no worker is left with a long run while the others have finished. Only scenarios
 * within AHEAD seeds of the lowest seed not yet handed out are candidates: otherwise the
 * longest scenario would take all its seeds first, and nothing past the first seed could be
 * printed (nor Ctrl-C reach a prompt) until it had.
 */
const AHEAD = 1;

export class Dispatcher {
  private readonly nextSeed: number[];
  private readonly costMs: Array<number | undefined>;
  private readonly seedCount: number;
  private left: number;

  constructor(private readonly plan: RunPlan) {
    this.nextSeed = plan.scenarios.map(() => 0);
    this.costMs = plan.scenarios.map(() => undefined);
    this.seedCount = plan.seeds.last - plan.seeds.first + 1;
    this.left = jobCount(plan);
  }

  /** The next job index to hand out, or undefined when all are out. */
  take(): number | undefined {
    if (this.left === 0) return undefined;
    const n = this.plan.scenarios.length;
    let lowest = this.seedCount;
    for (let j = 0; j < n; j++) lowest = Math.min(lowest, this.nextSeed[j]!);
    let untimed = -1;
    let longest = -1;
    for (let j = 0; j < n; j++) {
      const seed = this.nextSeed[j]!;
      if (seed >= this.seedCount || seed > lowest + AHEAD) continue;
      const cost = this.costMs[j];
      if (cost === undefined) {
        // Untimed scenarios go in job order: the lowest (seed, scenario) first.
        if (untimed === -1 || seed < this.nextSeed[untimed]!) untimed = j;
      } else if (longest === -1 || cost > this.costMs[longest]!) {
        longest = j;
      }
    }
    const best = untimed !== -1 ? untimed : longest;
    this.left -= 1;
    return this.nextSeed[best]!++ * n + best;
  }

  /** A run of job `index` took `wallMs`: its scenario's cost is its longest run so far. */
  done(index: number, wallMs: number): void {
    const j = index % this.plan.scenarios.length;
    this.costMs[j] = Math.max(this.costMs[j] ?? 0, wallMs);
  }
}

/**
 * Runs the plan and hands each result to `sink.emit` in job order, whatever order they finish
 * in: with `workers` = 1 in this thread, one after another; with more, on that many worker
 * threads (cli/pool.ts), longest scenarios first (Dispatcher). A run is a pure function of
 * (scenario, seed, implementation), so the results are the same either way; only wall times
 * differ (a worker loads the implementation again from the flags that chose it). When
 * `sink.stopRequested()` says so, no more runs are handed out; the runs in progress finish,
 * and those that complete the job-order prefix are emitted (later ones are dropped: the
 * resume command runs them again). Wall time is read here only to be reported.
 */
export async function runPlan(plan: RunPlan, workers: number, impl: Implementation | null,
  sink: JobSink): Promise<JobsDone> {
  const n = jobCount(plan);
  const on = impl ?? REAL;
  const k = Math.min(workers, n);
  const order = k > 1 ? new Dispatcher(plan) : null;
  let next = 0;
  const results: TimedResult[] = [];
  const data: RunWorkerData = { bug: on.bug?.id ?? null, impl: on.raft?.path ?? null,
    kvImpl: on.kv?.path ?? null, scenarios: plan.scenarios.map((s) => s.id), seeds: plan.seeds };
  const done = await runJobs<number, TimedResult>({
    kind: 'run', data,
    take: () => (order !== null ? order.take() : next < n ? next++ : undefined),
    job: (i) => i,
    here: (i) => {
      const job = jobAt(plan, i);
      return timedRun(job.scenario, job.seed, on);
    },
    done: (i, r) => order?.done(i, r.wallMs),
    emit: (_i, r) => {
      results.push(r);
      sink.emit(r);
    },
    stop: () => sink.stopRequested(),
  }, k);
  return { results, stopped: done.stopped };
}

/** One run, timed, without its histories; used by both this thread and the workers. */
export function timedRun(scenario: Scenario, seed: number, impl: Implementation): TimedResult {
  const t0 = performance.now();
  const r = runScenario(scenario, seed, impl.run);
  return timed(r, performance.now() - t0, impl.bug?.id, undefined, impl);
}

/**
 * What a worker needs to make runs: the flags that chose the implementation (see impl.ts) and
 * the plan, as ids (functions cannot cross threads). A job is its index in the plan.
 */
export interface RunWorkerData {
  readonly bug: string | null;
  readonly impl: string | null;
  readonly kvImpl: string | null;
  readonly scenarios: readonly string[];
  readonly seeds: SeedRange;
}

/** In a worker (cli/pool-worker.ts): the implementation loaded again, and run i of the plan. */
export async function runWork(d: RunWorkerData): Promise<(i: number) => TimedResult> {
  const bug = d.bug === null ? null : findBug(d.bug) ?? null;
  if (d.bug !== null && bug === null) throw new Error(`cli/run-jobs: unknown bug ${d.bug}`);
  const impl = await loadImplementation({ bug, impl: d.impl ?? undefined,
    kvImpl: d.kvImpl ?? undefined });
  const byId = new Map(allScenarios.map((s) => [s.id, s]));
  const scenarios = d.scenarios.map((id) => {
    const s = byId.get(id);
    if (s === undefined) throw new Error(`cli/run-jobs: unknown scenario ${id}`);
    return s;
  });
  const plan: RunPlan = { scenarios, seeds: d.seeds };
  return (i) => {
    const job = jobAt(plan, i);
    return timedRun(job.scenario, job.seed, impl);
  };
}
