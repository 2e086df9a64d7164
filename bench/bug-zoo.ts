import { knownBugs, type KnownBug } from '../scenarios/bugs/index.ts';
import { exploreRun, type EngineOptions } from '../scenarios/explore/engine.ts';
import {
  DEFAULT_DECISION_SHRINK_RUNS, DEFAULT_SPEC_SHRINK_RUNS,
} from '../scenarios/explore/engine.ts';

/**
 * The bug zoo against `raftsim explore` (docs/explore.md, "The bug zoo"): for every known-bad
 * variant and each explore seed, how many generated runs (and CPU seconds) until the first
 * failure, which check fired, and how small the failure shrinks (non-benign decisions, as
 * `raftsim explore` shrinks it). Reports medians over the seeds as a markdown table.
 *
 *   node --import=tsx bench/bug-zoo.ts [--seeds 1..5] [--max-runs 200] [--bug ID]...
 *
 * CPU seconds are this process's (process.cpuUsage), so a busy machine changes them little.
 */
interface Found {
  readonly seed: number;
  /** Runs made up to and including the first failing one; null: none within the budget. */
  readonly runs: number | null;
  readonly cpuS: number;
  readonly check: string;
  readonly shrunk: number | null;
  readonly shrinkCpuS: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function hunt(bug: KnownBug, seed: number, maxRuns: number): Found {
  const base: EngineOptions = { variant: bug.run, specShrinkRuns: 0, decisionShrinkRuns: 0,
    shrink: false };
  const t0 = cpuNow();
  for (let i = 0; i < maxRuns; i++) {
    const o = exploreRun(seed, i, base);
    if (o.verdict !== 'fail') continue;
    const cpuS = cpuNow() - t0;
    const s0 = cpuNow();
    const shrunk = exploreRun(seed, i, { variant: bug.run,
      specShrinkRuns: DEFAULT_SPEC_SHRINK_RUNS, decisionShrinkRuns: DEFAULT_DECISION_SHRINK_RUNS });
    return { seed, runs: i + 1, cpuS, check: `${o.failure!.kind}: ${o.failure!.check}`,
      shrunk: shrunk.shrunk?.decisions.length ?? null, shrinkCpuS: cpuNow() - s0 };
  }
  return { seed, runs: null, cpuS: cpuNow() - t0, check: 'none', shrunk: null, shrinkCpuS: 0 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function args(): { seeds: number[]; maxRuns: number; bugs: string[] } {
  const a = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = a.indexOf(name);
    return i === -1 ? undefined : a[i + 1];
  };
  const [lo, hi] = (opt('--seeds') ?? '1..5').split('..').map(Number);
  const seeds = Array.from({ length: hi! - lo! + 1 }, (_, k) => lo! + k);
  const bugs = a.flatMap((x, i) => (x === '--bug' ? [a[i + 1]!] : []));
  return { seeds, maxRuns: Number(opt('--max-runs') ?? '200'), bugs };
}

function row(bug: KnownBug, found: readonly Found[]): string {
  const hits = found.filter((f) => f.runs !== null);
  const checks = [...new Set(hits.map((f) => f.check))].join('; ') || 'none';
  const per = found.map((f) => (f.runs === null ? '-' : String(f.runs))).join(',');
  if (hits.length === 0) {
    return `| ${bug.id} | #${bug.catalogue} | not found (${found.length} seeds) | - | - | - | ` +
      `${per} |`;
  }
  const missed = found.length - hits.length;
  const runs = median(found.map((f) => f.runs ?? Infinity));
  const cpu = median(hits.map((f) => f.cpuS)).toFixed(1);
  const shrunk = hits.map((f) => f.shrunk ?? -1);
  return `| ${bug.id} | #${bug.catalogue} | ${runs}${missed > 0 ? ` (${missed} missed)` : ''} | ` +
    `${cpu} | ${checks} | ${median(shrunk)} (max ${Math.max(...shrunk)}) | ${per} |`;
}

const { seeds, maxRuns, bugs } = args();
const chosen = bugs.length === 0 ? knownBugs : knownBugs.filter((b) => bugs.includes(b.id));
console.log(`explore seeds ${seeds[0]}..${seeds.at(-1)}, at most ${maxRuns} runs each\n`);
console.log('| variant | bug | median runs | median CPU s | check that fired | shrunk (median, ' +
  'max) | runs per seed |');
console.log('|---|---|---|---|---|---|---|');
for (const bug of chosen) {
  const found = seeds.map((s) => hunt(bug, s, maxRuns));
  console.log(row(bug, found));
}
