import { assert } from '../core/assert.ts';
import { check, preparePart, splitParts, type PreparedPart } from './check.ts';
import type { CheckResult, Model, Operation } from './types.ts';

/** An operation that could have come next after the longest prefix, and why it did not. */
export interface StuckOp {
  readonly op: number;
  readonly description: string;
  /** 'illegal': the model rejects it in that state; 'dead-end': legal, but nothing after it
   * leads to a full linearization. */
  readonly reason: 'illegal' | 'dead-end';
}

export interface PrefixStep {
  readonly op: number;
  readonly description: string;
  readonly stateAfter: string;
}

export interface MinimalHistory {
  /** History indices, ascending. */
  readonly ops: readonly number[];
  /** Model.describeOperation of each op of `ops`. */
  readonly descriptions: readonly string[];
  /** False if the step budget ran out before every single op was tried. */
  readonly minimal: boolean;
  readonly steps: number;
}

export interface Explanation {
  readonly part: number;
  readonly label: string;
  readonly initialState: string;
  /** The longest linearizable prefix found in the illegal part. */
  readonly prefix: readonly PrefixStep[];
  readonly stuck: readonly StuckOp[];
  readonly minimal: MinimalHistory;
}

export interface ExplainOptions {
  /** Search steps for the minimization over all trials (default 2,000,000). */
  readonly maxSteps?: number;
}

/**
 * Explains an illegal verdict: the longest linearizable prefix of the illegal part, the ops that
 * could not come next, and a minimal failing sub-history (ops dropped one group, then one op, at
 * a time while the rest stays non-linearizable). Deterministic: budgets are in steps.
 */
export function explain(
  model: Model,
  ops: readonly Operation[],
  result: CheckResult,
  options: ExplainOptions = {},
): Explanation | null {
  if (result.verdict !== 'illegal') return null;
  const parts = splitParts(model, ops, result.partitioned);
  const part = preparePart(model, ops, parts[result.illegalPart]!);
  const longest = result.parts[result.illegalPart]!.longest;
  const { prefix, initialState, state } = replay(part, ops, longest);
  const stuck = stuckOps(part, ops, longest, state);
  const minimal = minimalFailing(model, ops, result, options.maxSteps ?? 2_000_000);
  return { part: result.illegalPart, label: part.label, initialState, prefix, stuck, minimal };
}

/**
 * Shrinks within one of the model's own parts even when the check ran unpartitioned: a history
 * is linearizable iff each part is (P-compositionality), so a failing part is a failing
 * sub-history, and checks of one key are far cheaper than checks of all keys at once.
 */
function minimalFailing(model: Model, ops: readonly Operation[], result: CheckResult,
  budget: number): MinimalHistory {
  let from = result;
  if (!result.partitioned && model.partition) {
    const keyed = check(model, ops, { maxSteps: budget });
    if (keyed.verdict === 'illegal') from = keyed;
  }
  const part = preparePart(model, ops, splitParts(model, ops, from.partitioned)[from.illegalPart]!);
  const check1 = (h: readonly Operation[], maxSteps: number) =>
    check(model, h, { partition: from.partitioned, maxSteps });
  // A trial (a smaller history) gets a fraction of what refuting the whole part took; harder
  // trials are given up on, and the op they tried to drop stays.
  const found = from.parts[from.illegalPart]!;
  const trialSteps = Math.max(50_000, found.steps >> 2);
  return minimize(ops, part, found.longest, check1, budget, trialSteps);
}

function outputOf(op: Operation): unknown {
  return op.return === null ? null : op.output;
}

function replay(part: PreparedPart, ops: readonly Operation[], order: readonly number[]) {
  const m = part.model;
  let state = m.init();
  const initialState = m.describeState(state);
  const prefix = order.map((i) => {
    const op = ops[i]!;
    const next = m.step(state, op.input, outputOf(op));
    assert(next !== undefined, 'explain: the longest prefix must replay legally', { op: i });
    state = next;
    const description = m.describeOperation(op.input, outputOf(op));
    return { op: i, description, stateAfter: m.describeState(state) };
  });
  return { prefix, initialState, state };
}

/** The ops that real time allows next after `order` (called no later than the earliest return
 * among the remaining ops), each with the reason it did not lead anywhere. */
export function stuckOps(part: PreparedPart, ops: readonly Operation[],
  order: readonly number[], state: unknown): StuckOp[] {
  const done = new Set(order);
  const rest = part.ops.filter((i) => !done.has(i));
  const earliestReturn = Math.min(...rest.map((i) => ops[i]!.return ?? Infinity));
  return rest
    .filter((i) => ops[i]!.call <= earliestReturn)
    .map((i) => {
      const op = ops[i]!;
      const legal = part.model.step(state, op.input, outputOf(op)) !== undefined;
      return {
        op: i,
        description: part.model.describeOperation(op.input, outputOf(op)),
        reason: legal ? 'dead-end' as const : 'illegal' as const,
      };
    });
}

/**
 * Shrinks the failing part while it stays non-linearizable: pending ops first, then read-only
 * ops, then the others (each in halves, quarters, ... then one at a time), then single ops again
 * until nothing can go (1-minimal within the budget). Plain delta debugging degenerates here:
 * drop the writes and any read of a written value is a "violation" on its own. So a candidate
 * must also keep its ops anchored (see `anchoring`).
 */
function minimize(ops: readonly Operation[], part: PreparedPart, longest: readonly number[],
  check1: (h: readonly Operation[], maxSteps: number) => CheckResult, budget: number,
  trialSteps: number): MinimalHistory {
  let spent = 0;
  let exhausted = false;
  const isRead = (i: number): boolean => readOnlyOp(part.model, ops[i]!);
  const anchoredIn = anchoring(ops, part, longest, isRead);
  const exempt = new Set(part.ops.filter((i) => !anchoredIn(part.ops, i)));
  const fails = (subset: readonly number[]): boolean => {
    const left = budget - spent;
    if (left <= 0) return (exhausted = true, false);
    const r = check1(subset.map((i) => ops[i]!), Math.min(left, trialSteps));
    spent += r.steps;
    // Undecided within the trial's budget counts as "does not fail": the op stays.
    if (r.stoppedBy === 'steps' && left <= trialSteps) exhausted = true;
    return r.verdict === 'illegal'
      && subset.every((i) => exempt.has(i) || anchoredIn(subset, i));
  };
  // Ops called after the point where the longest prefix got stuck are usually irrelevant.
  const seen = new Set(longest);
  const stuckAt = Math.min(...part.ops.filter((i) => !seen.has(i))
    .map((i) => ops[i]!.return ?? Infinity));
  const early = part.ops.filter((i) => ops[i]!.call <= stuckAt);
  let current = early.length < part.ops.length && fails(early) ? early : [...part.ops];
  // Pending ops first: each one multiplies the search, and without them trials decide fast.
  const isPending = (i: number): boolean => ops[i]!.return === null;
  for (const phase of [isPending, isRead, (i: number) => !isRead(i), () => true]) {
    for (let size = current.length >> 1; size >= 1; size >>= 1) {
      current = dropChunks(current, size, phase, fails);
    }
  }
  for (let round = 0; round < 8 && !exhausted; round++) {
    const before = current.length;
    current = dropChunks(current, 1, () => true, fails);
    if (current.length === before) break;
  }
  current.sort((a, b) => a - b);
  const descriptions = current.map((i) => part.model.describeOperation(ops[i]!.input,
    outputOf(ops[i]!)));
  return { ops: current, descriptions, minimal: !exhausted, steps: spent };
}

/**
 * anchoredIn(subset, op): is the op legal at some point while the subset's other state-changing
 * ops are applied in a reference order (the longest linearization, then the rest by call time;
 * steps the model rejects are skipped)? Cheap (one replay), and it keeps the shrinking from
 * keeping a read (or a successful cas) whose writers were dropped. Ops not anchored in the whole
 * part are exempt.
 */
function anchoring(ops: readonly Operation[], part: PreparedPart, longest: readonly number[],
  isRead: (i: number) => boolean) {
  const seen = new Set(longest);
  const rest = part.ops.filter((i) => !seen.has(i)).sort((a, b) => ops[a]!.call - ops[b]!.call);
  const writes = [...longest, ...rest].filter((i) => !isRead(i));
  const m = part.model;
  return (subset: readonly number[], op: number): boolean => {
    const members = new Set(subset);
    const r = ops[op]!;
    let state = m.init();
    if (m.step(state, r.input, r.output) !== undefined) return true;
    for (const w of writes) {
      if (w === op || !members.has(w)) continue;
      state = m.step(state, ops[w]!.input, outputOf(ops[w]!)) ?? state;
      if (m.step(state, r.input, r.output) !== undefined) return true;
    }
    return false;
  };
}

function readOnlyOp(model: Model, op: Operation): boolean {
  return op.return !== null && op.output !== null && model.readOnly?.(op.input, op.output) === true;
}

/** Drops chunks of `size` consecutive ops that satisfy `eligible`, keeping `fails` true. */
function dropChunks(ops: number[], size: number, eligible: (i: number) => boolean,
  fails: (s: readonly number[]) => boolean): number[] {
  let current = ops;
  const chosen = (list: number[]) => list.filter(eligible);
  for (let at = 0; at < chosen(current).length;) {
    const chunk = new Set(chosen(current).slice(at, at + size));
    const candidate = current.filter((i) => !chunk.has(i));
    if (candidate.length > 0 && fails(candidate)) current = candidate;
    else at += size;
  }
  return current;
}
