import { lazyCommand, type Parsed } from '../command.ts';
import { IMPL_EXCLUSIVE, IMPL_FLAGS, SEED_FLAG, SEEDS_FLAG } from '../flags.ts';

const FLAGS = {
  seed: SEED_FLAG,
  seeds: SEEDS_FLAG,
  json: { type: 'boolean', help: 'one JSON object per run on stdout; the summary on stderr' },
  summary: { type: 'boolean', help: 'a table per course part before the summary line' },
  ...IMPL_FLAGS,
  workers: {
    type: 'integer', value: 'K', min: 1, max: 64,
    help: 'run in K worker processes (default 1): the same output, sooner on several cores',
  },
} as const;

export type RunFlags = typeof FLAGS;
export type RunArgs = Parsed<RunFlags>;

/**
 * raftsim run <id|glob>... : one line per (scenario, seed), then a summary. Wall time is
 * measured only to be reported; it never steers a run.
 */
export const runCommand = lazyCommand({
  name: 'run',
  summary: 'run scenarios at one or more seeds: one line per run, then a summary',
  description: `Runs every scenario matching an id or glob at every seed, seed by seed, and
prints PASS or FAIL per run with its virtual time, wall time, RPCs and trace hash. A failure
line says what failed, when, and the command that replays it. A glob's * matches any
characters except /, ? one: quote globs in the shell. On a terminal, a progress line shows
on stderr; Ctrl-C stops after the current run, prints the summary of what finished and the
command that runs the rest. With --workers K, K runs go at once in worker processes; the
lines come out in the same order with the same results, only wall times differ.`,
  positionals: { name: '<id|glob>', min: 1, max: Infinity },
  flags: FLAGS,
  exclusive: [['seed', 'seeds'], ['json', 'summary'], ...IMPL_EXCLUSIVE],
  examples: [
    { run: 'npx raftsim run InitialElection3A', does: 'one scenario at seed 1' },
    { run: "npx raftsim run '*3A' --seeds 1..5", does: 'the 3A Raft tests at seeds 1 to 5' },
    { run: "npx raftsim run '*3A' --seeds 1..20 --workers 2",
      does: 'the same at seeds 1 to 20, two runs at once (on two cores)' },
    { run: 'npx raftsim run paper/Figure8 --bug commit-prior-term-by-count',
      does: 'a known-bad Raft meets the schedule that catches it (exit 1)' },
    { run: "npx raftsim run '*3A' --impl test/fixtures/impl/raft.ts",
      does: 'part 3A on a Raft written outside raftsim (raftsim init writes a starter)' },
  ],
  exits: '0 every run passed, 1 a run failed, 2 bad usage, 130 interrupted (Ctrl-C)',
}, async () => (await import('../run.ts')).runHandlers);

