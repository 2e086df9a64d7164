import { assert } from '../core/assert.ts';
import { Bitset } from './bitset.ts';
import { GrowthCheck } from './growth.ts';
import { fmix32 } from './hash.ts';
import { Memo } from './memo.ts';
import { sortedEvents } from './order.ts';
import { StateSpace } from './states.ts';
import type { Model } from './types.ts';

/** The operations of one part, by local index 0..n-1. Pending ops have return = Infinity. */
export interface PartHistory<I = unknown, O = unknown> {
  readonly inputs: readonly I[];
  readonly outputs: readonly (O | null)[];
  readonly calls: readonly number[];
  readonly returns: readonly number[];
  /** 1 if Model.readOnly holds for the op (see there). */
  readonly readOnly: Uint8Array;
}

export type SearchStatus = 'running' | 'ok' | 'illegal';

const NONE = -1;

/**
 * Wing & Gong's search for one part, with Lowe's memoization (Porcupine's checkSingle).
 *
 * The not-yet-linearized operations live in a doubly linked list of call and return entries in
 * time order (typed arrays, node 0 is the head sentinel). Scanning from the head, every call met
 * before the first return belongs to an op that may be linearized next. Linearizing an op lifts
 * both of its entries out of the list in O(1); backtracking relinks them in LIFO order. Reaching
 * a return means the prefix on the stack is a dead end: pop and try the next candidate.
 *
 * A read-only op (Model.readOnly) that is legal when linearized is never taken back alone:
 * if the rest fails after it, every other order fails too, so backtracking continues upwards
 * instead of trying the next candidate (`dead` is a return node outside the list that the scan
 * is sent to for that).
 *
 * The set of linearized ops is a Bitset whose bit for an op is its rank by call time (ops that
 * returned first, then pending ops in a region of their own), so that it is a run of full words
 * and a short window, and the memo stores the window only (see memo.ts).
 *
 * The search is resumable: run(n) does at most n steps (loop iterations) and returns, so parts
 * can be interleaved in slices and abandoned as soon as another part is illegal.
 */
export class PartSearch<S> {
  status: SearchStatus = 'running';
  steps = 0;

  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** For a call node, its return node; NONE for a return node. */
  private readonly match: Int32Array;
  private readonly nodeOp: Int32Array;
  /** Per op: its bit in `bits`, and the bitset region of that bit (0 returned, 1 pending). */
  private readonly bitOf: Int32Array;
  private readonly regionOf: Uint8Array;
  private readonly stackNode: Int32Array;
  /** A return node outside the list: scanning it means "dead end, backtrack". */
  private readonly dead: number;
  /** The state number before each op of the stack. */
  private readonly stackState: Int32Array;
  /** Per stack level: whether the first pass had skipped a pending op before the push. */
  private readonly stackSkipped: Uint8Array;
  /** 1 for ops that never returned: they are tried in a second pass (see endOfPass). */
  private readonly pending: Uint8Array;
  private pass = 0;
  private skipped = false;
  /** Ops with a return time not yet linearized. */
  private finiteLeft: number;
  private depth = 0;
  private entry: number;
  /** The current state's number in `space`. */
  private state: number;
  private readonly bits: Bitset;
  private readonly memo: Memo;
  private readonly growth: GrowthCheck<S> | null;
  /** The longest prefix seen at a dead end: ops longestOps[0..longestLength). The stack and it
   * agree on their first `agree` ops, so recording a longer one copies only the rest. */
  private readonly longestOps: Int32Array;
  private longestLength = 0;
  private agree = 0;
  readonly space: StateSpace<S>;

  constructor(model: Model<S>, private readonly part: PartHistory) {
    const n = part.calls.length;
    const size = 2 * n + 2;
    this.dead = size - 1;
    this.next = new Int32Array(size);
    this.prev = new Int32Array(size);
    this.match = new Int32Array(size).fill(NONE);
    this.nodeOp = new Int32Array(size).fill(NONE);
    this.bitOf = new Int32Array(n);
    this.regionOf = new Uint8Array(n);
    this.stackNode = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.stackSkipped = new Uint8Array(n);
    this.longestOps = new Int32Array(n);
    this.pending = new Uint8Array(n);
    this.finiteLeft = n;
    for (let k = 0; k < n; k++) {
      if (part.returns[k] !== Infinity) continue;
      this.pending[k] = 1;
      this.finiteLeft--;
    }
    this.bits = new Bitset([this.finiteLeft, n - this.finiteLeft]);
    this.memo = new Memo(2);
    const events = sortedEvents(part);
    this.link(part, events);
    this.rankBits(events);
    this.entry = this.next[0]!;
    this.space = new StateSpace(model, part.inputs, part.outputs);
    this.state = this.space.intern(model.init());
    this.growth = model.growth ? new GrowthCheck(model.growth, part, events) : null;
  }

  /** Memo entries so far (explored configurations). */
  get configurations(): number {
    return this.memo.size;
  }

  /** Bytes of the memo (for benchmarks). */
  get memoBytes(): number {
    return this.memo.bytes;
  }

  /** The longest legal prefix seen at a dead end (local op indices); the whole order if ok. */
  get longest(): Int32Array {
    return this.longestOps.slice(0, this.longestLength);
  }

  /** Runs at most maxSteps steps; returns the status afterwards. */
  run(maxSteps: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { next, match, nodeOp, space } = this;
    let steps = 0;
    while (steps < maxSteps) {
      // Only pending ops left: they can all go last, in any order (legal by Model.step's contract).
      if (this.finiteLeft === 0) return this.finish('ok', steps);
      steps++;
      const e = this.entry;
      if (match[e] === NONE) {
        if (this.endOfPass(e)) continue;
        if (this.depth === 0) return this.finish('illegal', steps);
        if (this.depth > this.longestLength) this.recordLongest();
        this.pop();
        continue;
      }
      const op = nodeOp[e]!;
      if (this.pending[op] !== this.pass) {
        if (this.pass === 0) this.skipped = true;
        this.entry = next[e]!;
        continue;
      }
      const after = space.step(this.state, op);
      if (after >= 0 && !this.dominated(op, after)) {
        if (!this.viable(op, after)) {
          // A legal prefix all the same: the explanation shows it, then what cannot follow.
          if (this.depth >= this.longestLength) this.recordLongest(op);
        } else if (this.tryPush(e, op, after)) {
          continue;
        } else if (this.part.readOnly[op] === 1) {
          // An explored configuration after a read-only op: every order from here is explored.
          this.entry = this.dead;
          continue;
        }
      }
      this.entry = next[e]!;
    }
    this.steps += steps;
    return this.status;
  }

  /** Linearizes the op of call node e unless (set + op, after) is in the memo. */
  private tryPush(e: number, op: number, after: number): boolean {
    const { bits } = this;
    const bit = this.bitOf[op]!;
    const region = this.regionOf[op]!;
    bits.set(bit, region);
    const h = configHash(bits.hash, after);
    if (this.memo.addIfAbsent(h, bits, after)) {
      assert(bits.windowHolds(region), 'search: the bitset window is canonical');
      this.push(e, after);
      return true;
    }
    bits.clear(bit, region);
    return false;
  }

  /**
   * Linearizing a pending op now is pointless if the same state without it is known: from
   * (set, state) every continuation of (set + op, state) works too, with the op moved to the
   * very end (a pending op is legal anywhere after its call). So if (set, after) was explored
   * (and failed), or is where we stand, skip the op here.
   */
  private dominated(op: number, after: number): boolean {
    if (this.pending[op] !== 1) return false;
    if (after === this.state) return true;
    return this.memo.has(configHash(this.bits.hash, after), this.bits, after);
  }

  /** Model.growth's pruning (see checker/growth.ts): false if op leads to a dead end. */
  private viable(op: number, after: number): boolean {
    if (this.growth === null || this.part.readOnly[op] === 1) return true;
    return this.growth.viable(op, this.space.stateOf(after));
  }

  /**
   * At the first return of a level's scan: if the first pass skipped pending ops, rescan for
   * them (second pass) and return true. Pending ops are tried after the others because "it never
   * happened" (linearized last) is the common truth, so good orders are found sooner.
   */
  private endOfPass(e: number): boolean {
    if (this.pass === 1 || !this.skipped || e === this.dead) return false;
    this.pass = 1;
    this.entry = this.next[0]!;
    return true;
  }

  private finish(status: SearchStatus, steps: number): SearchStatus {
    this.steps += steps;
    this.status = status;
    if (status === 'illegal') {
      assert(this.depth === 0 && this.bits.count === 0 && this.bits.hash === 0,
        'search: illegal only with an empty stack and set', { depth: this.depth });
    } else {
      // The stack, then the pending ops still in the list, in list (call) order.
      for (let e = this.next[0]!; e !== NONE; e = this.next[e]!) {
        if (this.match[e] !== NONE) this.push(e, this.state);
      }
      assert(this.depth === this.part.calls.length, 'search: ok linearizes every op',
        { depth: this.depth, n: this.part.calls.length });
      this.recordLongest();
    }
    return status;
  }

  /** Linearizes the op of call node e: remember the state before, lift it, rescan. */
  private push(e: number, after: number): void {
    const op = this.nodeOp[e]!;
    assert(this.depth < this.stackNode.length, 'search: stack overflow');
    this.stackNode[this.depth] = e;
    this.stackState[this.depth] = this.state;
    this.stackSkipped[this.depth] = this.skipped ? 1 : 0;
    this.finiteLeft -= 1 - this.pending[op]!;
    this.depth++;
    this.pass = 0;
    this.skipped = false;
    this.state = after;
    this.lift(e);
    this.growth?.linearized(op);
    this.entry = this.next[0]!;
  }

  /** Undoes the last linearization and moves on to the candidate after it (or, after a
   * read-only op, to the dead end). */
  private pop(): void {
    assert(this.depth > 0, 'search: pop of an empty stack');
    this.depth--;
    if (this.depth < this.agree) this.agree = this.depth;
    const e = this.stackNode[this.depth]!;
    const op = this.nodeOp[e]!;
    this.state = this.stackState[this.depth]!;
    this.finiteLeft += 1 - this.pending[op]!;
    this.skipped = this.stackSkipped[this.depth] === 1;
    this.pass = this.pending[op]!;
    this.bits.clear(this.bitOf[op]!, this.regionOf[op]!);
    assert(this.bits.count === this.depth, 'search: one member per stack level');
    this.unlift(e);
    this.growth?.unlinearized(op);
    this.entry = this.part.readOnly[op] === 1 ? this.dead : this.next[e]!;
  }

  /** The stack (then `op`, if given) becomes the longest prefix; only what differs from the
   * last one is copied. */
  private recordLongest(op = NONE): void {
    for (let i = this.agree; i < this.depth; i++) {
      this.longestOps[i] = this.nodeOp[this.stackNode[i]!]!;
    }
    this.longestLength = this.depth;
    this.agree = this.depth;
    if (op !== NONE) this.longestOps[this.longestLength++] = op;
  }

  private lift(call: number): void {
    const { next, prev } = this;
    const ret = this.match[call]!;
    assert(ret !== NONE && next[prev[call]!] === call && prev[next[call]!] === call,
      'search: lift of a call node that is not in the list');
    assert(next[prev[ret]!] === ret, 'search: lift of a call whose return is not in the list');
    next[prev[call]!] = next[call]!;
    prev[next[call]!] = prev[call]!; // a call is always followed by at least its return
    next[prev[ret]!] = next[ret]!;
    if (next[ret] !== NONE) prev[next[ret]!] = prev[ret]!;
  }

  /** Exact inverse of lift (return first, then call), valid because undos are LIFO. */
  private unlift(call: number): void {
    const { next, prev } = this;
    const ret = this.match[call]!;
    // LIFO: the neighbours each entry was lifted from still link past it.
    assert(next[prev[ret]!] === next[ret], 'search: unlift out of LIFO order (return)');
    next[prev[ret]!] = ret;
    if (next[ret] !== NONE) prev[next[ret]!] = ret;
    assert(next[prev[call]!] === next[call], 'search: unlift out of LIFO order (call)');
    next[prev[call]!] = call;
    prev[next[call]!] = call;
  }

  /** Builds the list from events in time order (event k < n is the call of op k, else the
   * return of op k - n); node i + 1 holds the i-th event. */
  private link(part: PartHistory, events: Int32Array): void {
    const n = part.calls.length;
    const nodeOfCall = new Int32Array(n);
    const nodeOfReturn = new Int32Array(n);
    for (let i = 0; i < events.length; i++) {
      const node = i + 1;
      const ev = events[i]!;
      this.nodeOp[node] = ev < n ? ev : ev - n;
      if (ev < n) nodeOfCall[ev] = node;
      else nodeOfReturn[ev - n] = node;
      this.prev[node] = node - 1;
      this.next[node - 1] = node;
    }
    this.next[events.length] = NONE;
    this.next[this.dead] = NONE;
    for (let op = 0; op < n; op++) this.match[nodeOfCall[op]!] = nodeOfReturn[op]!;
  }

  /** Bits by call order: ops that returned in region 0, pending ops in region 1. */
  private rankBits(events: Int32Array): void {
    const n = this.bitOf.length;
    let finite = 0;
    let pending = 0;
    const pendingBase = 32 * this.bits.end[0]!;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      if (ev >= n) continue;
      if (this.pending[ev] === 1) {
        this.bitOf[ev] = pendingBase + pending++;
        this.regionOf[ev] = 1;
      } else {
        this.bitOf[ev] = finite++;
      }
    }
  }
}

/** The memo key of a configuration: the set's Zobrist hash mixed with the state number. */
function configHash(setHash: number, state: number): number {
  return fmix32(setHash + Math.imul(state + 1, 0x9e3779b1));
}
