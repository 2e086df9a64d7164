import { findBug, knownBugs, type KnownBug } from '../scenarios/bugs/index.ts';
import { parseInteger, UsageError, type BooleanFlag, type IntegerFlag } from './command.ts';

/** Flags several commands share, declared once so they read and parse the same everywhere. */

export const MAX_SEED = 2 ** 31 - 1;
export const MAX_SEEDS_PER_RUN = 1_000_000;

export const SEED_FLAG = {
  type: 'integer', value: 'N', min: 0, max: MAX_SEED, help: 'the seed (default 1)',
} as const satisfies IntegerFlag;

/** An inclusive range of seeds. */
export interface SeedRange {
  readonly first: number;
  readonly last: number;
}

export const SEEDS_FLAG = {
  type: 'string', value: 'A..B', help: 'every seed from A to B, inclusive (e.g. 1..50)',
  parse: parseSeedRange,
} as const;

export function parseSeedRange(text: string, flag: string): SeedRange {
  const m = /^([^.]*)\.\.([^.]*)$/.exec(text);
  if (m === null) throw new UsageError(`${flag} must look like A..B (e.g. 1..50), got '${text}'`);
  const first = parseInteger(m[1]!, `${flag} A`, 0, MAX_SEED);
  const last = parseInteger(m[2]!, `${flag} B`, 0, MAX_SEED);
  if (first > last) throw new UsageError(`${flag} ${text} is empty (A > B)`);
  if (last - first + 1 > MAX_SEEDS_PER_RUN) {
    throw new UsageError(`${flag} covers more than ${MAX_SEEDS_PER_RUN} seeds`);
  }
  return { first, last };
}

export const BUG_FLAG = {
  type: 'string', value: 'ID', parse: parseBug,
  help: 'run on a known-bad variant instead of the real code (raftsim list --bugs)',
} as const;

export function parseBug(id: string, flag: string): KnownBug {
  const bug = findBug(id);
  if (bug === undefined) {
    const known = knownBugs.map((b) => b.id).join(', ');
    throw new UsageError(`unknown ${flag} '${id}'; known: ${known}`);
  }
  return bug;
}

export const JSON_FLAG = (help: string): BooleanFlag => ({ type: 'boolean', help });

export const IMPL_FLAG = {
  type: 'string', value: 'FILE',
  help: 'run on your own Raft: a module exporting createRaft (docs/teaching.md; raftsim init)',
} as const;

export const KV_IMPL_FLAG = {
  type: 'string', value: 'FILE',
  help: 'run on your own KV service: a module exporting createKvService (KV scenarios only)',
} as const;

/**
 * The flags that choose the implementation, shared by run, replay and shrink (and explore):
 * the real code by default, a known-bad variant, or your own modules (loaded by cli/impl.ts).
 */
export const IMPL_FLAGS = { bug: BUG_FLAG, impl: IMPL_FLAG, 'kv-impl': KV_IMPL_FLAG } as const;

/** --bug with --impl or --kv-impl: the variant replaces what the module would. */
export const IMPL_EXCLUSIVE = [['bug', 'impl'], ['bug', 'kv-impl']] as const;
