import { execFile, execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FAMILIES, familyOf } from '../scenarios/catalogue.ts';
import { allScenarios } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner.ts';
import type { Scenario } from '../sim/scenario.ts';
import { sequentialOps, steadyLoad, type CurveStats } from './curves.ts';
import { cpuMs, median, table } from './stats.ts';

/**
 * `npm run bench:sim [-- --seeds N --reps R --only workers,suites,curves --worker-seeds M
 * --explore-runs E]`: the simulator's benchmark (docs/performance.md, "Simulator").
 * - suites: every family over seeds 1..N in this thread: virtual time, wall and CPU time,
 *   virtual/wall, events per second (the median of R repetitions);
 * - workers: `raftsim run '*' --seeds 1..M` (the 2025 suite; M = 6 unless given) and then
 *   `raftsim explore --runs E --seed 1` (E = 3000 unless given; 0 leaves it out) on 1 and on 2
 *   worker processes, the built CLI in a process of its own, alternating R rounds: wall, process
 *   CPU (all threads), speed-up, the speed-up the CPU time allows, and the load average (the
 *   machine may be shared); and, in the same rounds, the same work as two independent one-worker
 *   processes at once (each on half the seeds, or one `--shard` of two), what the machine gives
 *   without a pool;
 * - curves: run time against simulated time and against operations (bench/curves.ts).
 * Wall and CPU time are read here only to be reported.
 */
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1' },
    reps: { type: 'string', default: '1' },
    only: { type: 'string', default: 'workers,suites,curves' },
    'worker-seeds': { type: 'string', default: '6' },
    'explore-runs': { type: 'string', default: '3000' },
  },
});
const seeds = Number(values.seeds);
const reps = Number(values.reps);
const only = new Set(values.only.split(','));
const workerSeeds = Number(values['worker-seeds']);
const exploreRuns = Number(values['explore-runs']);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Timing { wallMs: number; cpuMs: number; simMs: number; events: number; runs: number }

/** Runs `scenarios` at each seed in this thread; one timing for all of them. */
function timeRuns(scenarios: readonly Scenario[], seedCount: number): Timing {
  const t: Timing = { wallMs: 0, cpuMs: 0, simMs: 0, events: 0, runs: 0 };
  for (let seed = 1; seed <= seedCount; seed++) {
    for (const s of scenarios) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = runScenario(s, seed);
      t.wallMs += performance.now() - t0;
      t.cpuMs += cpuMs(process.cpuUsage(c0));
      if (!r.ok) console.log(`FAIL ${s.id} seed ${seed}: ${r.failure?.message}`);
      t.simMs += r.simMs;
      t.events += r.events;
      t.runs += 1;
    }
  }
  return t;
}

/** The median of `reps` timings (by wall time; CPU time is the median of its own). */
function medianTiming(make: () => Timing): Timing {
  const all = Array.from({ length: reps }, make);
  return { ...all[0]!, wallMs: median(all.map((t) => t.wallMs)),
    cpuMs: median(all.map((t) => t.cpuMs)) };
}

function suites(): void {
  console.log(`## Suites: seeds 1..${seeds}, per seed, median of ${reps} (one thread)\n`);
  const rows = [['family', 'runs', 'virtual s', 'wall s', 'CPU s', 'virtual/wall',
    'events/s']];
  for (const f of FAMILIES) {
    const members = allScenarios.filter((s) => familyOf(s.id) === f.prefix);
    const t = medianTiming(() => timeRuns(members, seeds));
    rows.push([f.name, String(t.runs / seeds), (t.simMs / 1000 / seeds).toFixed(1),
      (t.wallMs / 1000 / seeds).toFixed(2), (t.cpuMs / 1000 / seeds).toFixed(2),
      `${Math.round(t.simMs / t.wallMs)}x`, String(Math.round(t.events / (t.wallMs / 1000)))]);
  }
  console.log(table(rows));
}

interface CliTiming { wallMs: number; cpuMs: number; mainMs: number }

/** One timed `raftsim ARGS --workers K`, the bundled CLI in its own process. */
function timedCli(cli: readonly string[], k: number): Promise<CliTiming> {
  const args = ['--import', './bench/cpu-at-exit.js', 'bin/raftsim.js', ...cli, '--workers',
    String(k)];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 64 << 20 }, (e, _out, err) => {
      const wallMs = performance.now() - t0;
      const cpu = /main-ms (-?\d+)\ncpu-ms (\d+)\n$/.exec(err);
      if (e !== null || cpu === null) {
        reject(new Error(`raftsim ${cli.join(' ')} --workers ${k}: ${err}`));
      }
      else resolve({ wallMs, cpuMs: Number(cpu[2]), mainMs: Number(cpu[1]) });
    });
  });
}

/**
 * The same work as two independent `--workers 1` processes started together, each on one half
 * (`halves`): what this machine's cores give two copies of the workload, with no pool at all.
 * Wall time until both are done, CPU time of both; "main" is left out.
 */
async function timedHalves(halves: readonly (readonly string[])[]): Promise<CliTiming> {
  const t0 = performance.now();
  const ts = await Promise.all(halves.map((h) => timedCli(h, 1)));
  const cpuMs = ts.reduce((sum, t) => sum + t.cpuMs, 0);
  return { wallMs: performance.now() - t0, cpuMs, mainMs: -1 };
}

/**
 * `raftsim CLI --workers 1` and `--workers 2` alternating, `reps` rounds (the machine may be
 * shared: alternating spreads the load over both), each in its own process as a user runs it.
 * "cores busy" is CPU / wall: one worker already keeps more than one core busy (V8's GC and
 * compiler threads run beside it). "bound" is what the CPU time allows: the machine's cores do
 * the K-worker run's CPU time in CPU(K) / cores at best, so its speed-up over one worker is at
 * most wall(1) / (CPU(K) / cores), whatever the pool does. "main" is the main thread's CPU time
 * (Linux only; one worker's runs are all on it, the rest is V8's compiler and GC threads), and
 * "bound, idle" puts main(1), what wall(1) would be on an idle machine, in place of wall(1): a
 * figure that holds up when other processes share the machine. Each round then times "2 x 1":
 * the same work split in two halves run by two independent one-worker processes at once
 * (timedHalves), the speed-up this machine gives two copies of the workload without a pool:
 * the pool's speed-up is judged against it ("pool / 2 x 1", medians over the rounds).
 */
async function workers(cli: readonly string[], what: string,
  halves: readonly (readonly string[])[]): Promise<void> {
  const shown = cli.map((a) => (a === '*' ? `'*'` : a)).join(' ');
  console.log(`## Workers: raftsim ${shown} (${what}), ${availableParallelism()} ` +
    `CPUs, ${reps} alternating rounds\n`);
  const cores = availableParallelism();
  const rows = [['round', 'workers', 'wall s', 'CPU s (all threads)', 'main s', 'cores busy',
    'speed-up', 'bound', 'bound, idle', 'load avg (1 min)']];
  const x = (r: number): string => `${r.toFixed(2)}x`;
  const pool: number[] = [];
  const split: number[] = [];
  for (let round = 1; round <= reps; round++) {
    let base = { wallMs: 0, cpuMs: 0, mainMs: 0 };
    for (const k of [1, 2, 0]) {
      const load = loadavg()[0]!.toFixed(1);
      const t = k === 0 ? await timedHalves(halves) : await timedCli(cli, k);
      if (k === 1) base = t;
      if (k === 2) pool.push(base.wallMs / t.wallMs);
      if (k === 0) split.push(base.wallMs / t.wallMs);
      const idle = k === 1 || base.mainMs < 0 ? '-' : x(base.mainMs / (t.cpuMs / cores));
      rows.push([String(round), k === 0 ? '2 x 1' : String(k), (t.wallMs / 1000).toFixed(2),
        (t.cpuMs / 1000).toFixed(2), t.mainMs < 0 ? '-' : (t.mainMs / 1000).toFixed(2),
        (t.cpuMs / t.wallMs).toFixed(2), x(base.wallMs / t.wallMs),
        k === 1 ? '-' : x(base.wallMs / (t.cpuMs / cores)), idle,
        `${load} -> ${loadavg()[0]!.toFixed(1)}`]);
    }
  }
  console.log(table(rows));
  console.log(`\nmedian speed-up: 2 workers ${x(median(pool))}, two independent processes ` +
    `(2 x 1) ${x(median(split))}; pool / 2 x 1: ${(median(pool) / median(split)).toFixed(2)}`);
}

/** One curve point: the scenario run once in this thread (median of `reps`). */
function point(make: (stats: CurveStats) => Scenario): { t: Timing; ops: number } {
  let ops = 0;
  const t = medianTiming(() => {
    const stats: CurveStats = { ops: 0 };
    const r = timeRuns([make(stats)], 1);
    ops = stats.ops;
    return r;
  });
  return { t, ops };
}

function curves(): void {
  console.log('## Cost curves (5 servers, snapshots, reliable network; median of ' +
    `${reps})\n`);
  // Warm-up (JIT), not reported.
  point((st) => steadyLoad(5, 5, st));
  const byTime = [['virtual s', 'ops', 'events', 'wall ms', 'CPU ms', 'wall ms / virtual s',
    'CPU ms / virtual s']];
  for (const s of [10, 20, 40, 80]) {
    const { t, ops } = point((st) => steadyLoad(s, 5, st));
    const perS = (ms: number): string => (ms / (t.simMs / 1000)).toFixed(1);
    byTime.push([(t.simMs / 1000).toFixed(1), String(ops), String(t.events),
      t.wallMs.toFixed(0), t.cpuMs.toFixed(0), perS(t.wallMs), perS(t.cpuMs)]);
  }
  console.log(`${table(byTime)}\n`);
  const byOps = [['ops', 'virtual s', 'events', 'wall ms', 'CPU ms', 'wall µs / op',
    'CPU µs / op']];
  for (const n of [1000, 2000, 4000, 8000]) {
    const { t, ops } = point((st) => sequentialOps(n, st));
    const perOp = (ms: number): string => (ms * 1000 / ops).toFixed(0);
    byOps.push([String(ops), (t.simMs / 1000).toFixed(1), String(t.events),
      t.wallMs.toFixed(0), t.cpuMs.toFixed(0), perOp(t.wallMs), perOp(t.cpuMs)]);
  }
  console.log(table(byOps));
}

console.log(`raftsim simulator benchmark (node ${process.version}, load average ` +
  `${loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);
if (only.has('workers')) {
  // The timed processes run the built CLI (dist/), as a user does: build it if it is stale.
  execFileSync(process.execPath, ['bin/build.js', '--if-stale'], { cwd: ROOT });
  const runs = allScenarios.filter((s) => familyOf(s.id) === '').length * workerSeeds;
  const half = Math.ceil(workerSeeds / 2);
  await workers(['run', '*', '--seeds', `1..${workerSeeds}`], `${runs} runs`,
    [['run', '*', '--seeds', `1..${half}`],
      ['run', '*', '--seeds', `${half + 1}..${workerSeeds}`]]);
  console.log();
  if (exploreRuns > 0) {
    const explore = ['explore', '--runs', String(exploreRuns), '--seed', '1'];
    await workers(explore, 'generated runs',
      [[...explore, '--shard', '1/2'], [...explore, '--shard', '2/2']]);
    console.log();
  }
}
if (only.has('suites')) suites();
if (only.has('curves')) {
  console.log();
  curves();
}
