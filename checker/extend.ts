import type { PartHistory } from './search.ts';
import type { Model } from './types.ts';

/**
 * Extends an illegal part's longest prefix (local op indices) while there is no real choice:
 * as long as every op that real time allows next (called no later than the earliest return
 * left) is legal in the current state, take the one that returns first. It stops at the first
 * allowed op the model rejects: that op, shown as "illegal here", is the evidence.
 *
 * Why: the search records the longest prefix it explored, and Model.growth's pruning abandons
 * a prefix as soon as a Get still to come can no longer be seen, which can be long before that
 * Get (a key's Puts in sequence, then a Get of the first value: the search stops after two Puts,
 * the explanation should show all of them, then the Get). Every step is legal and respects real
 * time, so the result is still a linearizable prefix. Pending ops are left out (their outcome is
 * unknown: neither evidence nor needed). At most 4n allowed ops are looked at in all.
 */
export function extendPrefix<S>(model: Model<S>, part: PartHistory,
  prefix: readonly number[]): number[] {
  const { inputs, outputs, calls, returns } = part;
  const n = calls.length;
  const done = new Uint8Array(n);
  let state = model.init();
  for (const k of prefix) {
    done[k] = 1;
    state = model.step(state, inputs[k], outputs[k]) as S; // the prefix replays legally
  }
  const ids = Array.from({ length: n }, (_, k) => k).filter((k) => returns[k] !== Infinity);
  const byCall = [...ids].sort((a, b) => calls[a]! - calls[b]! || a - b);
  const byReturn = ids.sort((a, b) => returns[a]! - returns[b]! || a - b);
  const out = [...prefix];
  let c = 0;
  let r = 0;
  for (let looked = 0; looked <= 4 * n;) {
    while (c < byCall.length && done[byCall[c]!] === 1) c++;
    while (r < byReturn.length && done[byReturn[r]!] === 1) r++;
    if (r === byReturn.length) break;
    const earliest = returns[byReturn[r]!]!;
    let pick = -1;
    let after = state;
    for (let j = c; j < byCall.length && calls[byCall[j]!]! <= earliest; j++, looked++) {
      const k = byCall[j]!;
      if (done[k] === 1) continue;
      const next = model.step(state, inputs[k], outputs[k]);
      if (next === undefined) return out;
      if (pick < 0 || returns[k]! < returns[pick]!) [pick, after] = [k, next];
    }
    done[pick] = 1;
    out.push(pick);
    state = after;
  }
  return out;
}
