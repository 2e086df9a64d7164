import { performance } from 'node:perf_hooks';
import { findBug, type KnownBug } from '../scenarios/bugs/index.ts';
import { findScenario } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from '../sim/runner.ts';
import type { SeedRange } from './flags.ts';
import { timed, type TimedResult } from './report.ts';
import { runJobs, type JobSource } from './workers.ts';

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

/** Job `i` of the plan, run and timed (histories left out); the same in any thread. */
export function runJob(plan: RunPlan, bug: KnownBug | null, i: number): TimedResult {
  const n = plan.scenarios.length;
  const t0 = performance.now();
  const r = runScenario(plan.scenarios[i % n]!, plan.seeds.first + Math.floor(i / n),
    bug?.run ?? {});
  return timed(r, performance.now() - t0, bug?.id);
}

/** What a `run --workers` worker gets (cli/run-worker.ts): the plan by ids, the bug by id. */
export interface RunJobConfig {
  readonly scenarios: readonly string[];
  readonly seeds: SeedRange;
  readonly bug: string | null;
}

/** The plan and bug a worker rebuilds from its RunJobConfig. */
export function fromConfig(c: RunJobConfig): { plan: RunPlan; bug: KnownBug | null } {
  const scenarios = c.scenarios.map((id) => findScenario(id) ?? unknown('scenario', id));
  const bug = c.bug === null ? null : findBug(c.bug) ?? unknown('bug', c.bug);
  return { plan: { scenarios, seeds: c.seeds }, bug };
}

function unknown(what: string, id: string): never {
  throw new Error(`cli/run-jobs: unknown ${what} ${id}`);
}

/**
 * The order jobs are handed to workers (results are printed in job order whatever it is):
 * a scenario not yet timed goes in job order; after that, the scenario whose runs took
 * longest goes first (longest processing time first), so the last runs handed out are short
 * ones and no worker is left with a long run while the others have finished. Only scenarios
 * within AHEAD seeds of the lowest seed not yet handed out are candidates: the printed prefix
 * keeps up (a long scenario may not take all its seeds first) and few results wait unprinted.
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

/** Jobs in job order (one thread: each result is printed as soon as it is there). */
class InOrder {
  private next = 0;

  constructor(private readonly total: number) {}

  take(): number | undefined {
    return this.next < this.total ? this.next++ : undefined;
  }

  done(): void {}
}

/** The Ctrl-C watch runPlan consults (cli/interrupt.ts's Interrupt). */
export interface StopSignal {
  /** A signal has come (seen once the event loop has turned). */
  readonly pending: boolean;
  /** Lets a pending signal be delivered, then says if one came. */
  requested(): Promise<boolean>;
}

/** What runPlan did: the results printed (a prefix of the job order), and if it was stopped. */
export interface PlanDone {
  readonly results: TimedResult[];
  readonly stopped: boolean;
}

/**
 * Runs the plan on `workers` threads (cli/workers.ts; 1: this thread, in job order) and hands
 * each result to `emit` in job order, whatever order they finish in. A run is a pure function
 * of (scenario, seed, bug), so the results are the same on any number of workers; only wall
 * times differ. Once `stop` has a signal no more runs start; the runs in progress finish, and
 * those that extend the job-order prefix are printed (later ones are dropped: the resume
 * command runs them again). `stopped` says a signal came, possibly after the last run.
 */
export async function runPlan(plan: RunPlan, workers: number, bug: KnownBug | null,
  emit: (r: TimedResult) => void, stop: StopSignal): Promise<PlanDone> {
  const order = workers > 1 ? new Dispatcher(plan) : new InOrder(jobCount(plan));
  let stopped = false;
  const jobs: JobSource = {
    take: () => {
      if (stop.pending) stopped = true;
      return stopped ? undefined : order.take();
    },
  };
  const finished = new Map<number, TimedResult>();
  const results: TimedResult[] = [];
  const config: RunJobConfig = { scenarios: plan.scenarios.map((s) => s.id), seeds: plan.seeds,
    bug: bug?.id ?? null };
  await runJobs(jobs, {
    workers, entry: { name: 'run-worker', from: import.meta.url }, workerData: config,
    here: (job) => runJob(plan, bug, job),
    emit: (job, r: TimedResult) => {
      order.done(job, r.wallMs);
      finished.set(job, r);
      for (let next = finished.get(results.length); next !== undefined;
        next = finished.get(results.length)) {
        finished.delete(results.length);
        results.push(next);
        emit(next);
      }
    },
    breathe: async () => { await stop.requested(); },
  });
  return { results, stopped };
}
