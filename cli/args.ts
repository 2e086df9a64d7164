import { findBug, knownBugs, type KnownBug } from '../scenarios/bugs/index.ts';

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

/**
 * Parses `--flag value`, `--flag=value` and boolean `--flag`. `spec` names each known flag and
 * whether it takes a value; anything else is a usage error.
 */
export function parseArgs(cmd: string, argv: readonly string[],
  spec: Readonly<Record<string, 'value' | 'bool'>>): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--') || a === '--') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`${cmd}: unknown flag --${name}`);
    if (kind === 'bool') {
      if (eq !== -1) throw new UsageError(`${cmd}: --${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined || value === '') {
      throw new UsageError(`${cmd}: --${name} needs a value`);
    }
    flags.set(name, value);
  }
  return { positional, flags };
}

export function intFlag(cmd: string, flags: ParsedArgs['flags'], name: string,
  min: number, max: number): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  if (v === true || !/^-?\d+$/.test(v)) {
    throw new UsageError(`${cmd}: --${name} must be an integer, got '${v}'`);
  }
  const n = Number(v);
  if (n < min || n > max) {
    throw new UsageError(`${cmd}: --${name} must be in ${min}..${max}, got ${n}`);
  }
  return n;
}

export const MAX_SEED = 2 ** 31 - 1;
export const MAX_SEEDS_PER_RUN = 1_000_000;

/** Seeds from --seed N or --seeds A..B (default: seed 1). */
export function seedList(cmd: string, flags: ParsedArgs['flags']): number[] {
  const one = intFlag(cmd, flags, 'seed', 0, MAX_SEED);
  const range = flags.get('seeds');
  if (one !== undefined && range !== undefined) {
    throw new UsageError(`${cmd}: give --seed or --seeds, not both`);
  }
  if (range === undefined) return [one ?? 1];
  const m = typeof range === 'string' ? /^(\d+)\.\.(\d+)$/.exec(range) : null;
  if (m === null) {
    throw new UsageError(`${cmd}: --seeds must look like A..B (e.g. 1..50), got '${range}'`);
  }
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > b || b > MAX_SEED) {
    throw new UsageError(`${cmd}: --seeds ${range} is empty or out of range`);
  }
  if (b - a + 1 > MAX_SEEDS_PER_RUN) {
    throw new UsageError(`${cmd}: --seeds covers more than ${MAX_SEEDS_PER_RUN} seeds`);
  }
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

/** --bug ID: run on a known-bad variant (see `raftsim list --bugs`). */
export function bugFlag(cmd: string, flags: ParsedArgs['flags']): KnownBug | null {
  const id = flags.get('bug');
  if (id === undefined) return null;
  const bug = typeof id === 'string' ? findBug(id) : undefined;
  if (bug === undefined) {
    const known = knownBugs.map((b) => b.id).join(', ');
    throw new UsageError(`${cmd}: unknown --bug '${id}'; known: ${known}`);
  }
  return bug;
}
