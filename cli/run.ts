import { performance } from 'node:perf_hooks';
import { runScenario } from '../sim/runner.ts';
import { bugFlag, parseArgs, seedList } from './args.ts';
import { jsonLine, resultLine, summaryLine, summaryTable, type TimedResult } from './report.ts';
import { selectScenarios } from './select.ts';

const SPEC = {
  seed: 'value', seeds: 'value', json: 'bool', summary: 'bool', bug: 'value',
} as const;

/**
 * raftsim run <id|glob>... [--seed N | --seeds A..B] [--json] [--summary] [--bug ID]
 * One line per (scenario, seed), then a summary. Exit 0 iff every run passed, 1 otherwise.
 * Wall time is measured here only to be reported; it never steers a run.
 */
export function runCommand(argv: readonly string[], out: (s: string) => void,
  err: (s: string) => void): number {
  const args = parseArgs('raftsim run', argv, SPEC);
  const scenarios = selectScenarios('raftsim run', args.positional);
  const seeds = seedList('raftsim run', args.flags);
  const json = args.flags.has('json');
  const bug = bugFlag('raftsim run', args.flags);
  if (bug !== null) err(`running on the known-bad variant '${bug.id}' (${bug.layer} layer)`);
  const idWidth = Math.max(...scenarios.map((s) => s.id.length));
  const results: TimedResult[] = [];
  for (const seed of seeds) {
    for (const s of scenarios) {
      const t0 = performance.now();
      const r = runScenario(s, seed, bug?.run ?? {});
      const timed = { ...r, wallMs: performance.now() - t0, bug: bug?.id };
      results.push(timed);
      out(json ? jsonLine(timed) : resultLine(timed, idWidth));
    }
  }
  const summary = summaryLine(results);
  if (json) err(summary);
  else {
    if (args.flags.has('summary')) out(`\n${summaryTable(results)}`);
    out(`\n${summary}`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
