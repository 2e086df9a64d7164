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
  private readonly stateHashes: number[] = [];
  private slots = new Int32Array(256); // state number + 1; 0 = empty

  constructor(
    private readonly model: Model<S>,
    private readonly inputs: readonly unknown[],
    private readonly outputs: readonly unknown[],
  ) {}

  get size(): number {
    return this.states.length;
  }

  state(id: number): S {
    return this.states[id]!;
  }

  /** The number of the state after op `op` from state `id`, or -1 if the step is illegal. */
  step(id: number, op: number): number {
    const after = this.model.step(this.states[id]!, this.inputs[op], this.outputs[op]);
    return after === undefined ? ILLEGAL : this.intern(after);
  }

  /** The number of `state`, adding it if no equal state is known. */
  intern(state: S): number {
    const hash = fmix32(this.model.hash(state));
    const mask = this.slots.length - 1;
    let i = hash & mask;
    for (let e = this.slots[i]!; e !== 0; e = this.slots[i]!) {
      const id = e - 1;
      if (this.stateHashes[id] === hash && this.model.equal(this.states[id]!, state)) return id;
      i = (i + 1) & mask;
    }
    const id = this.states.length;
    this.states.push(state);
    this.stateHashes.push(hash);
    this.slots[i] = id + 1;
    if (this.states.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    this.stateHashes.forEach((hash, id) => {
      let i = hash & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    });
    this.slots = slots;
  }
}
