import { parentPort, workerData } from 'node:worker_threads';
import type { JobKind, JobMessage, ResultMessage, WorkerData } from './pool.ts';

/**
 * A worker thread of the pool (cli/pool.ts), for `raftsim run --workers K` and `raftsim explore
 * --workers K`: loads its job kind's module, makes the work function from the command's data
 * (which cannot carry functions across threads: a known-bad variant comes by id, a user's
 * module by path, and is loaded here as in the main thread, which has checked it already), then
 * answers every job with its result until told to exit. Jobs wait in the port meanwhile.
 */
type Work = (job: unknown) => unknown;

const KINDS: Record<JobKind, (data: unknown) => Promise<Work>> = {
  run: async (data) => await (await import('./run-jobs.ts')).runWork(data as never) as Work,
  explore: async (data) => (await import('./explore-jobs.ts')).exploreWork(data as never) as Work,
};

const port = parentPort;
if (port === null) throw new Error('cli/pool-worker: not started as a worker thread');
const { kind, data } = workerData as WorkerData;
const work = await KINDS[kind](data);

port.on('message', (m: JobMessage<unknown>) => {
  if (m === null) {
    port.close();
    return;
  }
  port.postMessage({ position: m.position, result: work(m.job) } satisfies
    ResultMessage<unknown>);
});
