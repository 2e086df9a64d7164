import { lazyCommand, type Parsed } from '../command.ts';
import { IMPL_EXCLUSIVE, IMPL_FLAGS, SEED_FLAG } from '../flags.ts';

export const DEFAULT_MAX_RUNS = 5000;

const FLAGS = {
  seed: { ...SEED_FLAG, help: 'the seed of the failing run' },
  schedule: { type: 'input', value: 'FILE',
    help: 'start from a schedule file instead (a raftsim explore corpus entry, say)' },
  ...IMPL_FLAGS,
  out: { type: 'output', value: 'FILE',
    help: 'write the schedule to FILE (default <id>-seed<N>[-<bug>].schedule.json; - for ' +
      'stdout)' },
  'max-runs': { type: 'integer', value: 'N', min: 1, max: 10_000_000,
    help: `at most N candidate runs (default ${DEFAULT_MAX_RUNS}); the budget is in runs, so ` +
      'a shrink is deterministic' },
  json: { type: 'boolean', help: 'one JSON object with the report on stdout' },
} as const;

export type ShrinkFlags = typeof FLAGS;
export type ShrinkArgs = Parsed<ShrinkFlags>;

/**
 * raftsim shrink <id> --seed N: records the failing run, shrinks its decisions with fast-check,
 * writes the schedule file, and reports before/after, 1-minimality, the story and the replay.
 */
export const shrinkCommand = lazyCommand({
  name: 'shrink',
  summary: 'shrink a failing run to a small schedule that fails the same way',
  description: `Records every random decision of the failing run (which messages were lost or
delayed, election timeouts, the scenario's choices), then lets fast-check shrink that list:
a candidate drops decisions (they become benign: no fault) or lowers their values, and counts
only if its run fails with the same check. Prints the run before and after (events,
decisions, faults by kind, client operations, virtual time), whether the result is 1-minimal
(no single remaining decision can be made benign), the shrunk run's story (its decisions,
role changes, crashes, partitions and the failure, in time order), and writes a schedule file
that raftsim replay --schedule replays exactly (docs/shrinking.md).`,
  positionals: { name: '<id>', min: 1, max: 1 },
  flags: FLAGS,
  examples: [
    { run: 'npx raftsim shrink Rejoin3B --seed 1 --bug uptodate-check-wrong --out r.json',
      does: 'shrink a failing run of a known-bad Raft; write r.json' },
    { run: 'npx raftsim shrink SnapshotInit3D --seed 147 --bug install-stale-snapshot ' +
        '--max-runs 40',
      does: 'a shrink cut short by its run budget (it says so); the file is named after the run' },
  ],
  exits: '0 a schedule was written, 1 the run passes (nothing to shrink), 2 bad usage',
  exclusive: [['seed', 'schedule'], ...IMPL_EXCLUSIVE],
}, async () => (await import('../shrink.ts')).shrinkHandlers);
