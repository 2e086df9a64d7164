import { assert } from '../../core/assert.ts';
import { check, explain, getModel, normalizeOps } from '../../checker/index.ts';
import type { CheckResult, Model, Operation } from '../../checker/index.ts';
import type { History } from '../../sim/history.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';

/**
 * The search budget of one history check, in steps (never wall time, so that a verdict replays
 * exactly). The course gives Porcupine 1 s and passes on a timeout; here an undecided check fails
 * the run, so the budget is generous.
 */
export const CHECK_MAX_STEPS = 20_000_000;

export interface HistoryVerdict {
  readonly result: CheckResult;
  readonly ops: readonly Operation[];
  readonly model: Model;
  readonly recorded: number;
  readonly pending: number;
  /** Pending ops the model proved invisible (dropped before the search). */
  readonly dropped: number;
}

/** Check a recorded history with its model (the course's CheckPorcupine, deterministic). */
export function checkHistory(history: History, maxSteps = CHECK_MAX_STEPS): HistoryVerdict {
  const model = getModel(history.model);
  assert(model !== undefined, 'kv.checkHistory: unknown model', { model: history.model });
  const ops = normalizeOps(model, history.ops);
  const result = check(model, ops, { maxSteps });
  const pending = history.ops.filter((o) => o.return === null).length;
  const dropped = result.parts.reduce((n, p) => n + p.dropped.length, 0);
  return { result, ops, model, recorded: ops.length, pending, dropped };
}

/**
 * CheckPorcupine, made strict: the history so far must be linearizable, and the checker must
 * decide. 'illegal' and 'unknown' both fail the run; the verdict is traced and recorded in
 * `history.checks` either way.
 */
export function requireLinearizable(world: World, history: History, when: string): void {
  const v = checkHistory(history);
  const r = v.result;
  history.checks.push({ when, verdict: r.verdict, ops: v.recorded, pending: v.pending,
    steps: r.steps });
  world.note('tester', `linearizability ${when}: ${r.verdict} (${v.recorded} ops, ` +
    `${v.pending} pending (${v.dropped} proved invisible), ${r.parts.length} keys, ` +
    `${r.steps} steps)`);
  if (r.verdict === 'illegal') {
    fail('linearizability', `history is not linearizable (${history.model}, ${when}): ` +
      illegalDetail(v));
  }
  if (r.verdict === 'unknown') {
    fail('linearizability undecided', `the checker could not decide within ${CHECK_MAX_STEPS} ` +
      `steps (${history.model}, ${when}, ${v.recorded} ops); the course would pass it, ` +
      'raftsim does not: raise CHECK_MAX_STEPS in scenarios/kv/history-check.ts');
  }
}

/** The illegal part, the end of its longest legal order, and the ops that could not follow. */
function illegalDetail(v: HistoryVerdict): string {
  const e = explain(v.model, v.ops, v.result);
  const part = v.result.parts[v.result.illegalPart]!;
  if (e === null) return `${part.label}`;
  const at = (i: number): string => {
    const op = v.ops[i]!;
    return `client ${op.client} [${op.call}, ${op.return ?? '...'}] ms`;
  };
  const last = e.prefix.at(-1);
  const after = last === undefined ? `from ${e.initialState}`
    : `after ${last.description} (${at(last.op)}) -> ${last.stateAfter}`;
  const stuck = e.stuck.slice(0, 3).map((s) => `${s.description} (${at(s.op)}, ${s.reason})`);
  return `${e.label}: ${part.ops.length} ops, the longest legal order covers ` +
    `${e.prefix.length}; ${after}, none of these can come next: ${stuck.join('; ')}`;
}
