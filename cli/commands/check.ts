import { FORMATS } from '../../checker/formats/index.ts';
import { modelNames } from '../../checker/models/index.ts';
import { lazyCommand, type Parsed } from '../command.ts';

const FLAGS = {
  model: { type: 'string', value: 'M', choices: modelNames(),
    help: 'the model (default: from the file or its format)' },
  format: { type: 'string', value: 'F', choices: FORMATS,
    help: 'the input format (default: detected)' },
  'no-partition': { type: 'boolean',
    help: 'check the history as one part (kv: one map state, much slower)' },
  'budget-steps': { type: 'integer', value: 'N', min: 1, max: Number.MAX_SAFE_INTEGER,
    help: 'stop after N search steps with verdict "unknown" (exact, replayable)' },
  'budget-ms': { type: 'integer', value: 'N', min: 1, max: Number.MAX_SAFE_INTEGER,
    help: 'stop after N ms of wall time (the only nondeterministic option)' },
  html: { type: 'output', value: 'OUT',
    help: 'write a self-contained HTML view of the (single) history to OUT (- for stdout)' },
  json: { type: 'boolean', help: 'one JSON object per file on stdout' },
} as const;

export type CheckFlags = typeof FLAGS;
export type CheckArgs = Parsed<CheckFlags>;

/** raftsim check FILE...: decides whether each recorded history is linearizable. */
export const checkCommandSpec = lazyCommand({
  name: 'check',
  summary: 'decide whether recorded client histories are linearizable',
  description: `Checks each history file (our JSON, Porcupine's logs, Jepsen's EDN; - reads
stdin) and prints its verdict: linearizable, not linearizable (with an explanation), or
unknown when a budget ran out. Every file is checked even if one is bad. On a terminal, a
progress line shows on stderr while a large history is searched. See docs/checker.md.`,
  positionals: { name: 'FILE', min: 1, max: Infinity, inputs: true },
  flags: FLAGS,
  examples: [
    { run: 'npx raftsim check test/fixtures/checker/kv-stale.json',
      does: 'a history that is not linearizable, explained (exit 1)' },
    { run: 'npx raftsim check test/fixtures/checker/kv-ok.json --json',
      does: 'the verdict as one JSON object' },
    { run: 'npx raftsim check test/fixtures/checker/kv-stale.json --html stale.html',
      does: 'the same, and an HTML view of it in stale.html (exit 1)' },
  ],
  exits: '0 all linearizable, 1 some not, 3 none not but some unknown (budget), 2 bad usage or ' +
    'input',
}, async () => (await import('../check.ts')).checkHandlers);
