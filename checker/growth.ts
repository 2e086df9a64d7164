import { assert } from '../core/assert.ts';
import type { Growth } from './types.ts';

/** The ops of one part as the growth check needs them (a subset of search.ts's PartHistory). */
export interface GrowthPart {
  readonly inputs: readonly unknown[];
  readonly outputs: readonly unknown[];
  readonly calls: readonly number[];
  readonly returns: readonly number[];
  readonly readOnly: Uint8Array;
}

/**
 * The search's side of Model.growth (see there for the argument). It follows which
 * observations and resets are still to linearize, each kind in a fixed order (observations by
 * return time, resets by call time) with a cursor on the first one left, so the question
 * "can the earliest observation left still hold after this op?" costs O(1) amortized plus one
 * canGrowTo, and when that fails one canGrowFrom per reset left that may come before it.
 *
 * A reset left that real time lets come before the observation does not stop the pruning: the
 * last reset before the observation must then be one of those, so the observation must be
 * reachable from one of them (Growth.canGrowFrom).
 *
 * On c50-ok (Porcupine's kv corpus, 10 keys of about 170 ops) this cuts the search from 906,616
 * steps to 26,212 (43,016 without canGrowFrom; c50-bad: 83,585 to 1,983): without it, an Append
 * placed too early is found out only when the search reaches a Get that returned after
 * everything placed since, and every interleaving in between is tried first.
 */
export class GrowthCheck<S> {
  /** Observation ops by return time (ties by index), and each op's position there or -1. */
  private readonly observations: Int32Array;
  private readonly observationAt: Int32Array;
  /** Reset ops by call time (ties by index), and each op's position there or -1. */
  private readonly resets: Int32Array;
  private readonly resetAt: Int32Array;
  /** 1 for ops linearized (on the search's stack). */
  private readonly done: Uint8Array;
  /** The first observation, and the first reset, not linearized (or the array's length). */
  private firstObservation = 0;
  private firstReset = 0;

  /** `events`: the part's events in time order (search.ts's sortedEvents). */
  constructor(private readonly growth: Growth<S, unknown, unknown>,
    private readonly part: GrowthPart, events: Int32Array) {
    const n = part.calls.length;
    const observations: number[] = [];
    const resets: number[] = [];
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      if (ev < n && growth.isReset(part.inputs[ev])) resets.push(ev);
      const k = ev - n;
      if (k >= 0 && part.readOnly[k] === 1 && part.outputs[k] !== null
        && part.returns[k] !== Infinity) observations.push(k);
    }
    this.observations = Int32Array.from(observations);
    this.resets = Int32Array.from(resets);
    this.observationAt = positions(n, this.observations);
    this.resetAt = positions(n, this.resets);
    this.done = new Uint8Array(n);
  }

  /**
   * Whether linearizing `op` (not read-only), reaching `after`, leaves the earliest observation
   * still to come reachable. False proves the prefix plus `op` a dead end.
   */
  viable(op: number, after: S): boolean {
    if (this.firstObservation === this.observations.length) return true;
    const g = this.observations[this.firstObservation]!;
    const { part, growth } = this;
    const input = part.inputs[g];
    const output = part.outputs[g];
    if (growth.canGrowTo(after, input, output)) return true;
    // Else a reset must come between (the last one before the observation): one still left,
    // that real time lets come before it (resets are by call time).
    const before = part.returns[g]!;
    for (let r = this.firstReset; r < this.resets.length; r++) {
      const reset = this.resets[r]!;
      if (part.calls[reset]! > before) break;
      if (this.done[reset] === 1 || reset === op) continue;
      if (growth.canGrowFrom === undefined) return true; // after a reset, anything may happen
      if (growth.canGrowFrom(part.inputs[reset], input, output)) return true;
    }
    return false;
  }

  /** The search linearized `op`. */
  linearized(op: number): void {
    assert(this.done[op] === 0, 'growth: op linearized twice');
    this.done[op] = 1;
    if (this.observationAt[op] === this.firstObservation) {
      this.firstObservation = advance(this.observations, this.done, this.firstObservation);
    }
    if (this.resetAt[op] === this.firstReset) {
      this.firstReset = advance(this.resets, this.done, this.firstReset);
    }
  }

  /** The search took `op` back (LIFO). */
  unlinearized(op: number): void {
    assert(this.done[op] === 1, 'growth: op taken back but not linearized');
    this.done[op] = 0;
    const o = this.observationAt[op]!;
    if (o >= 0 && o < this.firstObservation) this.firstObservation = o;
    const r = this.resetAt[op]!;
    if (r >= 0 && r < this.firstReset) this.firstReset = r;
  }
}

function positions(n: number, order: Int32Array): Int32Array {
  const at = new Int32Array(n).fill(-1);
  for (let i = 0; i < order.length; i++) at[order[i]!] = i;
  return at;
}

/** The first position at or after `from` whose op is not done. */
function advance(order: Int32Array, done: Uint8Array, from: number): number {
  let i = from;
  while (i < order.length && done[order[i]!] === 1) i++;
  return i;
}
