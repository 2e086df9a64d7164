/**
 * `npm run bench:checker-curve [-- --max N] [--json]`: the checker's cost curve, checking time
 * against history length for synthetic histories (bench/histories.ts, seed 1): for the easy
 * shapes it should grow about linearly. After a warm-up (each shape at 5,000 ops, 3 times), each
 * length is checked 3 times up to 10,000 ops (median), once above. `bad` rows are explained too (as
 * `raftsim check` does, default budget). Clocks are read here only to report.
 */
import { performance } from 'node:perf_hooks';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { getModel } from '../checker/models/index.ts';
import { median } from './corpus.ts';
import { generate, MODEL_OF, type Shape } from './histories.ts';

const LENGTHS = [1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];
/** A budget per check, so that a shape that is not near linear shows as 'unknown'. */
const MAX_STEPS = 20_000_000;
const SHAPES: readonly { shape: Shape; bad: boolean }[] = [
  { shape: 'register', bad: false },
  { shape: 'register-pending', bad: false },
  { shape: 'kv', bad: false },
  { shape: 'kv-appends', bad: false },
  { shape: 'kv', bad: true },
];

interface Point {
  shape: string;
  ops: number;
  ms: number;
  /** CPU time of the process meanwhile (all threads). */
  cpuMs: number;
  explainMs: number;
  steps: number;
  verdict: string;
}

function point(shape: Shape, bad: boolean, ops: number): Point {
  const model = getModel(MODEL_OF[shape])!;
  const history = generate({ shape, ops, seed: 1, bad });
  const runs = ops <= 10_000 ? 3 : 1;
  const times = Array.from({ length: runs }, () => {
    const t0 = performance.now();
    const cpu = process.cpuUsage();
    const result = check(model, history, { maxSteps: MAX_STEPS });
    const t1 = performance.now();
    const used = process.cpuUsage(cpu);
    const why = explain(model, history, result);
    const cpuMs = (used.user + used.system) / 1000;
    return { result, ms: t1 - t0, cpuMs, explainMs: performance.now() - t1, why };
  });
  const { result, why } = times[0]!;
  const minimal = why === null ? '' : ` (minimal ${why.minimal.ops.length} ops`
    + `${why.minimal.minimal ? '' : ', cut'})`;
  return {
    shape: bad ? `${shape} bad` : shape, ops, ms: median(times.map((t) => t.ms)),
    cpuMs: median(times.map((t) => t.cpuMs)),
    explainMs: median(times.map((t) => t.explainMs)), steps: result.steps,
    verdict: result.verdict + minimal,
  };
}

function row(p: Point): string {
  return `${p.shape.padEnd(18)}${String(p.ops).padStart(8)}${p.ms.toFixed(1).padStart(10)}`
    + `${p.cpuMs.toFixed(1).padStart(9)}${(1000 * p.cpuMs / p.ops).toFixed(1).padStart(8)}`
    + `${(p.explainMs > 0.05 ? p.explainMs.toFixed(1) : '').padStart(12)}`
    + `${String(p.steps).padStart(11)}  ${p.verdict}`;
}

function main(argv: readonly string[]): void {
  const at = argv.indexOf('--max');
  const max = at >= 0 ? Number(argv[at + 1]) : 100_000;
  const json = argv.includes('--json');
  const lengths = LENGTHS.filter((n) => n <= max);
  // Warm-up: the JIT compiles the search on the first runs; the curve is about steady state.
  for (const { shape, bad } of SHAPES) for (let i = 0; i < 3; i++) point(shape, bad, 5000);
  if (!json) {
    console.log('checker cost curve: synthetic histories (bench/histories.ts, seed 1); check ms'
      + ' is wall time, cpu ms the CPU time meanwhile, µs/op from cpu ms; at most'
      + ` ${MAX_STEPS.toLocaleString('en')} steps per check`);
    console.log(`${'shape'.padEnd(18)}${'ops'.padStart(8)}${'check ms'.padStart(10)}`
      + `${'cpu ms'.padStart(9)}${'µs/op'.padStart(8)}${'explain ms'.padStart(12)}`
      + `${'steps'.padStart(11)}  verdict`);
  }
  const points: Point[] = [];
  for (const { shape, bad } of SHAPES) {
    for (const n of lengths) {
      const p = point(shape, bad, n);
      points.push(p);
      if (!json) console.log(row(p));
    }
  }
  if (json) console.log(JSON.stringify(points));
}

main(process.argv.slice(2));
