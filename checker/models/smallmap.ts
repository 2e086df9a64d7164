import { fnvString, fmix32, mix2 } from '../hash.ts';

/**
 * An immutable map from string keys to values, for model states (kv, kv-versioned). Keys are
 * kept sorted, so equal maps have equal arrays. Each value carries a hash, and the map hash is the
 * XOR of per-entry hashes, updated in O(1) when one entry changes: states are hashed on every
 * search step, and per-key strings can be hundreds of characters long.
 *
 * Partitioned by key, a map holds a single entry; unpartitioned (`--no-partition`) it holds all
 * keys of the history.
 */
export interface SmallMap<V> {
  readonly keys: readonly string[];
  readonly keyHashes: readonly number[];
  readonly values: readonly V[];
  readonly valueHashes: readonly number[];
  /** Invariant: XOR over entries i of entryHash(keyHashes[i], valueHashes[i]). */
  readonly hash: number;
}

export const EMPTY_MAP: SmallMap<never> = {
  keys: [], keyHashes: [], values: [], valueHashes: [], hash: 0,
};

function entryHash(keyHash: number, valueHash: number): number {
  return mix2(keyHash, valueHash);
}

/** Index of `key`, or -(insertion point) - 1 when absent. */
export function indexOf<V>(map: SmallMap<V>, key: string): number {
  let lo = 0;
  let hi = map.keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = map.keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/** A copy of `map` with key -> value (whose hash is valueHash). */
export function setEntry<V>(map: SmallMap<V>, key: string, value: V, valueHash: number)
  : SmallMap<V> {
  const i = indexOf(map, key);
  if (i >= 0) {
    const values = map.values.slice();
    const valueHashes = map.valueHashes.slice();
    const kh = map.keyHashes[i]!;
    const hash = map.hash ^ entryHash(kh, valueHashes[i]!) ^ entryHash(kh, valueHash);
    values[i] = value;
    valueHashes[i] = valueHash;
    return { keys: map.keys, keyHashes: map.keyHashes, values, valueHashes, hash };
  }
  const at = -i - 1;
  const kh = fmix32(fnvString(key));
  return {
    keys: insertAt(map.keys, at, key),
    keyHashes: insertAt(map.keyHashes, at, kh),
    values: insertAt(map.values, at, value),
    valueHashes: insertAt(map.valueHashes, at, valueHash),
    hash: map.hash ^ entryHash(kh, valueHash),
  };
}

function insertAt<T>(a: readonly T[], at: number, x: T): T[] {
  const b = a.slice(0, at);
  b.push(x);
  for (let i = at; i < a.length; i++) b.push(a[i]!);
  return b;
}

export function equalMaps<V>(a: SmallMap<V>, b: SmallMap<V>, eq: (x: V, y: V) => boolean)
  : boolean {
  if (a === b) return true;
  if (a.hash !== b.hash || a.keys.length !== b.keys.length) return false;
  for (let i = 0; i < a.keys.length; i++) {
    if (a.keys[i] !== b.keys[i] || !eq(a.values[i]!, b.values[i]!)) return false;
  }
  return true;
}

export function describeMap<V>(map: SmallMap<V>, show: (v: V) => string): string {
  if (map.keys.length === 0) return '{}';
  const items = map.keys.map((k, i) => `${JSON.stringify(k)}: ${show(map.values[i]!)}`);
  return `{${items.join(', ')}}`;
}

/** Parts by key: sorted by key (code-unit order, locale independent), ops in history order. */
export function partitionByKey(keys: readonly string[]): { label: string; ops: number[] }[] {
  const byKey = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });
  const sorted = [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map((k) => ({ label: `key ${JSON.stringify(k)}`, ops: byKey.get(k)! }));
}
