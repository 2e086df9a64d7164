import { fmix32 } from './hash.ts';

/**
 * The set of linearized operations of one part, as a typed-array bitset. It keeps a Zobrist hash
 * (XOR of a fixed pseudo-random key per member), so hashing a configuration is O(1) instead of
 * O(words): set and clear each flip one key in and out.
 */
export class Bitset {
  readonly words: Uint32Array;
  /** Invariant: XOR of keyOf(i) over every member i. */
  hash = 0;
  private readonly keys: Int32Array;

  constructor(size: number) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(size / 32)));
    this.keys = new Int32Array(size);
    for (let i = 0; i < size; i++) this.keys[i] = keyOf(i);
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  set(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
    this.hash ^= this.keys[i]!;
  }

  clear(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
    this.hash ^= this.keys[i]!;
  }
}

/** The Zobrist key of member i: a fixed function of i, so hashes replay identically. */
export function keyOf(i: number): number {
  return fmix32(Math.imul(i + 1, 0x9e3779b1) ^ 0x7f4a7c15);
}
