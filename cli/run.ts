import { bugFlag, intFlag, parseArgs, seedList } from './args.ts';
import { runJobs } from './pool.ts';
import { jsonLine, resultLine, summaryLine, summaryTable } from './report.ts';
import { selectScenarios } from './select.ts';

const SPEC = {
  seed: 'value', seeds: 'value', json: 'bool', summary: 'bool', bug: 'value', workers: 'value',
} as const;

/**
 * raftsim run <id|glob>... [--seed N | --seeds A..B] [--json] [--summary] [--bug ID]
 *   [--workers K]
 * One line per (scenario, seed), then a summary. Exit 0 iff every run passed, 1 otherwise.
 * `--workers K` runs on K worker threads (cli/pool.ts); the output is the same but for wall times.
 */
export async function runCommand(argv: readonly string[], out: (s: string) => void,
  err: (s: string) => void): Promise<number> {
  const args = parseArgs('raftsim run', argv, SPEC);
  const scenarios = selectScenarios('raftsim run', args.positional);
  const seeds = seedList('raftsim run', args.flags);
  const json = args.flags.has('json');
  const bug = bugFlag('raftsim run', args.flags);
  if (bug !== null) err(`running on the known-bad variant '${bug.id}' (${bug.layer} layer)`);
  const idWidth = Math.max(...scenarios.map((s) => s.id.length));
  const workers = intFlag('raftsim run', args.flags, 'workers', 1, 64) ?? 1;
  const results = await runJobs({ scenarios, seeds }, workers, bug,
    (r) => out(json ? jsonLine(r) : resultLine(r, idWidth)));
  const summary = summaryLine(results);
  if (json) err(summary);
  else {
    if (args.flags.has('summary')) out(`\n${summaryTable(results)}`);
    out(`\n${summary}`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
