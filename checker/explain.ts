import { assert } from '../core/assert.ts';
import { check, illegalPart, type PreparedPart } from './check.ts';
import { earliestReturnLeft, minimize, Work, type Cut } from './minimize.ts';
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
  /** False if the budget ran out before every single op was tried (see `cut`). */
  readonly minimal: boolean;
  /** Why the shrinking stopped early: the step budget, or the time budget; null if it ended. */
  readonly cut: Cut | null;
  /** Sub-histories tried, and the work spent on them (steps, see Work in minimize.ts). */
  readonly trials: number;
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
  /**
   * Work budget of the minimization, in steps (default 2,000,000): trials' search steps plus
   * their setup (see Work in minimize.ts), so that it bounds the time too. Exact, like
   * CheckOptions.maxSteps; the prefix and the ops that could not come next are always given.
   */
  readonly maxSteps?: number;
  /** Asked between trials and between a trial's slices; true cuts the shrinking short. */
  readonly shouldStop?: () => boolean;
}

const EXPLAIN_STEPS = 2_000_000;

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
  const part = illegalPart(model, ops, result);
  const longest = result.parts[result.illegalPart]!.longest;
  const { prefix, initialState, state } = replay(part, ops, longest);
  const stuck = stuckOps(part, ops, longest, state);
  const work = new Work(options.maxSteps ?? EXPLAIN_STEPS, options.shouldStop);
  const minimal = minimalFailing(model, ops, result, part, work);
  return { part: result.illegalPart, label: part.label, initialState, prefix, stuck, minimal };
}

/**
 * Shrinks within one of the model's own parts even when the check ran unpartitioned: a history
 * is linearizable iff each part is (P-compositionality), so a failing part is a failing
 * sub-history, and checks of one key are far cheaper than checks of all keys at once.
 */
function minimalFailing(model: Model, ops: readonly Operation[], result: CheckResult,
  illegal: PreparedPart, work: Work): MinimalHistory {
  let from = result;
  const { shouldStop } = work;
  if (!result.partitioned && model.partition) {
    const keyed = check(model, ops, { maxSteps: Math.max(1, work.left), shouldStop });
    work.charge(keyed.steps + ops.length);
    if (keyed.verdict === 'illegal') from = keyed;
  }
  const part = from === result ? illegal : illegalPart(model, ops, from);
  // Trials are sub-histories of this part: its own model checks them (a history inside one
  // part is linearizable for the model iff for the part's model), and its tables are reused.
  const trial = (h: readonly Operation[], maxSteps: number) =>
    check(part.model, h, { partition: false, maxSteps, shouldStop, extendPrefix: false });
  // A trial (a smaller history) gets twice what refuting the whole part took, pro rata of its
  // size (refuting a long history takes at least a step per op); harder trials are given up
  // on, and the ops they tried to drop stay.
  const found = from.parts[from.illegalPart]!;
  const perOp = (2 * found.steps) / Math.max(1, part.ops.length);
  const trialSteps = (size: number) => Math.max(50_000, Math.ceil(perOp * size));
  const current = minimize(ops, part, found.longest, trial, work, trialSteps);
  const descriptions = current.map((i) => part.model.describeOperation(ops[i]!.input,
    outputOf(ops[i]!)));
  const { cut, trials, spent } = work;
  return { ops: current, descriptions, minimal: cut === null, cut, trials, steps: spent };
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
  const earliestReturn = earliestReturnLeft(ops, part.ops, order);
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
