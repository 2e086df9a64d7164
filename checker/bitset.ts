import { assert } from '../core/assert.ts';
import { fmix32 } from './hash.ts';

const FULL = 0xffffffff;

/**
 * The set of linearized operations of one part, as a typed-array bitset that knows where its
 * information is, so that the memo can store a set in a few words instead of n / 32.
 *
 * Bits are split into regions of whole words (the search uses two: ops that returned, by call
 * order, then ops that never returned). Within a region the search linearizes ops roughly in bit
 * order, so a set is a run of full words, a few mixed words, then empty words. Per region the
 * bitset keeps its *window*, words lo..hi: every word before lo is full, every word after hi is
 * empty, and word lo is not full, word hi not empty. The window is a function of the set alone
 * (canonical), so two sets are equal iff their windows (bounds and words) are; it is updated in
 * O(1) amortized per set / clear. It also keeps a Zobrist hash (XOR of a fixed pseudo-random key
 * per member), so hashing a configuration is O(1) too.
 */
export class Bitset {
  readonly words: Uint32Array;
  /** Invariant: XOR of keyOf(i) over every member i. */
  hash = 0;
  /** Number of members. */
  count = 0;
  /** Per region: its first word, one past its last word, and its window lo..hi. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  /** Per word: the value it has when every bit of the region it covers is set. */
  private readonly full: Uint32Array;
  private readonly keys: Int32Array;

  /** `sizes`: the number of bits of each region; region r's bits follow region r - 1's words. */
  constructor(sizes: readonly number[]) {
    const regions = sizes.length;
    this.start = new Int32Array(regions);
    this.end = new Int32Array(regions);
    let words = 0;
    sizes.forEach((bits, r) => {
      this.start[r] = words;
      words += Math.ceil(bits / 32);
      this.end[r] = words;
    });
    this.words = new Uint32Array(Math.max(1, words));
    this.full = new Uint32Array(this.words.length).fill(FULL);
    sizes.forEach((bits, r) => {
      if (bits % 32 !== 0) this.full[this.end[r]! - 1] = (2 ** (bits % 32) - 1) >>> 0;
    });
    this.lo = Int32Array.from(this.start);
    this.hi = this.start.map((s) => s - 1);
    this.keys = new Int32Array(this.words.length * 32);
    for (let i = 0; i < this.keys.length; i++) this.keys[i] = keyOf(i);
  }

  /** The region of bit i (regions are few: a linear scan). */
  regionOf(i: number): number {
    const w = i >>> 5;
    let r = 0;
    while (w >= this.end[r]!) r++;
    return r;
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Adds bit i of region r (the caller knows the region; see regionOf). */
  set(i: number, r: number): void {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    assert((this.words[w]! & bit) === 0, 'bitset: set of a member');
    this.words[w]! |= bit;
    this.hash ^= this.keys[i]!;
    this.count++;
    if (w > this.hi[r]!) this.hi[r] = w;
    if (w === this.lo[r]) {
      let lo = w;
      while (lo < this.end[r]! && this.words[lo] === this.full[lo]) lo++;
      this.lo[r] = lo;
    }
  }

  /** Removes bit i of region r. */
  clear(i: number, r: number): void {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    assert((this.words[w]! & bit) !== 0, 'bitset: clear of a non-member');
    this.words[w]! &= ~bit;
    this.hash ^= this.keys[i]!;
    this.count--;
    if (w < this.lo[r]!) this.lo[r] = w;
    if (w === this.hi[r] && this.words[w] === 0) {
      let hi = w;
      while (hi >= this.start[r]! && this.words[hi] === 0) hi--;
      this.hi[r] = hi;
    }
  }

  /** Checks the window invariant of region r at its bounds (O(1); see the class comment). */
  windowHolds(r: number): boolean {
    const { words, full } = this;
    const lo = this.lo[r]!;
    const hi = this.hi[r]!;
    const s = this.start[r]!;
    const e = this.end[r]!;
    const loOk = (lo === e || words[lo] !== full[lo])
      && (lo === s || words[lo - 1] === full[lo - 1]);
    const hiOk = (hi < s || words[hi] !== 0) && (hi + 1 === e || words[hi + 1] === 0);
    return loOk && hiOk;
  }
}

/** The Zobrist key of member i: a fixed function of i, so hashes replay identically. */
export function keyOf(i: number): number {
  return fmix32(Math.imul(i + 1, 0x9e3779b1) ^ 0x7f4a7c15);
}
