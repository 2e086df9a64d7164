import { parentPort, workerData } from 'node:worker_threads';
import { findBug } from '../scenarios/bugs/index.ts';
import { allScenarios } from '../scenarios/index.ts';
import { timedRun, type JobMessage, type ResultMessage } from './pool.ts';

/**
 * A `raftsim run --workers K` worker thread (see cli/pool.ts): runs the jobs the main thread
 * sends, one at a time, and posts each result back (without histories: `raftsim run` reports
 * none); exits on null. The known-bad variant comes by id, since factories cannot cross
 * threads.
 */
const port = parentPort;
if (port === null) throw new Error('cli/pool-worker: not started as a worker thread');
const { bug: bugId } = workerData as { bug: string | null };
const bug = bugId === null ? null : findBug(bugId) ?? null;
if (bugId !== null && bug === null) throw new Error(`cli/pool-worker: unknown bug ${bugId}`);
const byId = new Map(allScenarios.map((s) => [s.id, s]));

port.on('message', (m: JobMessage) => {
  if (m === null) {
    port.close();
    return;
  }
  const scenario = byId.get(m.scenario);
  if (scenario === undefined) throw new Error(`cli/pool-worker: unknown scenario ${m.scenario}`);
  port.postMessage({ index: m.index, result: timedRun(scenario, m.seed, bug) } satisfies
    ResultMessage);
});
