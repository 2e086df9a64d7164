/**
 * Benchmark of the checker on Porcupine's corpus (npm run bench:checker). Each history is parsed
 * once, then checked `runs` times after one warm-up run; the figures are the median checking
 * time (parsing excluded), as Porcupine's Go benchmarks measure it, in wall-clock and in CPU
 * time of this process (the same on an idle machine; CPU time stays meaningful when other jobs
 * share the cores). Families add up per-file medians. Clocks are read here only to report.
 *
 *   node --import=tsx checker/bench/run.ts [--runs N] [--json]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { check } from '../check.ts';
import { loadHistory } from '../formats/index.ts';
import type { LoadedHistory } from '../formats/history.ts';
import type { Verdict } from '../types.ts';

const CORPUS = new URL('../../../shared/corpus/porcupine/', import.meta.url);

/** Porcupine v1.3.0 (Go 1.19, GOMAXPROCS=2) on this machine kind, from porcupine.md §h. */
const PORCUPINE_MS: Record<string, number> = {
  'etcd, all 102 (sum)': 332,
  'jepsen/etcd_002.log': 124,
  'jepsen/etcd_007.log': 83,
  'jepsen/etcd_057.log': 41,
  'jepsen/etcd_099.log': 40,
  'kv, 6 files partitioned (sum)': 0.073 + 0.034 + 0.41 + 0.31 + 126 + 15.5,
  'kv/c50-ok.txt': 126,
  'kv/c50-bad.txt': 15.5,
  'kv/c10-ok.txt --no-partition': 1510,
  'kv/c10-bad.txt --no-partition': 1750,
};

interface Row {
  name: string;
  ms: number;
  cpuMs: number;
  verdict: string;
  steps: number;
}

function load(file: string): LoadedHistory {
  return loadHistory(readFileSync(new URL(file, CORPUS), 'utf8'), file);
}

/** Median wall and CPU checking times over `runs` runs after a warm-up. */
function measure(h: LoadedHistory, partition: boolean, runs: number)
  : { ms: number; cpuMs: number; verdict: Verdict; steps: number } {
  const first = check(h.model, h.ops, { partition });
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    check(h.model, h.ops, { partition });
    const used = process.cpuUsage(cpuStarted);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu), verdict: first.verdict, steps: first.steps };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function sum(rows: readonly Row[], name: string, verdict: string): Row {
  const total = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
  return { name, ms: total((r) => r.ms), cpuMs: total((r) => r.cpuMs), verdict,
    steps: total((r) => r.steps) };
}

function etcdFamily(runs: number): Row[] {
  const files = readdirSync(new URL('jepsen/', CORPUS)).filter((f) => f.endsWith('.log')).sort()
    .filter((f) => f !== 'etcd_095.log');
  const rows = files.map((f) => ({
    name: `jepsen/${f}`, ...measure(load(`jepsen/${f}`), true, runs),
  }));
  const ok = rows.filter((r) => r.verdict === 'ok').length;
  const heavy = ['jepsen/etcd_002.log', 'jepsen/etcd_007.log', 'jepsen/etcd_057.log',
    'jepsen/etcd_099.log'].map((n) => rows.find((r) => r.name === n)!);
  return [sum(rows, 'etcd, all 102 (sum)', `${ok} ok / ${rows.length - ok} illegal`), ...heavy];
}

function kvFamily(runs: number): Row[] {
  const files = ['c01-ok', 'c01-bad', 'c10-ok', 'c10-bad', 'c50-ok', 'c50-bad']
    .map((f) => `kv/${f}.txt`);
  const rows = files.map((f) => ({ name: f, ...measure(load(f), true, runs) }));
  const verdicts = rows.map((r) => r.verdict).join(' ');
  return [sum(rows, 'kv, 6 files partitioned (sum)', verdicts),
    ...rows.filter((r) => r.name.startsWith('kv/c50'))];
}

function kvUnpartitioned(runs: number): Row[] {
  return ['kv/c10-ok.txt', 'kv/c10-bad.txt'].map((f) => ({
    name: `${f} --no-partition`, ...measure(load(f), false, runs),
  }));
}

function format(rows: Row[]): string {
  const head = `${'history'.padEnd(32)}${'wall ms'.padStart(9)}${'cpu ms'.padStart(9)}`
    + `${'Porcupine'.padStart(11)}${'ratio'.padStart(7)}  verdict (steps)`;
  const lines = rows.map((r) => {
    const go = PORCUPINE_MS[r.name];
    const ratio = go === undefined ? '' : `${(Math.min(r.ms, r.cpuMs) / go).toFixed(2)}`;
    return `${r.name.padEnd(32)}${r.ms.toFixed(1).padStart(9)}${r.cpuMs.toFixed(1).padStart(9)}`
      + `${go === undefined ? '' : go.toFixed(1).padStart(11)}${ratio.padStart(7)}`
      + `  ${r.verdict} (${r.steps})`;
  });
  return [head, ...lines].join('\n');
}

function main(argv: string[]): void {
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 7;
  const rows = [...etcdFamily(runs), ...kvFamily(runs), ...kvUnpartitioned(Math.min(runs, 3))];
  if (argv.includes('--json')) console.log(JSON.stringify(rows));
  else {
    console.log(`checker benchmark: median of ${runs} runs after a warm-up, parsing excluded;`
      + ' ratio = min(wall, cpu) / Porcupine');
    console.log(format(rows));
  }
}

main(process.argv.slice(2));
