import type { PartHistory } from './search.ts';

/**
 * All 2n events sorted by time; on equal times calls before returns (closed intervals), then by
 * op index, which makes the order total and the search deterministic. Event k < n is the call
 * of op k, else the return of op k - n.
 *
 * Each event becomes one exact number, (time rank, kind, op) in mixed radix, sorted by the
 * typed array's own numeric sort: no comparator calls, which matters in a short-lived process
 * where a comparator runs in the interpreter. Times too far apart for 2^53 fall back to a
 * comparator sort.
 */
export function sortedEvents(part: PartHistory): Int32Array {
  const n = part.calls.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < n; k++) {
    lo = Math.min(lo, part.calls[k]!);
    const r = part.returns[k]!;
    hi = Math.max(hi, r === Infinity ? part.calls[k]! : r);
  }
  const never = hi - lo + 1; // the rank of "never returned": after every time
  if ((never + 1) * 2 * n >= Number.MAX_SAFE_INTEGER) return sortedEventsSlowly(part);
  const keys = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const r = part.returns[k]!;
    keys[k] = (part.calls[k]! - lo) * 2 * n + k;
    keys[n + k] = ((r === Infinity ? never : r - lo) * 2 + 1) * n + k;
  }
  keys.sort();
  const events = new Int32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) {
    const key = keys[i]!;
    const op = key % n;
    events[i] = Math.floor(key / n) % 2 === 0 ? op : n + op;
  }
  return events;
}

/** sortedEvents with a comparator, for times spread too far to fit one number per event. */
function sortedEventsSlowly(part: PartHistory): Int32Array {
  const n = part.calls.length;
  const time = (ev: number): number => (ev < n ? part.calls[ev]! : part.returns[ev - n]!);
  const events = Array.from({ length: 2 * n }, (_, i) => i);
  events.sort((a, b) => {
    const ta = time(a);
    const tb = time(b);
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ka = a < n ? 0 : 1;
    const kb = b < n ? 0 : 1;
    if (ka !== kb) return ka - kb;
    return (a < n ? a : a - n) - (b < n ? b : b - n);
  });
  return Int32Array.from(events);
}
