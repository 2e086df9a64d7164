/**
 * The checker's public surface, for code that holds a history in memory (the simulator's
 * scenarios) rather than in a file.
 *
 *   const model = getModel(history.model)!;
 *   const ops = normalizeOps(model, history.ops);      // validates, as the JSON parser does
 *   const result = check(model, ops, { maxSteps });     // 'ok' | 'illegal' | 'unknown'
 *   const why = explain(model, ops, result);            // null unless 'illegal'
 */
import { assert } from '../core/assert.ts';
import { OpShapeError, type Model, type Operation } from './types.ts';

export { check } from './check.ts';
export { explain, type Explanation } from './explain.ts';
export { getModel, modelNames } from './models/index.ts';
export { explanationText, summaryLine, VERDICT_TEXT } from './report.ts';
export type {
  CheckOptions, CheckResult, Decision, Model, Operation, Verdict,
} from './types.ts';

/** An operation as our JSON format (and the simulator's History) holds it. */
export interface RawOp {
  readonly client: number;
  readonly call: number;
  readonly return: number | null;
  readonly input: unknown;
  readonly output: unknown;
}

/** Validates and normalizes raw operations with Model.parseOp (pending ops get output null). */
export function normalizeOps(model: Model, raw: readonly RawOp[]): Operation[] {
  return raw.map((op, i) => {
    try {
      const output = op.return === null ? null : op.output;
      const parsed = model.parseOp(op.input, output);
      return { client: op.client, call: op.call, return: op.return, ...parsed };
    } catch (e) {
      if (!(e instanceof OpShapeError)) throw e;
      assert(false, `checker.normalizeOps: ops[${i}]: ${e.message} (model ${model.name})`, op);
    }
  });
}
