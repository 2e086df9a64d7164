import { Worker } from 'node:worker_threads';

/**
 * Indexed jobs on worker threads, results in job order: the shape `raftsim explore` needs (and
 * `run --workers` can share: a job is a number, a result any structured-cloneable value). Jobs
 * come from `take()` one at a time, as workers free up, until it returns undefined (all handed
 * out, the time budget spent, or Ctrl-C); each result goes to `emit` in the order its job was
 * taken, whatever order they finish in. A job is a pure function of its number, so the results
 * are the same on any number of workers; only the wall time differs.
 *
 * Protocol: the main thread posts `{ job }` and the worker answers `{ job, result }`; `null` tells
 * a worker to exit. The worker module gets `workerData` and answers with `serveJobs` (below).
 */
export interface JobSource {
  /** The next job, or undefined when no more should start. */
  take(): number | undefined;
}

export interface PoolOptions<R> {
  readonly workers: number;
  /** The worker module, next to the calling module: `name.ts` from source, `name.js` built. */
  readonly entry: { readonly name: string; readonly from: string };
  readonly workerData: unknown;
  /** Runs a job in this thread (workers <= 1). */
  readonly here: (job: number) => R;
  readonly emit: (job: number, result: R) => void;
  /** Awaited between jobs in this thread, so a signal handler can run (Ctrl-C). */
  readonly breathe?: () => Promise<void>;
}

export async function runJobs<R>(jobs: JobSource, o: PoolOptions<R>): Promise<void> {
  if (o.workers <= 1) {
    for (let job = jobs.take(); job !== undefined; job = jobs.take()) {
      o.emit(job, o.here(job));
      await o.breathe?.();
    }
    return;
  }
  await onWorkers(jobs, o);
}

function onWorkers<R>(jobs: JobSource, o: PoolOptions<R>): Promise<void> {
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    const taken: number[] = [];
    const results = new Map<number, R>();
    let emitted = 0;
    let busy = 0;
    let over = false;
    const finish = (e?: unknown): void => {
      if (over) return;
      over = true;
      for (const w of pool) void w.terminate();
      if (e === undefined) resolve();
      else reject(e instanceof Error ? e : new Error(String(e)));
    };
    const feed = (w: Worker): void => {
      const job = jobs.take();
      if (job === undefined) return;
      taken.push(job);
      busy += 1;
      w.postMessage({ job });
    };
    const flush = (): void => {
      while (emitted < taken.length && results.has(taken[emitted]!)) {
        const job = taken[emitted++]!;
        const r = results.get(job)!;
        results.delete(job);
        o.emit(job, r);
      }
      if (busy === 0) finish();
    };
    for (let k = 0; k < o.workers; k++) {
      const w = startWorker(o.entry, o.workerData);
      pool.push(w);
      w.on('message', (m: { job: number; result: R }) => {
        if (over) return;
        busy -= 1;
        results.set(m.job, m.result);
        try {
          feed(w);
          flush();
        } catch (e) {
          finish(e);
        }
      });
      w.on('error', finish);
      w.on('exit', (code) => {
        if (code !== 0 && !over) finish(new Error(`a worker exited with code ${code}`));
      });
      feed(w);
    }
    if (busy === 0) finish();
  });
}

/**
 * A worker thread running `entry.name`, found next to the module `entry.from` (its
 * import.meta.url): `.ts` when running from source through tsx (the worker registers tsx itself,
 * as bin/raftsim.js does: loader hooks are not inherited by workers), `.js` when built
 * (bin/build.js bundles the worker next to dist/raftsim.js).
 */
function startWorker(entry: PoolOptions<unknown>['entry'], workerData: unknown): Worker {
  const fromSource = entry.from.endsWith('.ts');
  const url = new URL(`./${entry.name}${fromSource ? '.ts' : '.js'}`, entry.from);
  if (!fromSource) return new Worker(url, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); ` +
    `return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** In a worker module: answer every `{ job }` with `{ job, result: work(job) }` until `null`. */
export function serveJobs<R>(port: import('node:worker_threads').MessagePort,
  work: (job: number) => R): void {
  port.on('message', (m: { job: number } | null) => {
    if (m === null) {
      port.close();
      return;
    }
    port.postMessage({ job: m.job, result: work(m.job) });
  });
}
