/**
 * `npm run bench:checker [-- --runs N] [--corpus DIR] [--json]`: the checker on Porcupine's
 * corpus. Each history is parsed once, then checked (and, when not linearizable, explained, as
 * `raftsim check` does) once to warm up and N times (default 7); figures are medians of the
 * checking time and of check + explanation, parsing excluded, summed per family. Clocks are
 * read here only to report.
 *
 * Porcupine's recorded figures are context, not a comparison: they come from another machine
 * and another time. To compare, run both tools side by side: bench/checker-vs-porcupine.ts.
 */
import { performance } from 'node:perf_hooks';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import type { LoadedHistory } from '../checker/formats/history.ts';
import { corpusDir, families, load, median, type Family } from './corpus.ts';

/** Porcupine v1.3.0, recorded on a 2-vCPU VM (Go 1.19, GOMAXPROCS=2, idle), sums of benchmark
 * medians in ms: /work/shared/reference/porcupine.md §h. */
const RECORDED: Record<string, number> = {
  etcd: 332, 'kv partitioned': 0.073 + 0.034 + 0.41 + 0.31 + 126 + 15.5,
  'kv unpartitioned': 0.082 + 0.040 + 1510 + 1750,
  'jepsen/etcd_002.log': 124, 'kv/c50-ok.txt': 126, 'kv/c50-bad.txt': 15.5,
};

interface Row {
  name: string;
  checkMs: number;
  /** CPU time of this process while checking (all its threads: the JIT compiles on others). */
  cpuMs: number;
  explainMs: number;
  steps: number;
  verdicts: string;
}

function measure(h: LoadedHistory, partition: boolean, runs: number): Row {
  const once = () => {
    const t0 = performance.now();
    const cpu = process.cpuUsage();
    const result = check(h.model, h.ops, { partition });
    const t1 = performance.now();
    const used = process.cpuUsage(cpu);
    explain(h.model, h.ops, result);
    const cpuMs = (used.user + used.system) / 1000;
    return { result, checkMs: t1 - t0, cpuMs, totalMs: performance.now() - t0 };
  };
  const first = once().result;
  const times = Array.from({ length: runs }, once);
  return {
    name: '', checkMs: median(times.map((t) => t.checkMs)),
    cpuMs: median(times.map((t) => t.cpuMs)),
    explainMs: median(times.map((t) => t.totalMs - t.checkMs)),
    steps: first.steps, verdicts: first.verdict,
  };
}

function family(dir: string, f: Family, runs: number, notable: readonly string[]): Row[] {
  const suffix = f.partition ? '' : ' --no-partition';
  const rows = f.files.map((file) => ({ ...measure(load(dir, file), f.partition, runs),
    name: file + suffix }));
  const total = (g: (r: Row) => number) => rows.reduce((s, r) => s + g(r), 0);
  const ok = rows.filter((r) => r.verdicts === 'ok').length;
  const sum: Row = {
    name: `${f.name} (${rows.length} files)`, checkMs: total((r) => r.checkMs),
    cpuMs: total((r) => r.cpuMs),
    explainMs: total((r) => r.explainMs), steps: total((r) => r.steps),
    verdicts: `${ok} ok / ${rows.length - ok} not`,
  };
  return [sum, ...rows.filter((r) => notable.includes(r.name.replace(suffix, '')))];
}

function table(rows: readonly Row[], families: readonly Family[]): string {
  const recorded = (r: Row) => RECORDED[r.name] ?? RECORDED[families.find((f) =>
    r.name.startsWith(`${f.name} (`))?.name ?? ''];
  const head = `${'history'.padEnd(30)}${'check ms'.padStart(10)}${'cpu ms'.padStart(8)}`
    + `${'explain ms'.padStart(12)}`
    + `${'steps'.padStart(10)}  ${'verdicts'.padEnd(18)}Porcupine ms (recorded)`;
  return [head, ...rows.map((r) => {
    const go = recorded(r);
    return `${r.name.padEnd(30)}${r.checkMs.toFixed(1).padStart(10)}`
      + `${r.cpuMs.toFixed(1).padStart(8)}`
      + `${r.explainMs.toFixed(1).padStart(12)}${String(r.steps).padStart(10)}  `
      + `${r.verdicts.padEnd(18)}${go === undefined ? '' : go.toFixed(1)}`;
  })].join('\n');
}

function main(argv: readonly string[]): void {
  const dir = corpusDir(argv);
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 7;
  const fams = families(dir);
  const notable = ['jepsen/etcd_002.log', 'jepsen/etcd_057.log', 'kv/c50-ok.txt',
    'kv/c50-bad.txt', 'kv/c10-ok.txt', 'kv/c10-bad.txt'];
  const rows = fams.flatMap((f) => family(dir, f, f.partition ? runs : Math.min(runs, 3),
    f.partition ? notable.filter((n) => !n.startsWith('kv/c10')) : notable));
  if (argv.includes('--json')) {
    console.log(JSON.stringify(rows));
    return;
  }
  console.log(`checker on Porcupine's corpus (${dir}): median of ${runs} runs after a warm-up`
    + ' (3 for kv unpartitioned), parsing excluded; families sum their files. check ms is wall'
    + ' time, cpu ms this process\'s CPU time meanwhile (lower when other jobs share the cores).');
  console.log('Porcupine\'s column: v1.3.0 as recorded on a 2-vCPU VM, Go 1.19, both cores, '
    + 'idle (context only; compare with bench/checker-vs-porcupine.ts)');
  console.log(table(rows, fams));
}

main(process.argv.slice(2));
