import { check } from '../../../checker/check.ts';
import { getModel } from '../../../checker/models/index.ts';
import type { Operation } from '../../../checker/types.ts';
import type { AppendRecord, KvRunResult } from './sim-run.ts';

/** Search budget of the linearizability check; an undecided check is a failure, not a pass. */
export const MAX_CHECK_STEPS = 5_000_000;

/**
 * The exactly-once checks on a finished run (raft-bugs.md §2.4/§2.5; the course's
 * checkClntAppends and Porcupine), each violation prefixed with the check that fired:
 * - `liveness`: a clerk op never answered after the heal;
 * - `final-read`: the final reader got no answer for a key;
 * - `garbage`: a final value is not a concatenation of appended values;
 * - `phantom`: a value that was never appended to that key;
 * - `duplicate`: a value appears twice;
 * - `lost`: an acknowledged Append is missing;
 * - `order`: one client's appends to a key are out of the client's order;
 * - `linearizability`: the history is not linearizable under the `kv` model (or undecided).
 */
export function exactlyOnceViolations(r: KvRunResult, keys: number): string[] {
  if (r.stuck.length > 0) return r.stuck.map((s) => `liveness: never answered: ${s}`);
  const out: string[] = [];
  for (let k = 0; k < keys; k++) {
    const key = `k${k}`;
    const value = r.finalValues.get(key);
    if (value === undefined) out.push(`final-read: no answer for ${key}`);
    else out.push(...checkKey(key, value, r.appends.filter((a) => a.key === key)));
  }
  if (out.length > 0) return out;
  const lin = linearizability(r);
  return lin === null ? [] : [`linearizability: ${lin}`];
}

const TOKEN = /x (\d+) (\d+) y/g;

function checkKey(key: string, value: string, appends: readonly AppendRecord[]): string[] {
  const out: string[] = [];
  const tokens = [...value.matchAll(TOKEN)];
  if (tokens.map((m) => m[0]).join('') !== value) out.push(`garbage: ${key} = "${value}"`);
  const mine = new Map(appends.map((a) => [a.value, a]));
  const seen = new Set<string>();
  const lastN = new Map<number, number>();
  for (const m of tokens) {
    const a = mine.get(m[0]);
    if (a === undefined) {
      out.push(`phantom: "${m[0]}" in ${key} was never appended to it`);
      continue;
    }
    if (seen.has(a.value)) out.push(`duplicate: "${a.value}" appears twice in ${key}`);
    seen.add(a.value);
    const prev = lastN.get(a.client) ?? -1;
    if (a.n < prev) out.push(`order: "${a.value}" after client ${a.client}'s op ${prev} in ${key}`);
    lastN.set(a.client, Math.max(prev, a.n));
  }
  for (const a of appends) {
    if (a.acked && !seen.has(a.value)) out.push(`lost: acknowledged "${a.value}" not in ${key}`);
  }
  return out;
}

/** The recorded history checked with the 2018-2024 `kv` model: null if 'ok', else why not. */
export function linearizability(r: KvRunResult): string | null {
  const model = getModel('kv')!;
  const ops = r.history.map((o) => ({ client: o.client, call: o.call, return: o.return,
    ...model.parseOp(o.input, o.output) })) as Operation<unknown, unknown>[];
  const res = check(model, ops, { maxSteps: MAX_CHECK_STEPS });
  if (res.verdict === 'ok') return null;
  if (res.verdict === 'unknown') return `verdict unknown after ${res.steps} steps (undecided)`;
  const part = res.parts[res.illegalPart]!;
  return `verdict illegal in part ${part.label}: no linearization extends a legal prefix of ` +
    `${part.longest.length} of its ${part.ops.length} ops`;
}
