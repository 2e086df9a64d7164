import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { knownBugs, type KnownBug } from '../scenarios/bugs/index.ts';
import { exploreRun, type EngineOptions } from '../scenarios/explore/engine.ts';
import {
  DEFAULT_DECISION_SHRINK_RUNS, DEFAULT_SPEC_SHRINK_RUNS,
} from '../scenarios/explore/engine.ts';
import { failureSignature } from '../sim/shrink.ts';

/**
 * The bug zoo against `raftsim explore` (docs/bug-zoo.md, "What `raftsim explore` catches"):
 * for every known-bad variant and each explore seed, how many generated runs (and CPU seconds)
 * until the first failure, which check fired, and how small the failure shrinks (non-benign
 * decisions, as `raftsim explore` shrinks it). Reports medians over the seeds as a markdown
 * table.
 *
 *   node --import=tsx bench/bug-zoo.ts [--seeds 1..5] [--max-runs 200] [--bug ID]...
 *     [--no-shrink] [--jobs N]
 *
 * `--no-shrink` times detection only (the shrunk column is then '-'); `--jobs N` measures N
 * variants at a time, each in a process of its own.
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

function hunt(bug: KnownBug, seed: number, maxRuns: number, shrink: boolean): Found {
  const base: EngineOptions = { variant: bug.run, specShrinkRuns: 0, decisionShrinkRuns: 0,
    shrink: false };
  const t0 = cpuNow();
  for (let i = 0; i < maxRuns; i++) {
    const o = exploreRun(seed, i, base);
    if (o.verdict !== 'fail') continue;
    const cpuS = cpuNow() - t0;
    const check = failureSignature(o.failure!);
    if (!shrink) return { seed, runs: i + 1, cpuS, check, shrunk: null, shrinkCpuS: 0 };
    const s0 = cpuNow();
    const shrunk = exploreRun(seed, i, { variant: bug.run,
      specShrinkRuns: DEFAULT_SPEC_SHRINK_RUNS, decisionShrinkRuns: DEFAULT_DECISION_SHRINK_RUNS });
    return { seed, runs: i + 1, cpuS, check, shrunk: shrunk.shrunk?.decisions.length ?? null,
      shrinkCpuS: cpuNow() - s0 };
  }
  return { seed, runs: null, cpuS: cpuNow() - t0, check: 'none', shrunk: null, shrinkCpuS: 0 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Args {
  readonly seeds: number[];
  readonly maxRuns: number;
  readonly bugs: string[];
  readonly shrink: boolean;
  readonly jobs: number;
}

function args(): Args {
  const a = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = a.indexOf(name);
    return i === -1 ? undefined : a[i + 1];
  };
  const [lo, hi] = (opt('--seeds') ?? '1..5').split('..').map(Number);
  const seeds = Array.from({ length: hi! - lo! + 1 }, (_, k) => lo! + k);
  const bugs = a.flatMap((x, i) => (x === '--bug' ? [a[i + 1]!] : []));
  return { seeds, maxRuns: Number(opt('--max-runs') ?? '200'), bugs,
    shrink: !a.includes('--no-shrink'), jobs: Number(opt('--jobs') ?? '1') };
}

function row(bug: KnownBug, found: readonly Found[], maxRuns: number): string {
  const hits = found.filter((f) => f.runs !== null);
  const checks = [...new Set(hits.map((f) => f.check))].join('; ') || 'none';
  const per = found.map((f) => (f.runs === null ? '-' : String(f.runs))).join(',');
  if (hits.length === 0) {
    return `| ${bug.id} | #${bug.catalogue} | not found (${found.length} seeds) | - | - | - | ` +
      `- | ${per} |`;
  }
  const missed = found.length - hits.length;
  // A missed seed counts as more than the budget: the median is then '>N' if misses decide it.
  const mid = median(found.map((f) => f.runs ?? Infinity));
  const runs = Number.isFinite(mid) ? String(mid) : `>${maxRuns}`;
  const cpu = median(hits.map((f) => f.cpuS)).toFixed(1);
  const shrunk = hits.flatMap((f) => (f.shrunk === null ? [] : [f.shrunk]));
  const size = shrunk.length === 0 ? '-' : `${median(shrunk)} (max ${Math.max(...shrunk)})`;
  const shrinkCpu = shrunk.length === 0 ? '-' : median(hits.map((f) => f.shrinkCpuS)).toFixed(1);
  return `| ${bug.id} | #${bug.catalogue} | ${runs}${missed > 0 ? ` (${missed} missed)` : ''} | ` +
    `${cpu} | ${checks} | ${size} | ${shrinkCpu} | ${per} |`;
}

const { seeds, maxRuns, bugs, shrink, jobs } = args();
const unknown = bugs.filter((id) => !knownBugs.some((b) => b.id === id));
if (unknown.length > 0) {
  console.error(`bug-zoo: no known-bad variant ${unknown.map((id) => `'${id}'`).join(', ')}`);
  process.exit(2);
}
const chosen = bugs.length === 0 ? knownBugs : knownBugs.filter((b) => bugs.includes(b.id));

function measure(bug: KnownBug): string {
  const found = seeds.map((s) => {
    const f = hunt(bug, s, maxRuns, shrink);
    // Progress on stderr, so stdout stays the table.
    console.error(`${bug.id} seed ${s}: runs ${f.runs ?? '-'}, ${f.cpuS.toFixed(1)} CPU s, ` +
      `${f.check}, shrunk ${f.shrunk ?? '-'} in ${f.shrinkCpuS.toFixed(1)} CPU s`);
    return f;
  });
  return row(bug, found, maxRuns);
}

/**
 * `--jobs N`: each variant in a child process of its own (CPU seconds are per process, so a
 * child's figures are its own), N at a time; the rows come back in catalogue order.
 */
function inChild(bug: KnownBug): Promise<string> {
  const argv = process.argv.slice(2).filter((x, i, a) => x !== '--jobs' && a[i - 1] !== '--jobs' &&
    x !== '--bug' && a[i - 1] !== '--bug');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...argv,
      '--bug', bug.id], { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      process.stderr.write(stderr);
      const line = stdout.split('\n').find((l) => l.startsWith(`| ${bug.id} |`));
      if (err !== null || line === undefined) reject(err ?? new Error(`no row for ${bug.id}`));
      else resolve(line);
    });
  });
}

async function pooled(jobs: number): Promise<string[]> {
  const rows: string[] = new Array(chosen.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chosen.length) {
      const k = next++;
      rows[k] = await inChild(chosen[k]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, chosen.length) }, worker));
  return rows;
}

console.log(`explore seeds ${seeds[0]}..${seeds.at(-1)}, at most ${maxRuns} runs each\n`);
console.log('| variant | bug | median runs | median CPU s | check that fired | shrunk (median, ' +
  'max) | shrink CPU s | runs per seed |');
console.log('|---|---|---|---|---|---|---|---|');
if (jobs > 1) {
  for (const line of await pooled(jobs)) console.log(line);
} else {
  for (const bug of chosen) console.log(measure(bug));
}
