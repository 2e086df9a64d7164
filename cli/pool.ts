import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { KnownBug } from '../scenarios/bugs/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario, type RunResult } from '../sim/runner.ts';
import type { TimedResult } from './report.ts';

/**
 * The runs of `raftsim run`: every scenario at every seed, seed by seed (job i is scenario
 * i mod n at seed i div n), listed without building them all.
 */
export interface RunPlan {
  readonly scenarios: readonly Scenario[];
  readonly seeds: readonly number[];
}

function jobCount(plan: RunPlan): number {
  return plan.scenarios.length * plan.seeds.length;
}

function jobAt(plan: RunPlan, i: number): { scenario: Scenario; seed: number } {
  const n = plan.scenarios.length;
  return { scenario: plan.scenarios[i % n]!, seed: plan.seeds[Math.floor(i / n)]! };
}

/** What the main thread sends a worker: a job by index, or null (no more jobs: exit). */
export type JobMessage = { readonly index: number; readonly scenario: string;
  readonly seed: number } | null;

/** What a worker sends back: the run's result (histories and recording left out). */
export interface ResultMessage {
  readonly index: number;
  readonly result: TimedResult;
}

/**
 * The order jobs are handed to workers (results are printed in job order whatever it is):
 * a scenario not yet timed goes in job order; after that, the scenario whose runs took
 * longest goes first (longest processing time first), so the last runs handed out are short
 * ones and no worker is left with a long run while the others have finished.
 */
export class Dispatcher {
  private readonly nextSeed: number[];
  private readonly costMs: Array<number | undefined>;
  private left: number;

  constructor(private readonly plan: RunPlan) {
    this.nextSeed = plan.scenarios.map(() => 0);
    this.costMs = plan.scenarios.map(() => undefined);
    this.left = jobCount(plan);
  }

  /** The next job index to hand out, or undefined when all are out. */
  take(): number | undefined {
    if (this.left === 0) return undefined;
    const n = this.plan.scenarios.length;
    const seeds = this.plan.seeds.length;
    let untimed = -1;
    let longest = -1;
    for (let j = 0; j < n; j++) {
      if (this.nextSeed[j]! >= seeds) continue;
      const cost = this.costMs[j];
      if (cost === undefined) {
        // Untimed scenarios go in job order: the lowest (seed, scenario) first.
        if (untimed === -1 || this.nextSeed[j]! < this.nextSeed[untimed]!) untimed = j;
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
 * Runs every job and hands each result to `emit` in job order, whatever order they finish in:
 * with `workers` = 1 in this thread, one after another; with more, on that many worker threads,
 * each taking the next job as it finishes one. A run is a pure function of (scenario, seed, bug),
 * so the results are the same either way; only wall times differ. Wall time is read here only to
 * be reported.
 */
export async function runJobs(plan: RunPlan, workers: number, bug: KnownBug | null,
  emit: (r: TimedResult) => void): Promise<TimedResult[]> {
  const n = jobCount(plan);
  if (workers <= 1 || n <= 1) return runHere(plan, bug, emit);
  return runOnWorkers(plan, Math.min(workers, n), bug, emit);
}

function runHere(plan: RunPlan, bug: KnownBug | null,
  emit: (r: TimedResult) => void): TimedResult[] {
  const results: TimedResult[] = [];
  for (let i = 0; i < jobCount(plan); i++) {
    const job = jobAt(plan, i);
    const r = timedRun(job.scenario, job.seed, bug);
    results.push(r);
    emit(r);
  }
  return results;
}

/** One run, timed; used by both this thread and the workers. */
export function timedRun(scenario: Scenario, seed: number, bug: KnownBug | null): TimedResult {
  const t0 = performance.now();
  const r: RunResult = runScenario(scenario, seed, bug?.run ?? {});
  return { ...r, wallMs: performance.now() - t0, bug: bug?.id };
}

function runOnWorkers(plan: RunPlan, count: number, bug: KnownBug | null,
  emit: (r: TimedResult) => void): Promise<TimedResult[]> {
  const total = jobCount(plan);
  return new Promise((resolve, reject) => {
    const results: Array<TimedResult | undefined> = new Array(total);
    const pool: Worker[] = [];
    const order = new Dispatcher(plan);
    let emitted = 0;
    let failed = false;
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const feed = (w: Worker): void => {
      const i = order.take();
      if (i === undefined) return;
      const job = jobAt(plan, i);
      w.postMessage({ index: i, scenario: job.scenario.id, seed: job.seed } satisfies JobMessage);
    };
    const onResult = (w: Worker, m: ResultMessage): void => {
      results[m.index] = m.result;
      order.done(m.index, m.result.wallMs);
      feed(w);
      // Print in job order: everything finished up to the first run still going.
      while (emitted < total && results[emitted] !== undefined) emit(results[emitted++]!);
      if (emitted === total) {
        for (const p of pool) p.postMessage(null satisfies JobMessage);
        resolve(results as TimedResult[]);
      }
    };
    for (let k = 0; k < count; k++) {
      const w = startWorker(bug);
      pool.push(w);
      w.on('message', (m: ResultMessage) => {
        if (!failed) onResult(w, m);
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (code !== 0) fail(new Error(`worker exited with code ${code}`));
      });
      feed(w);
    }
  });
}

/**
 * A worker thread running cli/pool-worker, found next to this module: `.ts` when this runs from
 * source through tsx (the worker then registers tsx itself, as bin/raftsim.js does: loader
 * hooks are not inherited by workers), `.js` when it runs compiled.
 */
function startWorker(bug: KnownBug | null): Worker {
  const workerData = { bug: bug?.id ?? null };
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './pool-worker.ts' : './pool-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); ` +
    `return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
