import type { Scenario } from '../scenarios/types.ts';
import type { Handlers, Io } from './command.ts';
import type { RunArgs, RunFlags } from './commands/run.ts';
import type { SeedRange } from './flags.ts';
import { loadImplementation } from './impl.ts';
import { EXIT_INTERRUPTED, Interrupt } from './interrupt.ts';
import { Progress } from './progress.ts';
import { runPlan } from './run-jobs.ts';
import {
  jsonLine, resultLine, summaryLine, summaryTable, type TimedResult,
} from './report.ts';
import { scenariosForChoice, selectScenarios } from './select.ts';
import { shellQuote } from './shell.ts';

/** What `raftsim run` does (its flags and help: cli/commands/run.ts). */
export const runHandlers: Handlers<RunFlags> = { run: runRuns };


async function runRuns(p: RunArgs, io: Io): Promise<number> {
  const { json } = p.flags;
  const choice = { bug: p.flags.bug, impl: p.flags.impl, kvImpl: p.flags['kv-impl'] };
  const { kept: scenarios, skipped } = scenariosForChoice(selectScenarios(p.positionals),
    choice);
  const seeds = p.flags.seeds ?? { first: p.flags.seed ?? 1, last: p.flags.seed ?? 1 };
  const impl = await loadImplementation(choice);
  if (impl.banner !== null) io.err(impl.banner);
  if (skipped > 0) io.err(`skipping ${skipped} scenarios without a KV service`);
  const total = scenarios.length * (seeds.last - seeds.first + 1);
  const progress = new Progress(json ? null : io.tty, { total, unit: 'runs', now: io.clock });
  const interrupt = Interrupt.watch();
  const idWidth = Math.max(...scenarios.map((s) => s.id.length));
  let shown = 0;
  let failed = 0;
  let done: Awaited<ReturnType<typeof runPlan>>;
  try {
    done = await runPlan({ scenarios, seeds }, p.flags.workers ?? 1, impl, {
      emit: (r) => {
        if (!r.ok) failed++;
        progress.update({ done: ++shown, failed });
        progress.above(() => io.out(json ? jsonLine(r) : resultLine(r, idWidth)));
      },
      stopRequested: () => interrupt.requested(),
    });
  } finally {
    interrupt.stop();
    progress.end();
  }
  const { results } = done;
  printSummary(results, p, io);
  if (!done.stopped) return results.every((r) => r.ok) ? 0 : 1;
  const stoppedAt = seeds.first + Math.floor((results.length - 1) / scenarios.length);
  io.err(resumeText(p, scenarios, seeds, stoppedAt, results.length, total));
  return EXIT_INTERRUPTED;
}

function printSummary(results: readonly TimedResult[], p: RunArgs, io: Io): void {
  const summary = summaryLine(results);
  if (p.flags.json) {
    io.err(summary);
    return;
  }
  if (p.flags.summary && results.length > 0) io.out(`\n${summaryTable(results)}`);
  io.out(`\n${summary}`);
}

/**
 * After Ctrl-C: how far it got, and the command that runs the rest. The resumed range starts
 * at the interrupted seed, whose finished scenarios run again (seeds are the unit of a range).
 */
function resumeText(p: RunArgs, scenarios: readonly Scenario[], seeds: SeedRange,
  stoppedAt: number, done: number, total: number): string {
  const head = `interrupted after ${done} of ${total} runs`;
  const doneAtSeed = done - (stoppedAt - seeds.first) * scenarios.length;
  const next = doneAtSeed === scenarios.length ? stoppedAt + 1 : stoppedAt;
  if (next > seeds.last) return `${head} (the last one)`;
  const keep: string[] = [];
  const argv = p.argv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      keep.push(...argv.slice(i));
      break;
    }
    if (/^--seeds?(=|$)/.test(a)) {
      if (!a.includes('=')) i++;
      continue;
    }
    keep.push(a);
  }
  const range = next === seeds.last ? ['--seed', `${next}`]
    : ['--seeds', `${next}..${seeds.last}`];
  const end = keep.indexOf('--');
  keep.splice(end === -1 ? keep.length : end, 0, ...range);
  const again = next === stoppedAt ? ` (seed ${stoppedAt}'s ${doneAtSeed} finished runs ` +
    'run again)' : '';
  return `${head}; to run the rest${again}:\n  npx raftsim run ${keep.map(shellQuote).join(' ')}`;
}
