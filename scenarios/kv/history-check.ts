import { assert } from '../../core/assert.ts';
import { check, explain, getModel, normalizeOps } from '../../checker/index.ts';
import type { CheckResult, Model, Operation } from '../../checker/index.ts';
import type { History } from '../../sim/history.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { reduceVersioned } from './versioned-reduce.ts';

/**
 * The search budget of one history check, in steps (never wall time, so that a verdict replays
 * exactly). The course gives Porcupine 1 s and passes on a timeout; here an undecided check fails
 * the run, so the budget is generous.
 */
export const CHECK_MAX_STEPS = 20_000_000;

export interface HistoryVerdict {
  readonly result: CheckResult;
  /** The ops the search saw (after the kv-versioned reduction). */
  readonly ops: readonly Operation[];
  readonly model: Model;
  readonly recorded: number;
  readonly pending: number;
  readonly rewritten: number;
  readonly dropped: number;
}

/** Check a recorded history with its model (the course's CheckPorcupine, deterministic). */
export function checkHistory(history: History, maxSteps = CHECK_MAX_STEPS): HistoryVerdict {
  const model = getModel(history.model);
  assert(model !== undefined, 'kv.checkHistory: unknown model', { model: history.model });
  const all = normalizeOps(model, history.ops);
  const reduced = history.model === 'kv-versioned'
    ? reduceVersioned(all) : { ops: all, rewritten: 0, dropped: 0 };
  const result = check(model, reduced.ops, { maxSteps });
  const pending = history.ops.filter((o) => o.return === null).length;
  return { result, ops: reduced.ops, model, recorded: all.length, pending,
    rewritten: reduced.rewritten, dropped: reduced.dropped };
}

/**
 * CheckPorcupine, made strict: the history so far must be linearizable, and the checker must
 * decide. 'illegal' and 'unknown' both fail the run; the verdict is traced either way.
 */
export function requireLinearizable(world: World, history: History, when: string): void {
  const v = checkHistory(history);
  const r = v.result;
  world.note('tester', `linearizability ${when}: ${r.verdict} (${v.recorded} ops, ` +
    `${v.pending} pending, ${r.parts.length} keys, ${r.steps} steps; ` +
    `${v.rewritten} ErrMaybe puts known to be no-ops, ${v.dropped} pending ones dropped)`);
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
