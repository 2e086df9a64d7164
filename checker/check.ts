import { assert } from '../core/assert.ts';
import { PartSearch, type PartHistory } from './search.ts';
import type {
  CheckOptions, CheckResult, Model, Operation, Part, PartResult, Verdict,
} from './types.ts';

const SLICE_STEPS = 1000;

/** One part ready to search: its operations after dropping pending ops with no effect. */
export interface PreparedPart {
  readonly label: string;
  readonly model: Model;
  /** History indices, local index -> history index. */
  readonly ops: readonly number[];
  readonly dropped: readonly number[];
  readonly history: PartHistory;
}

/**
 * Decides whether `ops` is linearizable for `model`. Parts (P-compositionality) are searched
 * round-robin in slices of `sliceSteps`, and the check stops at the first illegal part: refuting
 * one part can be instant while another takes minutes (Porcupine's c50-bad), so parts must not be
 * searched one after another. Deterministic: no clock, no randomness; the budget is in steps.
 */
export function check<I, O>(
  model: Model<unknown, I, O>,
  ops: readonly Operation<I, O>[],
  options: CheckOptions = {},
): CheckResult {
  validateHistory(ops);
  const partitioned = options.partition !== false && model.partition !== undefined;
  const prepared = splitParts(model, ops, partitioned).map((p) => preparePart(model, ops, p));
  const searches = prepared.map((p) => new PartSearch<unknown>(p.model, p.history));
  const outcome = interleave(searches, options);
  const parts = prepared.map((p, i) => partResult(p, searches[i]!));
  const steps = searches.reduce((sum, x) => sum + x.steps, 0);
  return { ...outcome, partitioned, parts, steps };
}

interface Outcome {
  verdict: Verdict;
  illegalPart: number;
  stoppedBy: 'steps' | 'callback' | null;
}

function interleave(searches: PartSearch<unknown>[], options: CheckOptions): Outcome {
  const maxSteps = options.maxSteps ?? Infinity;
  const slice = options.sliceSteps ?? SLICE_STEPS;
  assert(slice >= 1, 'check: sliceSteps must be >= 1', { slice });
  let active = searches.map((_, i) => i);
  let spent = 0;
  while (active.length > 0) {
    for (const i of active) {
      if (options.shouldStop?.()) return unknownBy('callback');
      const budget = Math.min(slice, maxSteps - spent);
      if (budget <= 0) return unknownBy('steps');
      const search = searches[i]!;
      const before = search.steps;
      const status = search.run(budget);
      spent += search.steps - before;
      if (status === 'illegal') return { verdict: 'illegal', illegalPart: i, stoppedBy: null };
    }
    active = active.filter((i) => searches[i]!.status === 'running');
  }
  return { verdict: 'ok', illegalPart: -1, stoppedBy: null };
}

function unknownBy(stoppedBy: 'steps' | 'callback'): Outcome {
  return { verdict: 'unknown', illegalPart: -1, stoppedBy };
}

function partResult(p: PreparedPart, search: PartSearch<unknown>): PartResult {
  const verdict: Verdict = search.status === 'running' ? 'unknown' : search.status;
  const longest = Array.from(search.longest, (local) => p.ops[local]!);
  return { label: p.label, ops: p.ops, dropped: p.dropped, verdict, steps: search.steps, longest };
}

/** The model's parts (or one part with everything), each listing history indices. */
export function splitParts<I, O>(
  model: Model<unknown, I, O>,
  ops: readonly Operation<I, O>[],
  usePartition: boolean,
): Part[] {
  if (usePartition && model.partition) return model.partition(ops);
  return [{ label: 'all', ops: ops.map((_, i) => i) }];
}

/** Drops pending ops the model proves invisible and lays out the rest for the search. */
export function preparePart<I, O>(
  model: Model<unknown, I, O>,
  ops: readonly Operation<I, O>[],
  part: Part,
): PreparedPart {
  const partModel = part.model ?? model;
  const partOps = part.ops.map((i) => ops[i]!);
  const simple = partModel.simplify?.(partOps);
  const kept: number[] = [];
  const keptOutputs: (O | null)[] = [];
  const dropped: number[] = [];
  part.ops.forEach((index, k) => {
    const op = partOps[k]!;
    const drop = op.return === null && (simple?.drop[k] === true ||
      partModel.pendingHasNoEffect?.(op, partOps) === true);
    (drop ? dropped : kept).push(index);
    const recorded = op.return === null ? null : op.output;
    if (!drop) keptOutputs.push(simple ? simple.outputs[k]! : recorded);
  });
  const history: PartHistory<I, O> = {
    inputs: kept.map((i) => ops[i]!.input),
    outputs: keptOutputs,
    calls: kept.map((i) => ops[i]!.call),
    returns: kept.map((i) => ops[i]!.return ?? Infinity),
    readOnly: Uint8Array.from(kept, (i, k) => {
      return partModel.readOnly?.(ops[i]!.input, keptOutputs[k]!) ? 1 : 0;
    }),
  };
  return { label: part.label, model: partModel, ops: kept, dropped, history };
}

/** The gateway check for histories built in code (parsers report errors with lines instead). */
function validateHistory(ops: readonly Operation[]): void {
  ops.forEach((op, i) => {
    assert(Number.isSafeInteger(op.call), 'check: call must be an integer', { index: i, op });
    if (op.return !== null) {
      assert(Number.isSafeInteger(op.return), 'check: return must be an integer', { index: i, op });
      assert(op.call <= op.return, 'check: call must be <= return', { index: i, op });
    }
  });
}
