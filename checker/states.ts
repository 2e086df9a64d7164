import { fmix32 } from './hash.ts';
import type { Model } from './types.ts';

const ILLEGAL = -1;

/**
 * The interned model states of one part: every distinct state (by model.equal) gets a number,
 * and the search and the memo table work with numbers. The memo then compares integers instead
 * of calling model.equal, and it keeps no reference to states: only the distinct states survive
 * in memory, not one object per explored configuration.
 */
export class StateSpace<S> {
  private readonly states: S[] = [];
  /** Int32Array, not number[]: most hashes are not small integers and would be boxed. */
  private stateHashes = new Int32Array(256);
  private slots = new Int32Array(256); // state number + 1; 0 = empty
  /** Model.numberedStates: states are their own numbers, nothing to intern. */
  private readonly numbered: boolean;

  constructor(
    private readonly model: Model<S>,
    private readonly inputs: readonly unknown[],
    private readonly outputs: readonly unknown[],
  ) {
    this.numbered = model.numberedStates === true;
  }

  /** Distinct states seen (0 when the model numbers its own states). */
  get size(): number {
    return this.states.length;
  }

  /** The state numbered `id`. */
  stateOf(id: number): S {
    return this.numbered ? id as S : this.states[id]!;
  }

  /** The number of the state after op `op` from state `id`, or -1 if the step is illegal. */
  step(id: number, op: number): number {
    if (this.numbered) {
      const after = this.model.step(id as S, this.inputs[op], this.outputs[op]) as number;
      return after === undefined ? ILLEGAL : after;
    }
    const after = this.model.step(this.states[id]!, this.inputs[op], this.outputs[op]);
    return after === undefined ? ILLEGAL : this.intern(after);
  }

  /** The number of `state`, adding it if no equal state is known. */
  intern(state: S): number {
    if (this.numbered) return state as number;
    const hash = fmix32(this.model.hash(state));
    const mask = this.slots.length - 1;
    let i = hash & mask;
    for (let e = this.slots[i]!; e !== 0; e = this.slots[i]!) {
      const id = e - 1;
      if (this.stateHashes[id] === hash && this.model.equal(this.states[id]!, state)) return id;
      i = (i + 1) & mask;
    }
    const id = this.states.length;
    if (id === this.stateHashes.length) {
      const hashes = new Int32Array(id * 2);
      hashes.set(this.stateHashes);
      this.stateHashes = hashes;
    }
    this.states.push(state);
    this.stateHashes[id] = hash;
    this.slots[i] = id + 1;
    if (this.states.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.states.length; id++) {
      let i = this.stateHashes[id]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }
}
