import fc from 'fast-check';
import { exploreSpec } from '../scenarios/explore/arbitraries.ts';
import { runSeedOf } from '../scenarios/explore/engine.ts';
import { exploreScenario } from '../scenarios/explore/scenario.ts';
import type { ExploreSpec } from '../scenarios/explore/spec.ts';
import { findBug } from '../scenarios/bugs/index.ts';
import { runScenario, type RunOptions } from '../sim/runner.ts';

/**
 * How long generated runs take to settle after the heal (docs/bug-zoo.md, on
 * election-timer-reset-wrong): for explore runs 0..N-1 of a seed, on the real code or on a
 * known-bad variant, the virtual time from the heal to the liveness oracle's "settled" (a
 * leader, every operation done, every server's state equal), and how many leaders were elected
 * after the heal. A liveness bug that only slows elections shows here as a shift of this
 * distribution, not as a run that misses the oracle's 30 s bound.
 *
 *   node --import=tsx bench/heal-times.ts [--bug ID] [--runs 150] [--seed 1]
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

/** Run `index`'s spec exactly as `raftsim explore` draws it (engine.ts exploreRun). */
function specOf(seed: number, index: number): ExploreSpec {
  let spec: ExploreSpec | null = null;
  fc.check(fc.property(exploreSpec(), (s) => {
    spec ??= s;
    return true;
  }), { seed: runSeedOf(seed, index), numRuns: 1 });
  return spec!;
}

interface Settle {
  readonly ms: number;
  readonly leaders: number;
  readonly failed: boolean;
}

function settleOf(spec: ExploreSpec, variant: RunOptions): Settle {
  let heal = -1;
  let settled = -1;
  let leaders = 0;
  const r = runScenario(exploreScenario(spec), spec.seed, { ...variant, sink: (l) => {
    if (l.who === 'explore' && l.what.startsWith('heal')) heal = l.time;
    else if (l.who === 'explore' && l.what.startsWith('settled')) settled = l.time;
    else if (heal >= 0 && l.what.startsWith('leader in term')) leaders += 1;
  } });
  return { ms: settled - heal, leaders, failed: r.failure !== null };
}

const id = arg('--bug');
const bug = id === undefined ? undefined : findBug(id);
if (id !== undefined && bug === undefined) {
  console.error(`heal-times: no known-bad variant '${id}'`);
  process.exit(2);
}
const runs = Number(arg('--runs') ?? '150');
const seed = Number(arg('--seed') ?? '1');
const all = Array.from({ length: runs }, (_, i) => settleOf(specOf(seed, i), bug?.run ?? {}));
const ok = all.filter((s) => !s.failed);
const ms = ok.map((s) => s.ms).sort((a, b) => a - b);
const at = (q: number): number => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
const mean = (xs: readonly number[]): string =>
  (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(0);
console.log(`${id ?? 'the real implementation'}: explore seed ${seed}, runs 0..${runs - 1}, ` +
  `${ok.length} settled (${runs - ok.length} failed)`);
console.log(`heal to settled: mean ${mean(ms)} ms, median ${at(0.5)}, p90 ${at(0.9)}, ` +
  `max ${ms.at(-1)}; leaders elected after the heal: mean ` +
  `${(ok.reduce((a, s) => a + s.leaders, 0) / ok.length).toFixed(2)}`);
