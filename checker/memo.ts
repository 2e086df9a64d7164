import { assert } from '../core/assert.ts';
import type { Bitset } from './bitset.ts';

/** Words of an entry before its bitset windows: hash, state, then per region lo and hi. */
const HASH = 0;
const STATE = 1;
const BOUNDS = 2;

/**
 * Lowe's memo table: the configurations (set of linearized operations, model state) already
 * explored in one part. States are interned (see states.ts), so a configuration is a set plus
 * a state number.
 *
 * An entry does not hold the whole set (n / 32 words: a 100,000-op part would need 12 KB per
 * entry, and Porcupine runs out of memory there): it holds the set's windows (see Bitset), the
 * words that are neither full nor empty, usually one or two per region. Windows are canonical,
 * so comparing bounds and window words is comparing sets exactly; nothing rests on the hash.
 * Entries are packed one after another in a growing arena of words (hash, state, bounds,
 * windows), and an open-addressing table over typed arrays holds their offsets: adding an entry
 * allocates nothing except when an array doubles. Entries are never evicted.
 */
export class Memo {
  /** Number of entries. */
  size = 0;
  /** Words used in the arena. */
  private used = 0;
  private slots = new Int32Array(1024); // arena offset + 1; 0 = empty
  private arena = new Int32Array(4096);
  private readonly header: number;

  constructor(private readonly regions: number) {
    this.header = BOUNDS + 2 * regions;
  }

  /** Bytes held by the table and the arena (for benchmarks). */
  get bytes(): number {
    return this.slots.byteLength + this.arena.byteLength;
  }

  /** Adds (set, state) unless present; true if it was added. `hash` must be well mixed. */
  addIfAbsent(hash: number, set: Bitset, state: number): boolean {
    const i = this.find(hash, set, state);
    if (this.slots[i] !== 0) return false;
    this.slots[i] = this.append(hash, set, state) + 1;
    this.size++;
    if (this.size * 2 > this.slots.length) this.rehash();
    return true;
  }

  has(hash: number, set: Bitset, state: number): boolean {
    return this.slots[this.find(hash, set, state)] !== 0;
  }

  /** The slot holding (set, state), or the empty slot where it would go. */
  private find(hash: number, set: Bitset, state: number): number {
    const mask = this.slots.length - 1;
    let i = hash & mask;
    for (let e = this.slots[i]!; e !== 0; e = this.slots[i]!) {
      const at = e - 1;
      if (this.arena[at + HASH] === hash && this.arena[at + STATE] === state
        && this.sameSet(at, set)) return i;
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Whether the entry at `at` holds exactly `set`: same window bounds and words per region. */
  private sameSet(at: number, set: Bitset): boolean {
    const { arena } = this;
    const words = set.words;
    let w = at + this.header;
    for (let r = 0; r < this.regions; r++) {
      const lo = set.lo[r]!;
      const hi = set.hi[r]!;
      if (arena[at + BOUNDS + 2 * r] !== lo || arena[at + BOUNDS + 2 * r + 1] !== hi) return false;
      for (let k = lo; k <= hi; k++, w++) if (arena[w] !== (words[k]! | 0)) return false;
    }
    return true;
  }

  /** Writes an entry at the end of the arena; returns its offset. */
  private append(hash: number, set: Bitset, state: number): number {
    let length = this.header;
    for (let r = 0; r < this.regions; r++) length += Math.max(0, set.hi[r]! - set.lo[r]! + 1);
    if (this.used + length > this.arena.length) this.grow(this.used + length);
    const at = this.used;
    const { arena } = this;
    arena[at + HASH] = hash;
    arena[at + STATE] = state;
    let w = at + this.header;
    for (let r = 0; r < this.regions; r++) {
      const lo = set.lo[r]!;
      const hi = set.hi[r]!;
      arena[at + BOUNDS + 2 * r] = lo;
      arena[at + BOUNDS + 2 * r + 1] = hi;
      for (let k = lo; k <= hi; k++, w++) arena[w] = set.words[k]! | 0;
    }
    assert(w === at + length, 'memo: an entry fills exactly its length');
    this.used = at + length;
    return at;
  }

  private grow(needed: number): void {
    let capacity = this.arena.length * 2;
    while (capacity < needed) capacity *= 2;
    const arena = new Int32Array(capacity);
    arena.set(this.arena.subarray(0, this.used));
    this.arena = arena;
  }

  /** Doubles the slot table and re-inserts every entry by its stored hash. */
  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < old.length; k++) {
      const e = old[k]!;
      if (e === 0) continue;
      let i = this.arena[e - 1 + HASH]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e;
    }
    this.slots = slots;
  }
}
