/**
 * 32-bit hashing helpers. All results are int32 values computed with Math.imul, so they are the
 * same on every machine and stay small integers in V8.
 */

export const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units of `s`, continuing from `h` (so that
 * fnvString(a + b) === fnvString(b, fnvString(a)); appends are hashed incrementally). */
export function fnvString(s: string, h: number = FNV_OFFSET): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** MurmurHash3's 32-bit finalizer: spreads every input bit over the whole word. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Combines two hashes in an order-dependent way. */
export function mix2(a: number, b: number): number {
  return fmix32(a ^ Math.imul(b + 0x9e3779b9, 0x27d4eb2f));
}

/** Hash of a register value: number, string or null. */
export function hashScalar(v: number | string | null): number {
  if (v === null) return 0x5bd1e995;
  if (typeof v === 'string') return fmix32(fnvString(v));
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) return fmix32(v ^ 0x1b873593);
  return fmix32(fnvString(String(v)) ^ 0x3c6ef372);
}
