import type { PreparedPart } from './check.ts';
import type { Decision, Operation, Part } from './types.ts';

/**
 * Offers one part to its model's fast path (Model.decide). An 'illegal' is the model's proof
 * and is taken as is. An 'ok' is checked here before it counts: its order (part indices), less
 * the ops the part dropped and followed by any pending op it left out, must hold every kept op
 * once, respect real time (no op placed after one that was called after it returned) and replay
 * legally in the part's model. A witness that fails is ignored: the search decides. The order
 * returned is in history indices, like PartResult.longest.
 */
export function decidePart(p: PreparedPart, part: Part, ops: readonly Operation[]):
  Decision | undefined {
  const decision = p.model.decide?.(part.ops.map((i) => ops[i]!));
  if (decision === undefined || decision.verdict === 'illegal') return decision;
  const local = new Map(p.ops.map((h, k) => [h, k]));
  const order: number[] = [];
  for (const k of decision.order) {
    const h = part.ops[k];
    if (h !== undefined && local.has(h)) order.push(h);
  }
  const listed = new Set(order);
  for (const h of p.ops) {
    if (!listed.has(h) && ops[h]!.return === null) order.push(h);
  }
  return witnesses(p, order.map((h) => local.get(h)!)) ? { verdict: 'ok', order } : undefined;
}

/** Whether `order` (local indices of the prepared part) is a linearization of all of it. */
function witnesses(p: PreparedPart, order: readonly number[]): boolean {
  const h = p.history;
  const n = h.inputs.length;
  if (order.length !== n) return false;
  const seen = new Uint8Array(n);
  let state: unknown = p.model.init();
  let maxCall = -Infinity;
  for (const k of order) {
    if (seen[k] === 1) return false;
    seen[k] = 1;
    if (h.returns[k]! < maxCall) return false;
    maxCall = Math.max(maxCall, h.calls[k]!);
    const next: unknown = p.model.step(state, h.inputs[k], h.outputs[k]!);
    if (next === undefined) return false;
    state = next;
  }
  return true;
}
