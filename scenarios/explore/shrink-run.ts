import fc from 'fast-check';
import { runScenario, type RunResult } from '../../sim/runner.ts';
import { fileDecisions } from '../../sim/schedule-file.ts';
import { scheduleOfRecorded } from '../../sim/recorder.ts';
import type { Schedule } from '../../sim/schedule.ts';
import {
  counterexample, failsAs, shrinkDecisions, SHRINK_KEYING, type Minimality,
} from '../../sim/shrink.ts';
import type { EngineOptions, ShrunkRun } from './engine.ts';
import { exploreSpec } from './arbitraries.ts';
import { shrinkClass } from './oracles.ts';
import { exploreScenario } from './scenario.ts';
import { shrinkSpec } from './shrink-spec.ts';
import type { ExploreSpec } from './spec.ts';

/**
 * Shrinking a failing generated run (docs/explore.md): in rounds, shrink its spec
 * (shrink-spec.ts), then its remaining random decisions (sim/shrink.ts), until a round's spec
 * shrink changes nothing. Every candidate spec runs driven by the schedule the smallest failing
 * run so far failed with (its recording), not by its seed: each fault decision keeps its
 * moment, so a candidate without a client or a fault event differs from the failing run only
 * where the spec does. (Driven by the seed, every later draw on a link would shift by the
 * messages the change adds or removes, and the failure would rarely survive.) In the second
 * round that schedule is the shrunk one: a calm run, from which a client or a fault event goes
 * more easily. Budgets are in runs, so the shrink is deterministic.
 */

/** Rounds at most: spec, decisions, spec again, decisions again, ... */
const ROUNDS = 3;

/** The smallest failing run so far: its spec, and its run (recorded) that failed. */
interface Failing {
  readonly spec: ExploreSpec;
  readonly result: RunResult;
}

class Trials {
  specRuns = 0;
  decisionRuns = 0;
  records = 0;

  constructor(private readonly o: EngineOptions, private readonly target: string) {}

  /** Failed as the target did, or with a failure of its class (oracles.ts shrinkClass). */
  fails(r: RunResult): boolean {
    return failsAs(r.failure, this.target, shrinkClass);
  }

  /** Run `spec` driven by `schedule` (or its seed), recorded unless `record` is false. */
  run(spec: ExploreSpec, schedule: Schedule | null, capMs?: number, record = true): RunResult {
    return runScenario(exploreScenario(spec, this.o.explore), spec.seed,
      { ...this.o.variant, schedule, record, capMs });
  }

  /** Record a run that must fail the same way. */
  record(spec: ExploreSpec, schedule: Schedule | null, what: string): Failing {
    this.records += 1;
    const result = this.run(spec, schedule);
    if (!this.fails(result)) {
      throw new Error(`explore: ${what} does not fail with '${this.target}'`);
    }
    return { spec, result };
  }
}

/** A run's non-benign decisions. */
function size(r: RunResult): number {
  return r.recording!.decisions.length;
}

function capOf(f: Failing): number {
  return 2 * f.result.failure!.atMs + 10_000;
}

/**
 * One spec shrink, within the spec budget. A candidate runs first driven by the best run's
 * schedule (a local change), and if that does not fail, by its own seed (a fresh run of the
 * smaller spec, as a generated run would be). Verdicts are remembered per best run, so a round
 * that repeats a candidate against the same best run costs nothing.
 */
function shrinkTheSpec(best: Failing, t: Trials, maxRuns: number): Failing {
  let cur = best;
  let curKey = JSON.stringify(cur.spec);
  let seen = new Map<string, boolean>();
  const attempt = (spec: ExploreSpec, schedule: Schedule | null): boolean => {
    if (t.specRuns >= maxRuns) return false;
    t.specRuns += 1;
    const r = t.run(spec, schedule, capOf(cur));
    if (!t.fails(r) || size(r) > size(cur.result)) return false;
    cur = { spec, result: r };
    curKey = JSON.stringify(spec);
    seen = new Map();
    return true;
  };
  shrinkSpec(best.spec, (spec) => {
    const key = JSON.stringify(spec);
    if (key === curKey) return true;
    const known = seen.get(key);
    if (known !== undefined) return known;
    const fails = attempt(spec, cur.result.recording!.toSchedule()) || attempt(spec, null);
    if (!fails && t.specRuns < maxRuns) seen.set(key, false);
    return fails;
  });
  return cur;
}

/**
 * Moments at which several decisions were drawn, each dropped whole: a leader's broadcast
 * draws one delay per follower at the same instant, and a 1-minimal schedule often keeps
 * every one of them, because dropping one alone changes which follower hears first while
 * dropping them all does not. One run per such moment; what is left is shrunk again
 * (shrinkFailure). On the first failures of installsnapshot-truncates-longer-log at explore
 * seeds 21-30 this took the shrunk median from 28 decisions to 21.5 (the median CPU of a
 * shrink from 12 s to 22 s).
 */
function dropMoments(best: Failing, t: Trials): Failing {
  const rec = best.result.recording!;
  const ds = rec.decisions;
  const count = new Map<number, number>();
  for (const d of ds) count.set(d.ms, (count.get(d.ms) ?? 0) + 1);
  const moments = [...count].filter(([, n]) => n > 1).map(([ms]) => ms);
  if (moments.length === 0) return best;
  const toSchedule = (on: readonly (number | null)[]): Schedule => {
    const gone = new Set(moments.filter((_, i) => on[i] === null));
    return scheduleOfRecorded(ds.filter((d) => !gone.has(d.ms)), rec.recordedData(),
      SHRINK_KEYING);
  };
  const arb = fc.array(fc.option(fc.noShrink(fc.constant(1)), { nil: null }),
    { minLength: moments.length, maxLength: moments.length });
  const found = counterexample(arb, moments.map(() => 1), (on) => {
    t.decisionRuns += 1;
    return t.fails(t.run(best.spec, toSchedule(on), capOf(best), false));
  });
  return found === null ? best
    : t.record(best.spec, toSchedule(found), 'a schedule without moments');
}

/** One decision shrink of the failing run `best` (its spec kept), within `maxRuns` runs. */
function shrinkTheDecisions(best: Failing, t: Trials, target: string,
  maxRuns: number): { best: Failing; minimality: Minimality } {
  const rec = best.result.recording!;
  const capMs = capOf(best);
  const out = shrinkDecisions(rec.decisions, rec.recordedData(), target, {
    maxRuns,
    run: (schedule) => t.run(best.spec, schedule, capMs, false),
    classOf: shrinkClass,
  });
  t.decisionRuns += out.runs;
  return { best: t.record(best.spec, out.schedule, 'the shrunk schedule'),
    minimality: out.minimality };
}

/** Shrink a failing spec (its seed's run fails with `target`): spec, then decisions, in rounds. */
export function shrinkFailure(spec: ExploreSpec, target: string, o: EngineOptions,
  spent = 0): ShrunkRun {
  const t = new Trials(o, target);
  let best = t.record(spec, null, 'the shrunk spec');
  const from = best.result.recording!.decisions.length;
  let minimality: Minimality = { kind: '1-minimal' };
  for (let round = 0; round < ROUNDS; round++) {
    const before = best.spec;
    best = shrinkTheSpec(best, t, o.specShrinkRuns);
    if (round > 0 && best.spec === before) break;
    ({ best, minimality } = shrinkTheDecisions(best, t, target, o.decisionShrinkRuns));
    const fewer = dropMoments(best, t);
    if (fewer !== best) {
      ({ best, minimality } = shrinkTheDecisions(fewer, t, target, o.decisionShrinkRuns));
    }
  }
  const rec = best.result.recording!;
  return {
    spec: best.spec, failure: best.result.failure!, decisions: fileDecisions(rec.decisions),
    data: rec.recordedData(), runs: spent + t.specRuns + t.decisionRuns + t.records, from,
    minimality,
  };
}

/**
 * A schedule of at most this many decisions is small enough: else the shrink starts again from
 * fast-check's native shrink of the spec, and, if still more are left, from fresh runs of the
 * generated spec on three servers (thirdStart); the smallest result is kept.
 */
export const SMALL_ENOUGH = 10;

/**
 * Shrink the generated run `spec` (run `runSeed`'s) that failed with `target`. Up to three
 * starts that find different small runs: the generated spec itself; when that leaves more than
 * SMALL_ENOUGH decisions, the spec fast-check's own shrink reaches (fields in the arbitrary's
 * order, each candidate run from its seed: a fresh run of a smaller spec, which sometimes
 * fails the same way far more simply); and when both leave more, fresh runs of the generated
 * spec on three servers that fail the same way (thirdStart). The smallest result is kept (the
 * earliest on a tie).
 */
export function shrinkExplored(spec: ExploreSpec, runSeed: number, target: string,
  o: EngineOptions): ShrunkRun {
  const a = shrinkFailure(spec, target, o);
  if (a.decisions.length <= SMALL_ENOUGH) return a;
  const native = nativeShrink(runSeed, target, o);
  const b = shrinkFailure(native.spec, target, o, native.spent);
  const best = b.decisions.length < a.decisions.length ? b : a;
  const third = thirdStart(spec, target, o, best);
  return { ...third.best, runs: a.runs + b.runs + third.runs, from: a.from };
}

/** Fresh runs of a spec on three servers that the third start tries at most (threeServers). */
export const RESAMPLE_RUNS = 50;
/** Of those that fail as the target did, how many the third start shrinks at most. */
export const RESAMPLE_SHRINKS = 3;

/**
 * The third start, while more than SMALL_ENOUGH decisions are left: the generated spec on
 * three servers, each fresh run of it that fails the same way shrunk in turn (at most
 * RESAMPLE_SHRINKS), keeping the smallest result: one such run can still shrink badly where
 * the next does not.
 */
function thirdStart(spec: ExploreSpec, target: string, o: EngineOptions,
  best: ShrunkRun): { best: ShrunkRun; runs: number } {
  let runs = 0;
  let k = 0;
  for (let n = 0; n < RESAMPLE_SHRINKS && best.decisions.length > SMALL_ENOUGH; n++) {
    const found = threeServers(spec, target, o, k);
    runs += found.k - k;
    k = found.k;
    if (found.spec === null) break;
    const c = shrinkFailure(found.spec, target, o);
    runs += c.runs;
    if (c.decisions.length < best.decisions.length) best = c;
  }
  return { best, runs };
}

/**
 * `spec` on three servers, run from fresh seeds derived from its own (numbers after+1 ..
 * RESAMPLE_RUNS) until one fails as the target did: that spec and its number k (RESAMPLE_RUNS
 * and no spec when none did; `after` and none for a spec on three servers already). The
 * decision shrink cannot take servers away (every decision is named by its link), and the spec
 * shrink tries a smaller cluster only against the failing run's schedule and its own seed; a
 * handful of fresh runs of the smaller cluster often meets the same failure in a far smaller run.
 */
export function threeServers(spec: ExploreSpec, target: string, o: EngineOptions,
  after = 0): { spec: ExploreSpec | null; k: number } {
  if (spec.servers <= 3) return { spec: null, k: after };
  for (let k = after + 1; k <= RESAMPLE_RUNS; k++) {
    const seed = (spec.seed + Math.imul(k, 0x9e3779b1)) >>> 1;
    const candidate: ExploreSpec = { ...spec, servers: 3, seed };
    if (failsFromSeed(candidate, target, o)) return { spec: candidate, k };
  }
  return { spec: null, k: RESAMPLE_RUNS };
}

/** Does a fresh run of `spec` (from its own seed, unrecorded) fail as the target did? */
function failsFromSeed(spec: ExploreSpec, target: string, o: EngineOptions): boolean {
  const f = runScenario(exploreScenario(spec, o.explore), spec.seed, o.variant).failure;
  return failsAs(f, target, shrinkClass);
}

/** fast-check's own shrink of run `runSeed`'s spec, its candidates run from their seed. */
function nativeShrink(runSeed: number, target: string,
  o: EngineOptions): { spec: ExploreSpec; spent: number } {
  let generated = true;
  let spent = 0;
  const details = fc.check(fc.property(exploreSpec(), (spec) => {
    if (generated) {
      generated = false;
      return false; // the generated run: it failed with `target`
    }
    if (spent >= o.specShrinkRuns) return true;
    spent += 1;
    return !failsFromSeed(spec, target, o);
  }), { seed: runSeed, numRuns: 1 });
  return { spec: details.counterexample![0], spent };
}
