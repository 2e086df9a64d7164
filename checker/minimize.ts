import type { PreparedPart } from './check.ts';
import type { CheckResult, Model, Operation } from './types.ts';

/** Why the shrinking stopped before it was done: its step budget, or the caller's stop signal. */
export type Cut = 'steps' | 'time';

/**
 * The explanation's work budget, in the search's steps, so that it is as exact and replayable
 * as --budget-steps. Everything the shrinking does is charged: each trial's search steps, one
 * step per op of a trial (building its search is linear in it), one per model step replayed
 * for the anchoring check. Without that, trials on a 10,000-op part would cost seconds each
 * while counting a few steps.
 */
export class Work {
  spent = 0;
  trials = 0;
  cut: Cut | null = null;

  constructor(readonly limit: number, readonly shouldStop?: () => boolean) {}

  get left(): number {
    return Math.max(0, this.limit - this.spent);
  }

  charge(steps: number): void {
    this.spent += steps;
  }

  /** True (and remembers why) once the budget is spent or the caller says stop. */
  stopped(): boolean {
    if (this.cut === null && this.spent >= this.limit) this.cut = 'steps';
    if (this.cut === null && this.shouldStop?.() === true) this.cut = 'time';
    return this.cut !== null;
  }
}

/** Checks a candidate sub-history (its ops only) within `maxSteps`. */
export type TrialCheck = (h: readonly Operation[], maxSteps: number) => CheckResult;

/**
 * Shrinks the failing part while it stays non-linearizable: pending ops first, then read-only
 * ops, then the others (each in halves, quarters, ... then one at a time), then single ops again
 * until nothing can go (1-minimal within the budget). Plain delta debugging degenerates here:
 * drop the writes and any read of a written value is a "violation" on its own. So a candidate
 * must also keep its ops anchored (see Anchoring). Returns the smallest failing subset found
 * (history indices); when the budget runs out, what it has so far, with work.cut set.
 */
export function minimize(ops: readonly Operation[], part: PreparedPart,
  longest: readonly number[], trial: TrialCheck, work: Work,
  trialSteps: (size: number) => number): number[] {
  const isRead = (i: number): boolean => readOnlyOp(part.model, ops[i]!);
  const anchoring = new Anchoring(ops, part, longest, isRead, work);
  // Passes over single ops meet the same candidates again when nothing changed in between.
  const known = new Map<string, boolean>();
  const fails = (subset: readonly number[]): boolean => {
    const key = subset.length <= 2000 ? subset.join(',') : undefined;
    const seen = key === undefined ? undefined : known.get(key);
    if (seen !== undefined) return seen;
    const verdict = tryOnce(subset);
    if (key !== undefined && work.cut === null) known.set(key, verdict);
    return verdict;
  };
  const tryOnce = (subset: readonly number[]): boolean => {
    if (work.stopped()) return false;
    work.trials++;
    work.charge(subset.length);
    // The anchoring check first: it is linear, a trial's search may not be.
    if (!anchoring.holds(subset) || work.stopped()) return false;
    const left = work.left;
    const own = trialSteps(subset.length);
    const r = trial(subset.map((i) => ops[i]!), Math.max(1, Math.min(left, own)));
    work.charge(r.steps);
    if (r.stoppedBy === 'callback') work.cut = 'time';
    // Undecided within its own budget counts as "does not fail": the op stays. Undecided
    // because the whole budget ran out is a cut.
    if (r.stoppedBy === 'steps' && left <= own) work.cut = 'steps';
    return r.verdict === 'illegal';
  };
  // Ops called after the point where the longest prefix got stuck are usually irrelevant.
  const stuckAt = earliestReturnLeft(ops, part.ops, longest);
  const early = part.ops.filter((i) => ops[i]!.call <= stuckAt);
  let current = smallWindow(ops, early, longest, fails)
    ?? (early.length < part.ops.length && fails(early) ? early : [...part.ops]);
  // Pending ops first: each one multiplies the search, and without them trials decide fast.
  const isPending = (i: number): boolean => ops[i]!.return === null;
  for (const phase of [isPending, isRead, (i: number) => !isRead(i), () => true]) {
    for (let size = current.length >> 1; size >= 1 && !work.stopped(); size >>= 1) {
      current = dropChunks(current, size, phase, fails);
    }
  }
  for (let round = 0; round < 8 && !work.stopped(); round++) {
    const before = current.length;
    current = dropChunks(current, 1, () => true, fails);
    if (current.length === before) break;
  }
  return current.sort((a, b) => a - b);
}

/**
 * Small windows first: the op the search got stuck on (the one left with the earliest return)
 * with the 0, 1, 3, 7, ... ops called just before it, while they are under half of `early`.
 * Often one fails (a read no op could cause fails alone), and then nothing large is ever
 * searched: on a 100,000-op history the first trial would otherwise take the whole budget.
 */
function smallWindow(ops: readonly Operation[], early: readonly number[],
  longest: readonly number[], fails: (s: readonly number[]) => boolean): number[] | undefined {
  const done = new Set(longest);
  const byCall = [...early].sort((a, b) => ops[a]!.call - ops[b]!.call || a - b);
  let stuck = -1;
  for (const i of byCall) {
    const r = ops[i]!.return ?? Infinity;
    if (!done.has(i) && (stuck < 0 || r < (ops[stuck]!.return ?? Infinity))) stuck = i;
  }
  const at = byCall.indexOf(stuck);
  for (let k = 0; at >= 0 && k <= at && 2 * (k + 1) <= early.length; k = 2 * k + 1) {
    const window = [...byCall.slice(at - k, at), stuck].sort((a, b) => a - b);
    if (fails(window)) return window;
  }
  return undefined;
}

/** The earliest return among the part's ops not in `order` (Infinity if none returned). */
export function earliestReturnLeft(ops: readonly Operation[], partOps: readonly number[],
  order: readonly number[]): number {
  const done = new Set(order);
  let earliest = Infinity;
  for (const i of partOps) {
    const r = ops[i]!.return;
    if (!done.has(i) && r !== null && r < earliest) earliest = r;
  }
  return earliest;
}

function readOnlyOp(model: Model, op: Operation): boolean {
  return op.return !== null && op.output !== null && model.readOnly?.(op.input, op.output) === true;
}

function outputOf(op: Operation): unknown {
  return op.return === null ? null : op.output;
}

/** Drops chunks of `size` consecutive ops that satisfy `eligible`, keeping `fails` true. */
function dropChunks(ops: number[], size: number, eligible: (i: number) => boolean,
  fails: (s: readonly number[]) => boolean): number[] {
  let current = ops;
  let chosen = current.filter(eligible);
  for (let at = 0; at < chosen.length;) {
    const chunk = new Set(chosen.slice(at, at + size));
    const candidate = current.filter((i) => !chunk.has(i));
    if (candidate.length > 0 && fails(candidate)) {
      current = candidate;
      chosen = current.filter(eligible);
    } else {
      at += size;
    }
  }
  return current;
}

/**
 * Is every op of a subset anchored: legal at some point while the subset's other
 * state-changing ops are applied in a reference order (the longest linearization, then the rest
 * by call time; steps the model rejects are skipped)? It keeps the shrinking from keeping a read
 * (or a successful cas) whose writers were dropped. Ops not anchored in the whole part are
 * exempt.
 *
 * Cost: one replay of the subset's writes, shared by all its ops: a write is replayed without
 * itself, but up to its own place that is the shared replay, so it is anchored if a state the
 * shared replay reached before its place admits it; only otherwise is it replayed alone. Each
 * op remembers a state it was legal in (seeded from the longest prefix); if the replay still
 * reaches it in time, the op is anchored in O(1); only the others are tried against the states.
 */
class Anchoring {
  private readonly writes: readonly number[];
  /** Position of each write in `writes`. */
  private readonly writeAt = new Map<number, number>();
  /** Whether an op is exempt, for the ops asked so far (see isExempt). */
  private readonly exempt = new Map<number, boolean>();
  /** The whole part, and the states its replay reaches (computed when first needed). */
  private readonly all: ReadonlySet<number>;
  private whole: StatesReached | undefined;
  /** A state each op was last found legal in. */
  private readonly witness = new Map<number, unknown>();
  private readonly model: Model;

  constructor(private readonly ops: readonly Operation[], part: PreparedPart,
    longest: readonly number[], private readonly isRead: (i: number) => boolean,
    private readonly work: Work) {
    this.model = part.model;
    const seen = new Set(longest);
    const rest = part.ops.filter((i) => !seen.has(i)).sort((a, b) => ops[a]!.call - ops[b]!.call);
    this.writes = [...longest, ...rest].filter((i) => !isRead(i));
    this.writes.forEach((w, k) => this.writeAt.set(w, k));
    this.all = new Set(part.ops);
    this.seedWitnesses(longest);
  }

  /**
   * The longest prefix replays legally, and its writes come first in the reference order, so
   * each of its ops is legal in a state the replay reaches before it: the state before it in
   * the prefix. Knowing those states makes anchoring the part's ops linear, not quadratic.
   */
  private seedWitnesses(longest: readonly number[]): void {
    let state = this.model.init();
    for (const i of longest) {
      const op = this.ops[i]!;
      this.witness.set(i, state);
      this.work.charge(1);
      state = this.model.step(state, op.input, outputOf(op)) ?? state;
    }
  }

  /** False also when the budget runs out before every op was looked at. */
  holds(subset: readonly number[]): boolean {
    const { out, tried } = this.unanchored(subset);
    return tried === subset.length && out.every((i) => this.isExempt(i));
  }

  /**
   * Whether op i (not legal in the initial state) is not anchored in the whole part. Asked
   * only of ops some subset leaves unanchored, and remembered: most ops are never asked, so
   * the whole part is not anchored op by op up front.
   */
  private isExempt(i: number): boolean {
    let exempt = this.exempt.get(i);
    if (exempt === undefined) {
      this.whole ??= this.replay(this.all, -1);
      exempt = !this.anchored(this.all, this.whole, i);
      this.exempt.set(i, exempt);
    }
    return exempt;
  }

  /**
   * The ops of `subset` that are not anchored in it, among its first `tried` ones: all of them
   * unless the budget ran out (it is looked at between ops, so it is overrun by at most a
   * replay and a scan of the states, O(subset)).
   */
  private unanchored(subset: readonly number[]): { out: number[]; tried: number } {
    const members = new Set(subset);
    const m = this.model;
    const init = m.init();
    let shared: StatesReached | undefined;
    const out: number[] = [];
    let tried = 0;
    for (const i of subset) {
      if (this.work.stopped()) break;
      tried++;
      const op = this.ops[i]!;
      this.work.charge(1);
      if (m.step(init, op.input, op.output) !== undefined) continue;
      shared ??= this.replay(members, -1);
      if (!this.anchored(members, shared, i)) out.push(i);
    }
    return { out, tried };
  }

  /** Whether op i is anchored among `members`, whose shared replay reached `shared`. */
  private anchored(members: ReadonlySet<number>, shared: StatesReached, i: number): boolean {
    // A write sees only what the shared replay reached before its own place.
    const place = this.isRead(i) ? Infinity : this.writeAt.get(i)!;
    if (this.anchoredIn(shared, i, place)) return true;
    return !this.isRead(i) && this.anchoredIn(this.replay(members, i), i, Infinity);
  }

  /** Whether op i is legal in a state of `states` first reached before position `place`. */
  private anchoredIn(states: StatesReached, i: number, place: number): boolean {
    const op = this.ops[i]!;
    const w = this.witness.get(i);
    if (w !== undefined && states.firstAt(w) < place) return true;
    for (let k = 0; k < states.list.length && states.at[k]! < place; k++) {
      this.work.charge(1);
      const s = states.list[k];
      if (this.model.step(s, op.input, op.output) !== undefined) {
        this.witness.set(i, s);
        return true;
      }
    }
    return false;
  }

  /** The states reached by the members' writes (except `skip`) in the reference order. */
  private replay(members: ReadonlySet<number>, skip: number): StatesReached {
    const m = this.model;
    const states = new StatesReached(m);
    let state = m.init();
    states.add(state, -1);
    this.writes.forEach((w, k) => {
      if (w === skip || !members.has(w)) return;
      this.work.charge(1);
      const op = this.ops[w]!;
      const next = m.step(state, op.input, outputOf(op));
      if (next === undefined) return;
      state = next;
      states.add(state, k);
    });
    return states;
  }
}

/** Distinct model states (by Model.hash / Model.equal) in the order first reached, each with
 * the position of the write that first reached it (-1: the initial state). */
class StatesReached {
  readonly list: unknown[] = [];
  readonly at: number[] = [];
  private readonly byHash = new Map<number, number[]>();

  constructor(private readonly model: Model) {}

  add(state: unknown, position: number): void {
    if (this.firstAt(state) !== Infinity) return;
    const h = this.model.hash(state);
    const bucket = this.byHash.get(h);
    if (bucket === undefined) this.byHash.set(h, [this.list.length]);
    else bucket.push(this.list.length);
    this.list.push(state);
    this.at.push(position);
  }

  /** The position the state was first reached at; Infinity if never. */
  firstAt(state: unknown): number {
    const bucket = this.byHash.get(this.model.hash(state));
    const k = bucket?.find((j) => this.model.equal(this.list[j], state));
    return k === undefined ? Infinity : this.at[k]!;
  }
}
