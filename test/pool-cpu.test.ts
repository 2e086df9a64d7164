import test from 'ava';
import { readFileSync } from 'node:fs';
import { exploreBlock, type ExploreJobConfig } from '../cli/explore-jobs.ts';
import { runJobs } from '../cli/pool.ts';
import type { RunOutcome } from '../scenarios/explore/engine.ts';

/**
 * The pool counts its worker processes' CPU time (explore's summary adds it to the main
 * process's own): each worker says what it spent as it exits. Checked against what Linux says
 * the waited-for children of this process spent (this file runs alone in its ava worker, so
 * every child of this process is the pool's).
 */

/** CPU seconds of this process's exited children, from /proc (clock ticks of 10 ms), or null. */
function childrenCpuS(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return null;
  }
}

test('--workers 2: the pool reports the CPU time its worker processes spent', async (t) => {
  const config: ExploreJobConfig = { seed: 3, bug: null, specShrinkRuns: 10,
    decisionShrinkRuns: 10 };
  const before = childrenCpuS();
  let next = 0;
  const results: RunOutcome[][] = [];
  const done = await runJobs<number[], RunOutcome[]>({
    kind: 'explore', data: config, take: () => (next < 8 ? next++ : undefined),
    job: (p) => [p], here: (runs) => exploreBlock(config, runs),
    emit: (_p, r) => { results.push(r); }, stop: async () => false,
  }, 2);
  t.is(done.emitted, 8);
  t.true(done.workerCpuS > 0.2, `${done.workerCpuS} s`);
  const after = childrenCpuS();
  if (before === null || after === null) return;
  const linux = after - before;
  t.true(Math.abs(done.workerCpuS - linux) <= 0.1 + 0.05 * linux,
    `the workers said ${done.workerCpuS.toFixed(2)} s, Linux ${linux.toFixed(2)} s`);
});
