import { lazyCommand, type Parsed } from '../command.ts';
import { IMPL_EXCLUSIVE, IMPL_FLAGS, SEED_FLAG } from '../flags.ts';

const FLAGS = {
  seed: { ...SEED_FLAG, help: 'the seed of the run to replay' },
  schedule: { type: 'input', value: 'FILE',
    help: 'replay a schedule file (raftsim shrink writes them) instead of a seed' },
  trace: { type: 'output', value: 'FILE',
    help: 'write the events as JSON lines to FILE (- for stdout) instead of showing them' },
  history: { type: 'output', value: 'FILE',
    help: "write a KV run's client history to FILE for raftsim check (- for stdout)" },
  html: { type: 'output', value: 'FILE',
    help: "write the run's timeline page to FILE (docs/teaching.md)" },
  ...IMPL_FLAGS,
  'no-bug': { type: 'boolean',
    help: 'with --schedule: run it on the real implementation, whatever variant made it' },
  'allow-stale': { type: 'boolean',
    help: 'with --schedule: replay a file made by other code (the run may differ)' },
} as const;

export type ReplayFlags = typeof FLAGS;
export type ReplayArgs = Parsed<ReplayFlags>;

/**
 * raftsim replay <id> --seed N: re-runs one (scenario, seed) exactly and shows every event. With
 * an output given as `-`, stdout carries that output only and the other lines go to stderr.
 */
export const replayCommand = lazyCommand({
  name: 'replay',
  summary: 'run one scenario at one seed again and show every event',
  description: `Re-runs one (scenario, seed) exactly as run did, and prints every event: the
event number (the "event N" of a failure line), the virtual time in ms, who acted and what
happened; then the run's PASS or FAIL line. --trace writes the events as JSON lines
{event, time, who, what} instead; --history writes a KV run's client history in the checker's
JSON format (operations that never returned have "return": null). With an output given as -,
stdout carries that output only and the other lines go to stderr.`,
  positionals: { name: '<id>', min: 1, max: 1 },
  flags: FLAGS,
  examples: [
    { run: 'npx raftsim replay InitialElection3A --seed 3', does: 'every event of that run' },
    { run: 'npx raftsim replay Basic4B --seed 1 --history - | npx raftsim check -',
      does: "check a KV run's client history for linearizability" },
    { run: 'npx raftsim replay paper/Figure8 --seed 1 --bug commit-prior-term-by-count ' +
      '--trace figure8.jsonl', does: 'the failing run, as JSON lines in figure8.jsonl (exit 1)' },
  ],
  exits: '0 the run passed, 1 it failed (even if an output could not be written), 2 bad usage ' +
    'or an output could not be written',
  exclusive: [['seed', 'schedule'], ['bug', 'no-bug'], ['impl', 'no-bug'],
    ['kv-impl', 'no-bug'], ...IMPL_EXCLUSIVE],
}, async () => (await import('../replay.ts')).replayHandlers);
