import { lazyCommand, parseInteger, UsageError, type Parsed } from '../command.ts';
import { BUG_FLAG, SEED_FLAG } from '../flags.ts';

export const DEFAULT_RUNS = 100;
export const DEFAULT_CORPUS = 'explore-corpus';

/** `--shard I/N`: this call makes runs I-1, I-1+N, I-1+2N, ... */
export interface Shard {
  readonly index: number;
  readonly of: number;
}

export function parseShard(text: string, flag: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (m === null) throw new UsageError(`${flag} must look like I/N (e.g. 2/3), got '${text}'`);
  const of = parseInteger(m[2]!, `${flag} N`, 1, 1_000_000);
  const index = parseInteger(m[1]!, `${flag} I`, 1, of);
  return { index, of };
}

/** `--time 90s | 10m | 1h` (wall time, in ms). */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d{1,9})(s|m|h)$/.exec(text);
  if (m === null) throw new UsageError(`${flag} must be a whole number of s, m or h (90s, 10m), ` +
    `got '${text}'`);
  const n = Number(m[1]);
  if (n === 0) throw new UsageError(`${flag} must be more than 0`);
  return n * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
}

const FLAGS = {
  runs: { type: 'integer', value: 'N', min: 1, max: 1_000_000_000,
    help: `make N runs: runs 0..N-1 of the seed (default ${DEFAULT_RUNS})` },
  time: { type: 'string', value: 'DURATION', parse: parseDuration,
    help: 'make runs 0, 1, 2, ... until DURATION of wall time (90s, 10m, 1h) has passed: only ' +
      'how many runs depends on it, never what a run does' },
  seed: { ...SEED_FLAG, help: 'the seed every run is drawn from (default 1)' },
  workers: { type: 'integer', value: 'K', min: 1, max: 256,
    help: 'make the runs in K worker processes (default 1); the runs, verdicts and corpus files ' +
      'are the same for any K' },
  shard: { type: 'string', value: 'I/N', parse: parseShard,
    help: 'make only shard I of N: runs I-1, I-1+N, ... (the N shards together are exactly the ' +
      'runs of one unsharded call)' },
  bug: BUG_FLAG,
  corpus: { type: 'string', value: 'DIR',
    help: `save each failure in DIR as a schedule file, and replay every file there first ` +
      `(default ${DEFAULT_CORPUS}/, made when a failure is saved)` },
  json: { type: 'boolean', help: 'one JSON object on stdout: the summary, the failures, and ' +
    'every run made ("index verdict traceHash")' },
} as const;

export type ExploreFlags = typeof FLAGS;
export type ExploreArgs = Parsed<ExploreFlags>;

/**
 * raftsim explore: generated runs (docs/explore.md). Wall time is read only for --time's budget
 * (how many runs start) and to report speed; it never steers a run.
 */
export const exploreCommand = lazyCommand({
  name: 'explore',
  summary: 'generated runs with swarm faults, shrunk failures kept in a corpus',
  description: `Makes generated runs: a cluster of 3, 5 or 7 servers, with or without
snapshots, a workload of 1-8 clients, and a fault schedule drawn with fast-check, each run
turning on its own subset of fault kinds (crashes, crashes inside one Ready, partitions
symmetric, one-way and bridge, per-link loss, clogged links, pauses, and per-message loss,
delay, long holds and duplicates). Then everything heals, and within a bound a leader must
exist, every client operation complete and every server's applied state converge. The safety
monitor runs after every step; the client history must be linearizable, Appends exactly-once.
A failure is shrunk (fast-check shrinks the run's spec, then its remaining random decisions)
and saved in the corpus as a schedule file that raftsim replay explore --schedule FILE
replays; the corpus runs first on the next call. Run i of a seed is the same run on any
number of workers and any shard.`,
  positionals: { name: '', min: 0, max: 0 },
  flags: FLAGS,
  exclusive: [['runs', 'time']],
  examples: [
    { run: 'npx raftsim explore --runs 20 --seed 7', does: 'twenty generated runs of seed 7' },
    { run: 'npx raftsim explore --runs 30 --shard 2/3 --workers 2',
      does: 'runs 1, 4, 7, ..., 28 of seed 1 in two worker processes' },
    { run: 'npx raftsim explore --runs 3 --bug accept-stale-term-appendentries --corpus found',
      does: 'finds, shrinks and saves in found/ the failures of a known-bad Raft (exit 1)' },
  ],
  exits: '0 every run passed, 1 a run (or a corpus entry) failed, 2 bad usage or a bad corpus ' +
    'file, 3 no failure but a linearizability check undecided, 130 interrupted (Ctrl-C)',
}, async () => (await import('../explore.ts')).exploreHandlers);
