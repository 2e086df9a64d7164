import { fork, type ChildProcess } from 'node:child_process';

/**
 * The worker pool of the commands that make many independent runs, `raftsim run --workers K`
 * and `raftsim explore --workers K`. A command supplies what a job is (`Jobs`): positions
 * 0, 1, 2, ... in output order, handed out in any order it likes (run: longest first), each
 * turned into a job a worker can do; the pool runs them in K worker processes, or in this
 * thread for K = 1, and hands each result to `emit` in position order, whatever order they
 * finish in. A job is a pure function of what the command sends, so the results are the same
 * on any number of workers; only the wall time differs.
 *
 * Workers are processes, not worker threads. Two V8 isolates in one process share V8's
 * platform threads, and their parallel garbage collections and compilations wait on each
 * other: on a 2-core machine two worker threads spent 22% more CPU on the same explore runs
 * than one thread did (1.52-1.57x the throughput of one on 10,000 runs), two processes 1.65x
 * in the same minutes (docs/performance.md). A worker costs its own start (about 0.15 s, the
 * bundled CLI) and memory (about 60 MB).
 *
 * Protocol (cli/pool-worker.ts, over the child's IPC channel, V8-serialized like postMessage):
 * the first message is `{ kind, data }`: the worker loads the job kind's module, which makes the
 * work function from the command's data once (a known-bad variant, a user's module, the
 * explore config); then the main process sends `{ position, job }`, IN_FLIGHT at a time, and
 * the worker answers each in turn with `{ position, result }` (or `{ position, error }`);
 * `null` tells it to exit, and it sends its CPU time last. Results are small (a run's summary
 * without its histories), so copying them costs nothing that shows.
 */

/** The kinds of job a worker can do; cli/pool-worker.ts maps each to its module. */
export type JobKind = 'run' | 'explore';

/** What a worker is started with. */
export interface WorkerData {
  readonly kind: JobKind;
  /** What the kind's module needs to make its work function (structured-cloneable). */
  readonly data: unknown;
}

export interface Jobs<J, R> extends WorkerData {
  /**
   * The next position to start, or undefined when no more should (all handed out, a time
   * budget spent). Positions may come out of order, but every position below one handed out
   * must be handed out too, or the results after the gap are never emitted.
   */
  take(): number | undefined;
  /** The job at a position, as a worker is sent it (structured-cloneable). */
  job(position: number): J;
  /** Does a job in this thread (K = 1). */
  here(job: J): R;
  /** A result came in, in finishing order (run learns each scenario's cost from it). */
  done?(position: number, result: R): void;
  /** Each result, in position order. */
  emit(position: number, result: R): void;
  /**
   * Asked after each result: true hands out no more jobs (Ctrl-C). The jobs in progress
   * finish; those that complete the emitted prefix are emitted, later ones dropped.
   */
  stop(): Promise<boolean>;
}

/** What the pool did: how many results it emitted (positions 0..n-1), and if it was stopped. */
export interface PoolDone {
  readonly emitted: number;
  readonly stopped: boolean;
  /** The CPU seconds its worker processes spent, all threads, as each said when it exited (0
   * when the jobs ran here; a worker killed after a failure says nothing). */
  readonly workerCpuS: number;
}

export async function runJobs<J, R>(jobs: Jobs<J, R>, workers: number): Promise<PoolDone> {
  return workers <= 1 ? runHere(jobs) : runOnWorkers(jobs, workers);
}

/** Results in, in any order; out to `emit` in position order. */
class InOrder<R> {
  private readonly waiting = new Map<number, R>();
  emitted = 0;

  constructor(private readonly emit: (position: number, result: R) => void) {}

  add(position: number, result: R): void {
    this.waiting.set(position, result);
    for (let r = this.waiting.get(this.emitted); r !== undefined;
      r = this.waiting.get(this.emitted)) {
      this.waiting.delete(this.emitted);
      this.emit(this.emitted++, r);
    }
  }
}

async function runHere<J, R>(jobs: Jobs<J, R>): Promise<PoolDone> {
  const order = new InOrder<R>((p, r) => jobs.emit(p, r));
  for (let p = jobs.take(); p !== undefined; p = jobs.take()) {
    const r = jobs.here(jobs.job(p));
    jobs.done?.(p, r);
    order.add(p, r);
    if (await jobs.stop()) return { emitted: order.emitted, stopped: true, workerCpuS: 0 };
  }
  return { emitted: order.emitted, stopped: false, workerCpuS: 0 };
}

async function runOnWorkers<J, R>(jobs: Jobs<J, R>, count: number): Promise<PoolDone> {
  const order = new InOrder<R>((p, r) => jobs.emit(p, r));
  let stopping = false;
  /** One worker's loop: take a job, run it there, emit what is now in order, ask to stop. */
  const drive = async (w: PoolWorker<J, R>): Promise<void> => {
    while (!stopping) {
      const p = jobs.take();
      if (p === undefined) return;
      const r = await w.run(p, jobs.job(p));
      jobs.done?.(p, r);
      order.add(p, r);
      if (!stopping && await jobs.stop()) stopping = true;
    }
  };
  const pool = Array.from({ length: count }, () => new PoolWorker<J, R>(jobs));
  // IN_FLIGHT loops per worker: each worker holds its next job while it runs one.
  const lanes = pool.flatMap((w) => Array.from({ length: IN_FLIGHT }, () => w));
  let finished = false;
  try {
    await Promise.all(lanes.map(drive));
    finished = true;
  } finally {
    // After a failure the other workers' runs are of no use: stop them at once.
    for (const w of pool) w.close(!finished);
  }
  // Wait for them to exit: no worker outlives the command (and their CPU time is then counted
  // as this process's children's).
  await Promise.all(pool.map((w) => w.exited));
  const workerCpuS = pool.reduce((sum, w) => sum + w.cpuUs, 0) / 1e6;
  return { emitted: order.emitted, stopped: stopping, workerCpuS };
}

/**
 * Jobs a worker holds at once. With one, a worker sat idle from sending a result until its next
 * job came, while the main process (on a machine whose cores the workers keep busy) got round to
 * it: `explore --runs 3000 --workers 2`, each worker idle 1.8-2.1 s of a 23-26 s span (8.5%);
 * with two, 0.86-0.94 s (4%); with four, 0.56-0.76 s (docs/performance.md). A worker answers
 * its jobs in the order they came, so its answers match its waiters in order.
 */
const IN_FLIGHT = 2;

/** What the main thread posts: a job and its position, or null (no more jobs: exit). */
export type JobMessage<J> = { readonly position: number; readonly job: J } | null;

/** What a worker posts back: a result or an error, and last, as it exits, its CPU time. */
export type ResultMessage<R> = { readonly position: number; readonly result: R } |
  { readonly position: number; readonly error: string } | { readonly cpuUs: number };

/** A worker process running cli/pool-worker: its jobs are run one after another, in order. */
class PoolWorker<J, R> {
  private readonly child: ChildProcess;
  /** The jobs sent and not answered, oldest first (answers come in the order jobs were sent). */
  private readonly waiting: { resolve(r: R): void; reject(e: Error): void }[] = [];
  private failure: Error | null = null;
  /** The CPU time (µs, all its threads) the worker said it spent as it exited; 0 until then. */
  cpuUs = 0;
  /** Resolves once the process has exited, whatever its status. */
  readonly exited: Promise<void>;

  constructor(kind: WorkerData) {
    this.child = startWorker();
    this.child.on('message', (m: ResultMessage<R>) => {
      if ('cpuUs' in m) {
        this.cpuUs = m.cpuUs;
        return;
      }
      if ('error' in m) {
        this.fail(new Error(m.error));
        return;
      }
      this.waiting.shift()?.resolve(m.result);
    });
    this.child.on('error', (e) => this.fail(e));
    const exit = new Promise<void>((resolve) => this.child.once('exit', (code, signal) => {
      if (code !== 0) {
        this.fail(new Error(`worker exited with ${signal === null ? `code ${code}` : signal}`));
      }
      resolve();
    }));
    // The channel closes once every message in it has been read (its last: the CPU time).
    const channel = new Promise<void>((resolve) => this.child.once('disconnect', resolve));
    this.exited = Promise.all([exit, channel]).then(() => undefined);
    this.send({ kind: kind.kind, data: kind.data } satisfies WorkerData);
  }

  run(position: number, job: J): Promise<R> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.send({ position, job } satisfies JobMessage<J>);
    });
  }

  /** No more jobs: the worker exits once it has read this (at once if `now`). */
  close(now: boolean): void {
    if (this.failure === null) {
      this.failure = new Error('worker closed');
      this.send(null satisfies JobMessage<J>);
    }
    if (now) this.child.kill();
  }

  private send(m: unknown): void {
    if (this.child.connected) this.child.send(m as never);
  }

  private fail(e: Error): void {
    if (this.failure === null) this.failure = e;
    for (const w of this.waiting.splice(0)) w.reject(e);
  }
}

/**
 * A worker process running cli/pool-worker, found next to this module: `.ts` when this runs
 * from source through tsx (the worker then loads tsx too), `.js` when it runs built
 * (bin/build.js writes dist/pool-worker.js next to the chunk this module is in). Its Node
 * options are its own, not this process's (a preloaded module here, a test runner's hooks,
 * are not the worker's business); its output goes where this process's does.
 */
function startWorker(): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './pool-worker.ts' : './pool-worker.js', import.meta.url);
  const execArgv = fromSource ? ['--import', import.meta.resolve('tsx')] : [];
  return fork(entry, [], { execArgv, serialization: 'advanced' });
}
