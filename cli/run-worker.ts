import { parentPort, workerData } from 'node:worker_threads';
import { fromConfig, runJob, type RunJobConfig } from './run-jobs.ts';
import { serveJobs } from './workers.ts';

/**
 * A worker thread of `raftsim run --workers K` (cli/workers.ts): runs the plan's jobs by
 * number, each exactly as the main thread would (cli/run-jobs.ts). The known-bad variant comes
 * by id, since factories cannot cross threads.
 */
const { plan, bug } = fromConfig(workerData as RunJobConfig);
if (parentPort !== null) serveJobs(parentPort, (job) => runJob(plan, bug, job));
