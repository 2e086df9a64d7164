import { parentPort, workerData } from 'node:worker_threads';
import { exploreJob, type ExploreJobConfig } from './explore-jobs.ts';
import { serveJobs } from './workers.ts';

/**
 * A worker thread of `raftsim explore --workers K` (cli/workers.ts): runs generated runs by
 * number, each exactly as the main thread would (cli/explore-jobs.ts), shrinking failures here.
 */
const config = workerData as ExploreJobConfig;
if (parentPort !== null) serveJobs(parentPort, (job) => exploreJob(config, job));
