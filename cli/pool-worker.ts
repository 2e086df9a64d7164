import type { JobKind, JobMessage, ResultMessage, WorkerData } from './pool.ts';

/**
 * A worker process of the pool (cli/pool.ts), for `raftsim run --workers K` and `raftsim
 * explore --workers K`: its first message says what to load (the job kind's module makes the
 * work function from the command's data, which cannot carry functions: a known-bad variant
 * comes by id, a user's module by path, and is loaded here as in the main process, which has
 * checked it already); then it answers every job with its result, in order, until told to
 * exit, saying last how much CPU time it spent. Ctrl-C is the main process's to handle (it
 * lets the runs in progress finish): the terminal sends it to the whole process group, so a
 * worker ignores it.
 */
type Work = (job: unknown) => unknown;

const KINDS: Record<JobKind, (data: unknown) => Promise<Work>> = {
  run: async (data) => await (await import('./run-jobs.ts')).runWork(data as never) as Work,
  explore: async (data) => (await import('./explore-jobs.ts')).exploreWork(data as never) as Work,
};

const send = process.send?.bind(process);
if (send === undefined) throw new Error('cli/pool-worker: not started by the pool');

process.on('SIGINT', () => {});

let work: Promise<Work> | null = null;
/** Messages are handled one after another, in the order they came. */
let chain: Promise<void> = Promise.resolve();

process.on('message', (m: WorkerData | JobMessage<unknown>) => {
  if (work === null) {
    const { kind, data } = m as WorkerData;
    work = KINDS[kind](data);
    return;
  }
  const ready = work;
  chain = chain.then(async () => {
    if (m === null) {
      // Its CPU time last (the main process counts its workers' in its own report), then exit.
      const cpu = process.cpuUsage();
      process.send!({ cpuUs: cpu.user + cpu.system } satisfies ResultMessage<unknown>, undefined,
        undefined, () => { if (process.connected) process.disconnect(); });
      return;
    }
    const job = m as Exclude<JobMessage<unknown>, null>;
    let reply: ResultMessage<unknown>;
    try {
      reply = { position: job.position, result: (await ready)(job.job) };
    } catch (e) {
      const error = e instanceof Error ? e.stack ?? e.message : String(e);
      reply = { position: job.position, error };
    }
    send(reply);
  });
});
