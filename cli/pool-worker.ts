import { parentPort, workerData } from 'node:worker_threads';
import { findBug } from '../scenarios/bugs/index.ts';
import { allScenarios } from '../scenarios/index.ts';
import { loadImplementation } from './impl.ts';
import { timedRun, type JobMessage, type ResultMessage, type WorkerImpl } from './pool.ts';

/**
 * A `raftsim run --workers K` worker thread (see cli/pool.ts): runs the jobs the main thread
 * sends, one at a time, and posts each result back (without histories: `raftsim run` reports
 * none); exits on null. The implementation comes as the flags that chose it (a known-bad
 * variant by id, a user's module by path), since factories cannot cross threads; it is loaded
 * here as in the main thread (which has checked it already). Jobs wait in the port meanwhile.
 */
const port = parentPort;
if (port === null) throw new Error('cli/pool-worker: not started as a worker thread');
const chosen = workerData as WorkerImpl;
const bug = chosen.bug === null ? null : findBug(chosen.bug) ?? null;
if (chosen.bug !== null && bug === null) {
  throw new Error(`cli/pool-worker: unknown bug ${chosen.bug}`);
}
const impl = await loadImplementation({ bug, impl: chosen.impl ?? undefined,
  kvImpl: chosen.kvImpl ?? undefined });
const byId = new Map(allScenarios.map((s) => [s.id, s]));

port.on('message', (m: JobMessage) => {
  if (m === null) {
    port.close();
    return;
  }
  const scenario = byId.get(m.scenario);
  if (scenario === undefined) throw new Error(`cli/pool-worker: unknown scenario ${m.scenario}`);
  port.postMessage({ index: m.index, result: timedRun(scenario, m.seed, impl) } satisfies
    ResultMessage);
});
