import fc from 'fast-check';
import { assert } from '../core/assert.ts';
import { refOf, type RecordedDecision } from './recorder.ts';
import type { RunFailure, RunResult } from './runner.ts';
import { Schedule, type DataLists, type ScheduleKeying } from './schedule.ts';

/**
 * Shrinking a failing run with fast-check (docs/shrinking.md).
 *
 * The recorded run is a list of non-benign decisions (every other draw was benign). A candidate
 * is a sub-list, with values no larger than recorded: dropping a decision makes that draw benign.
 * fast-check shrinks the recorded list as a user-supplied counterexample of its own array and
 * integer arbitraries (no hand-written search): its array shrinker drops blocks of decisions
 * (halving), then single ones, then shrinks the survivors' values toward 1. A candidate counts
 * only if its run fails with the same failure (kind, check, and for assertions the message), or
 * one its caller counts as the same (ShrinkOptions.classOf).
 */

/** What must stay the same for a candidate to count. */
export function failureSignature(f: RunFailure): string {
  if (f.kind === 'assertion' || f.kind === 'error') {
    return `${f.kind}: ${f.message.replace(/ [{[].*$/s, '')}`;
  }
  return `${f.kind}: ${f.check}`;
}

/**
 * Does a run's failure count as the target signature's: the same signature, or one of the same
 * class when the caller counts several as one (ShrinkOptions.classOf).
 */
export function failsAs(f: RunFailure | null, target: string,
  classOf: (signature: string) => string = (s) => s): boolean {
  return f !== null && classOf(failureSignature(f)) === classOf(target);
}

export interface ShrinkProgress {
  /** Candidate runs so far. */
  readonly runs: number;
  /** Non-benign decisions in the smallest failing schedule so far. */
  readonly size: number;
}

export interface ShrinkOptions {
  /** At most this many candidate runs (the budget is in runs, so a shrink is deterministic). */
  readonly maxRuns: number;
  /** Runs one candidate schedule (no recording needed). */
  readonly run: (schedule: Schedule) => RunResult;
  readonly onProgress?: (p: ShrinkProgress) => void;
  /** How candidates name the decisions they keep (schedule.ts); SHRINK_KEYING unless given. */
  readonly keying?: ScheduleKeying;
  /**
   * Which failures count as the target's: a candidate counts if its signature's class is the
   * target's. The default class is the signature itself; a caller may count several signatures
   * as one failure (the explore oracle's two pending checks: scenarios/explore/oracles.ts).
   */
  readonly classOf?: (signature: string) => string;
}

/**
 * How a shrink's candidates name the decisions they keep (schedule.ts): by order on their
 * stream, so that a later delay stays with its message when making an earlier decision benign
 * moves the run in time (by moment, it landed on another message and the failure was lost). On
 * the first failures of installsnapshot-truncates-longer-log at explore seeds 1-5: 68, 10, 36,
 * 63, 23 decisions by moment, 13, 10, 10, 36, 23 by order; on its first course catch, 27 and 3
 * (docs/bug-zoo.md, docs/shrinking.md). The shrunk run is recorded again, so files name
 * decisions by moment.
 */
export const SHRINK_KEYING: ScheduleKeying = 'order';

export type Minimality =
  | { readonly kind: '1-minimal' }
  | { readonly kind: 'budget'; readonly unchecked: number };

export interface ShrinkOutcome {
  /** The smallest failing schedule's decisions (a subset of the recording's, values <= theirs). */
  readonly schedule: Schedule;
  readonly runs: number;
  /** Whether no single remaining decision can be made benign (checked by running each). */
  readonly minimality: Minimality;
}

/**
 * Shrink `recorded` (a failing run's non-benign decisions) to a small schedule that fails with
 * the same signature. Deterministic: the same inputs give the same schedule and run count.
 */
export function shrinkDecisions(recorded: readonly RecordedDecision[], data: DataLists,
  target: string, opts: ShrinkOptions): ShrinkOutcome {
  const budget = new Budget(opts, target, recorded, data);
  let kept = recorded.map((_, i) => ({ index: i, value: recorded[i]!.value }));
  let lowered = false;
  for (const group of GROUPINGS) {
    if (!budget.exhausted) kept = dropGroups(kept, budget, (k) => group(recorded[k.index]!));
  }
  for (let round = 0; round < MAX_ROUNDS && !budget.exhausted; round++) {
    const size = kept.length;
    kept = dropDecisions(kept, budget);
    if (budget.exhausted) break;
    if (kept.length < size) continue;
    // A whole pass removed nothing: each decision alone was tried against this very schedule,
    // so no single one can go (1-minimal). Lower the values once, then check again: only for a
    // schedule a person will read (a value costs a few runs; hundreds of them, thousands).
    if (lowered || kept.length > LOWER_AT_MOST) {
      return outcome(budget, kept, { kind: '1-minimal' });
    }
    const before = kept.map((k) => k.value).join();
    kept = lowerValues(kept, budget);
    lowered = true;
    if (kept.map((k) => k.value).join() === before) {
      return outcome(budget, kept, { kind: '1-minimal' });
    }
  }
  return outcome(budget, kept, { kind: 'budget', unchecked: kept.length });
}

function outcome(budget: Budget, kept: readonly Kept[], minimality: Minimality): ShrinkOutcome {
  return { schedule: budget.schedule(kept), runs: budget.runs, minimality };
}

/** Values are lowered only in schedules of at most this many decisions. */
export const LOWER_AT_MOST = 50;

/** Passes at most (each but the last two removes at least one decision). */
const MAX_ROUNDS = 10_000;

interface Kept {
  /** Index into the recorded decisions. */
  readonly index: number;
  /** Value (relative to benign), 1 <= value <= recorded value. */
  readonly value: number;
}

/**
 * Phase 1: each decision is an option of fast-check's (a value, or nil = benign) in an array of
 * fixed length, so fast-check's array shrinker tries the options one by one and, after every
 * success, carries on from the same position: one pass, one run per decision. (A variable-length
 * array would first try to drop long runs of decisions, which a chaotic run almost never
 * survives, and would rescan from the start after every success.) The pass goes from the last
 * decision back to the first: dropping a late decision leaves the run identical up to it.
 */
function dropDecisions(kept: readonly Kept[], budget: Budget): Kept[] {
  if (kept.length === 0) return [];
  const order = [...kept].reverse();
  const arb = fc.array(fc.option(fc.noShrink(fc.nat()), { nil: null }),
    { minLength: order.length, maxLength: order.length });
  const toKept = (values: readonly (number | null)[]): Kept[] => order
    .flatMap((k, i) => (values[i] === null ? [] : [k])).reverse();
  const found = counterexample(arb, order.map((k) => k.value), (v) => budget.fails(toKept(v)));
  return found === null ? [...kept] : toKept(found);
}

/**
 * Phase 0, coarse to fine: whole kinds of decision first (every 'request order' draw, every
 * 'request delay'), then a kind on one stream (the delays of link s0>s2), each group one option
 * in a fixed-length array as in phase 1. A recording holds hundreds of decisions of kinds the
 * failure does not need (the order of concurrent messages, most delays); a group goes in one run
 * where phase 1 would spend one run per decision.
 */
const GROUPINGS: ReadonlyArray<(d: RecordedDecision) => string> = [
  (d) => d.site,
  (d) => `${d.site}\u0000${d.stream}`,
];

function dropGroups(kept: readonly Kept[], budget: Budget, keyOf: (k: Kept) => string): Kept[] {
  const keys = [...new Set(kept.map(keyOf))];
  if (keys.length < 2) return [...kept];
  const arb = fc.array(fc.option(fc.noShrink(fc.constant(1)), { nil: null }),
    { minLength: keys.length, maxLength: keys.length });
  const toKept = (on: readonly (number | null)[]): Kept[] => {
    const dropped = new Set(keys.filter((_, i) => on[i] === null));
    return kept.filter((k) => !dropped.has(keyOf(k)));
  };
  const found = counterexample(arb, keys.map(() => 1), (v) => budget.fails(toKept(v)));
  return found === null ? [...kept] : toKept(found);
}

/** Phase 2: fast-check's integer shrinkers lower each surviving value toward 1. */
function lowerValues(kept: readonly Kept[], budget: Budget): Kept[] {
  if (kept.every((k) => k.value === 1)) return [...kept];
  const arb = fc.tuple(...kept.map((k) => fc.integer({ min: 1, max: k.value })));
  const example = kept.map((k) => k.value);
  const toKept = (values: readonly number[]): Kept[] =>
    kept.map((k, i) => ({ index: k.index, value: values[i]! }));
  const found = counterexample(arb, example, (values) => budget.fails(toKept(values)));
  return found === null ? [...kept] : toKept(found);
}

/** fast-check's shrink of a failing example: the smallest failing value it reaches, or null. */
export function counterexample<T>(arb: fc.Arbitrary<T>, example: T,
  fails: (v: T) => boolean): T | null {
  const details = fc.check(fc.property(arb, (v) => !fails(v)),
    { examples: [[example]], numRuns: 1, seed: 0, endOnFailure: false });
  if (!details.failed || details.counterexample === null) return null;
  return details.counterexample[0];
}

/** Runs candidates within the run budget, remembering verdicts. */
class Budget {
  runs = 0;
  private best: number;
  private readonly seen = new Map<string, boolean>();

  constructor(private readonly opts: ShrinkOptions, private readonly target: string,
    private readonly recorded: readonly RecordedDecision[], private readonly data: DataLists) {
    this.best = recorded.length;
  }

  get exhausted(): boolean {
    return this.runs >= this.opts.maxRuns;
  }

  schedule(kept: readonly Kept[]): Schedule {
    const keying = this.opts.keying ?? SHRINK_KEYING;
    const refs = kept.map((k) => {
      const d = this.recorded[k.index]!;
      assert(k.value >= 1 && k.value <= d.value, 'shrink: value out of range', { k, d });
      return refOf(d, k.value, keying);
    });
    return new Schedule(refs, this.data, keying);
  }

  /** Does this candidate fail the same way? Over budget, every candidate "passes". */
  fails(kept: readonly Kept[]): boolean {
    const key = kept.map((k) => `${k.index}:${k.value}`).join(',');
    const known = this.seen.get(key);
    if (known !== undefined) return known;
    if (this.exhausted) return false;
    this.runs += 1;
    const r = this.opts.run(this.schedule(kept));
    const fails = failsAs(r.failure, this.target, this.opts.classOf);
    this.seen.set(key, fails);
    if (fails && kept.length < this.best) this.best = kept.length;
    this.opts.onProgress?.({ runs: this.runs, size: this.best });
    return fails;
  }
}
