import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { REAL, type Implementation } from './impl.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from '../sim/runner.ts';
import type { SeedRange } from './flags.ts';
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

/** What the main thread sends a worker: a job by index, or null (no more jobs: exit). */
export type JobMessage = { readonly index: number; readonly scenario: string;
  readonly seed: number } | null;

/** What a worker sends back: the run's result (histories and recording left out). */
export interface ResultMessage {
  readonly index: number;
  readonly result: TimedResult;
}

/** Where runJobs reports: each result in job order, and whether to stop (Ctrl-C). */
export interface JobSink {
  emit(r: TimedResult): void;
  /** Asked after each result is emitted; true: hand out no more runs. */
  stopRequested(): Promise<boolean>;
}

/**
 * What runJobs did: the results emitted (a prefix of the job order), and whether it was asked
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
 * Runs the jobs and hands each result to `sink.emit` in job order, whatever order they finish
 * in: with `workers` = 1 in this thread, one after another; with more, on that many worker
 * threads, each taking the next job as it finishes one. A run is a pure function of
 * (scenario, seed, implementation), so the results are the same either way; only wall times
 * differ (a worker loads the implementation again from the flags that chose it). When
 * `sink.stopRequested()` says so, no more runs are handed out; the runs in progress finish,
 * and those that complete the job-order prefix are emitted (later ones are dropped: the
 * resume command runs them again). Wall time is read here only to be reported.
 */
export async function runJobs(plan: RunPlan, workers: number, impl: Implementation | null,
  sink: JobSink): Promise<JobsDone> {
  const n = jobCount(plan);
  const on = impl ?? REAL;
  if (workers <= 1 || n <= 1) return runHere(plan, on, sink);
  return runOnWorkers(plan, Math.min(workers, n), on, sink);
}

async function runHere(plan: RunPlan, impl: Implementation, sink: JobSink): Promise<JobsDone> {
  const results: TimedResult[] = [];
  for (let i = 0; i < jobCount(plan); i++) {
    const job = jobAt(plan, i);
    const r = timedRun(job.scenario, job.seed, impl);
    results.push(r);
    sink.emit(r);
    if (await sink.stopRequested()) return { results, stopped: true };
  }
  return { results, stopped: false };
}

/** One run, timed, without its histories; used by both this thread and the workers. */
export function timedRun(scenario: Scenario, seed: number, impl: Implementation): TimedResult {
  const t0 = performance.now();
  const r = runScenario(scenario, seed, impl.run);
  return timed(r, performance.now() - t0, impl.bug?.id, undefined, impl);
}

async function runOnWorkers(plan: RunPlan, count: number, impl: Implementation,
  sink: JobSink): Promise<JobsDone> {
  const total = jobCount(plan);
  const slots: Array<TimedResult | undefined> = new Array(total);
  const results: TimedResult[] = [];
  const order = new Dispatcher(plan);
  let stopping = false;
  /** One worker's loop: take a job, run it there, emit what is now in order, ask to stop. */
  const drive = async (w: PoolWorker): Promise<void> => {
    for (let i = order.take(); i !== undefined && !stopping; i = order.take()) {
      const job = jobAt(plan, i);
      const r = await w.run({ index: i, scenario: job.scenario.id, seed: job.seed });
      slots[i] = r;
      order.done(i, r.wallMs);
      while (results.length < total && slots[results.length] !== undefined) {
        const next = slots[results.length]!;
        results.push(next);
        sink.emit(next);
      }
      if (!stopping && await sink.stopRequested()) stopping = true;
    }
  };
  const pool = Array.from({ length: count }, () => new PoolWorker(impl));
  let finished = false;
  try {
    await Promise.all(pool.map(drive));
    finished = true;
  } finally {
    // After a failure the other workers' runs are of no use: stop them at once.
    for (const w of pool) w.close(!finished);
  }
  return { results, stopped: stopping };
}

/**
 * A worker thread running cli/pool-worker, one job at a time. The entry is found next to this
 * module: `.ts` when this runs from source through tsx (the worker then registers tsx itself,
 * as bin/raftsim.js does: loader hooks are not inherited by workers), `.js` when it runs
 * bundled (bin/build.js writes dist/pool-worker.js next to dist/raftsim.js).
 */
class PoolWorker {
  private readonly worker: Worker;
  private waiting: { resolve(r: TimedResult): void; reject(e: Error): void } | null = null;
  private failure: Error | null = null;

  constructor(impl: Implementation) {
    this.worker = startWorker(impl);
    this.worker.on('message', (m: ResultMessage) => {
      const w = this.waiting;
      this.waiting = null;
      w?.resolve(m.result);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`worker exited with code ${code}`));
    });
  }

  run(job: JobMessage): Promise<TimedResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage(job satisfies JobMessage);
    });
  }

  /** No more jobs: the worker exits once its port closes (at once if `now`). */
  close(now: boolean): void {
    if (this.failure === null) {
      this.failure = new Error('worker closed');
      this.worker.postMessage(null satisfies JobMessage);
    }
    if (now) void this.worker.terminate();
  }

  private fail(e: Error): void {
    if (this.failure === null) this.failure = e;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(e);
  }
}

/** What a worker needs to load the implementation again: the flags' values (see impl.ts). */
export interface WorkerImpl {
  readonly bug: string | null;
  readonly impl: string | null;
  readonly kvImpl: string | null;
}

function startWorker(impl: Implementation): Worker {
  const workerData: WorkerImpl = { bug: impl.bug?.id ?? null, impl: impl.raft?.path ?? null,
    kvImpl: impl.kv?.path ?? null };
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './pool-worker.ts' : './pool-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); ` +
    `return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
