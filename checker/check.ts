import { assert } from '../core/assert.ts';
import { decidePart } from './decide.ts';
import { extendPrefix } from './extend.ts';
import { PartSearch, type PartHistory } from './search.ts';
import type {
  CheckOptions, CheckResult, Decision, Model, Operation, Part, PartResult, Verdict,
} from './types.ts';

const SLICE_STEPS = 1000;
const DECIDE_AFTER = 1000;
/** With several parts, the first round's slice; each round doubles it up to sliceSteps. */
const FIRST_SLICE = 100;

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
 * round-robin in slices, and the check stops at the first illegal part: refuting one part can be
 * instant while another takes minutes (Porcupine's c50-bad), so parts must not be searched one
 * after another. Slices start small and double each round up to `sliceSteps`, so a part refuted
 * in a few hundred steps is reached before the others have spent a thousand each (Porcupine
 * searches parts in parallel for the same reason). Deterministic: no clock, no randomness; the
 * budget is in steps.
 * A part still searching after `decideAfter` steps is offered to its model's `decide` fast path
 * (see checker/decide.ts); an 'ok' there is trusted only after its witness replays.
 */
export function check<I, O>(
  model: Model<unknown, I, O>,
  ops: readonly Operation<I, O>[],
  options: CheckOptions = {},
): CheckResult {
  validateHistory(ops);
  const partitioned = options.partition !== false && model.partition !== undefined;
  const split = splitParts(model, ops, partitioned);
  const prepared = split.map((p) => preparePart(model, ops, p));
  const searches = prepared.map((p) => new PartSearch<unknown>(p.model, p.history));
  const decisions: (Decision | undefined)[] = prepared.map(() => undefined);
  const decide = (i: number): Decision | undefined =>
    (decisions[i] = decidePart(prepared[i]!, split[i]!, ops));
  const outcome = interleave(searches, decide, options);
  const extend = options.extendPrefix !== false;
  const parts = prepared.map((p, i) => partResult(p, searches[i]!, decisions[i], extend));
  const steps = searches.reduce((sum, x) => sum + x.steps, 0);
  const result = { ...outcome, partitioned, parts, steps };
  if (outcome.verdict === 'illegal') {
    illegalParts.set(result, { model, ops, part: prepared[outcome.illegalPart]! });
  }
  return result;
}

/** The illegal part each illegal result was found in, kept for explain(): its model's tables
 * (a kv key's values) are filled already, and the history is not split again. Weak: it lives
 * as long as the result. */
const illegalParts = new WeakMap<CheckResult, { model: Model; ops: readonly Operation[];
  part: PreparedPart }>();

/** The part `result` (a check of `model` on `ops`) found illegal, prepared for the search. */
export function illegalPart(model: Model, ops: readonly Operation[],
  result: CheckResult): PreparedPart {
  assert(result.verdict === 'illegal', 'illegalPart: the result must be illegal');
  const kept = illegalParts.get(result);
  if (kept !== undefined && kept.model === model && kept.ops === ops) return kept.part;
  return preparePart(model, ops, splitParts(model, ops, result.partitioned)[result.illegalPart]!);
}

interface Outcome {
  verdict: Verdict;
  illegalPart: number;
  stoppedBy: 'steps' | 'callback' | null;
}

function interleave(searches: PartSearch<unknown>[],
  decide: (i: number) => Decision | undefined, options: CheckOptions): Outcome {
  const maxSteps = options.maxSteps ?? Infinity;
  const maxSlice = options.sliceSteps ?? SLICE_STEPS;
  const decideAfter = options.decideAfter ?? DECIDE_AFTER;
  assert(maxSlice >= 1, 'check: sliceSteps must be >= 1', { maxSlice });
  let slice = searches.length > 1 ? Math.min(FIRST_SLICE, maxSlice) : maxSlice;
  const tried = new Uint8Array(searches.length);
  const decided = new Uint8Array(searches.length);
  let active = searches.map((_, i) => i);
  let spent = 0;
  while (active.length > 0) {
    for (const i of active) {
      if (options.shouldStop?.()) return unknownBy('callback');
      const search = searches[i]!;
      if (tried[i] === 0 && search.steps >= decideAfter) {
        tried[i] = 1;
        const verdict = decide(i)?.verdict;
        if (verdict === 'illegal') return { verdict, illegalPart: i, stoppedBy: null };
        if (verdict === 'ok') {
          decided[i] = 1;
          continue;
        }
      }
      // A part not yet offered to decide stops at decideAfter steps exactly, whatever the slice.
      const toDecide = tried[i] === 0 ? decideAfter - search.steps : Infinity;
      const left = maxSteps - spent;
      if (left <= 0) return unknownBy('steps');
      const budget = Math.min(slice, left, toDecide);
      const before = search.steps;
      const status = search.run(budget);
      spent += search.steps - before;
      if (status === 'illegal') return { verdict: 'illegal', illegalPart: i, stoppedBy: null };
    }
    active = active.filter((i) => decided[i] === 0 && searches[i]!.status === 'running');
    slice = Math.min(2 * slice, maxSlice);
  }
  return { verdict: 'ok', illegalPart: -1, stoppedBy: null };
}

function unknownBy(stoppedBy: 'steps' | 'callback'): Outcome {
  return { verdict: 'unknown', illegalPart: -1, stoppedBy };
}

function partResult(p: PreparedPart, search: PartSearch<unknown>,
  decision: Decision | undefined, extend: boolean): PartResult {
  const { label, ops, dropped } = p;
  if (decision?.verdict === 'ok') {
    return { label, ops, dropped, verdict: 'ok', steps: search.steps, longest: decision.order };
  }
  const verdict: Verdict = decision?.verdict
    ?? (search.status === 'running' ? 'unknown' : search.status);
  // An illegal part's prefix (a decided one's: empty, which always replays) is extended to
  // where it really fails; see extend.ts.
  const found = decision === undefined ? [...search.longest] : [];
  const local = verdict === 'illegal' && extend ? extendPrefix(p.model, p.history, found) : found;
  const longest = new Array<number>(local.length);
  for (let k = 0; k < local.length; k++) longest[k] = ops[local[k]!]!;
  return { label, ops, dropped, verdict, steps: search.steps, longest };
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
  const history = layOut(partModel, ops, kept, keptOutputs);
  return { label: part.label, model: partModel, ops: kept, dropped, history };
}

/** The search's arrays for the kept ops. Plain loops: in a short-lived process this runs
 * before the JIT has compiled anything, and a callback per op costs there. */
function layOut<I, O>(model: Model<unknown, I, O>, ops: readonly Operation<I, O>[],
  kept: readonly number[], outputs: readonly (O | null)[]): PartHistory<I, O> {
  const n = kept.length;
  const inputs = new Array<I>(n);
  const calls = new Array<number>(n);
  const returns = new Array<number>(n);
  const readOnly = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const op = ops[kept[k]!]!;
    inputs[k] = op.input;
    calls[k] = op.call;
    returns[k] = op.return ?? Infinity;
    readOnly[k] = model.readOnly?.(op.input, outputs[k]!) ? 1 : 0;
  }
  return { inputs, outputs, calls, returns, readOnly };
}

/** The gateway check for histories built in code (parsers report errors with lines instead). */
function validateHistory(ops: readonly Operation[]): void {
  // Contexts are built only on failure: this runs on every op of every check.
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const why = !Number.isSafeInteger(op.call) ? 'call must be an integer'
      : op.return === null ? null
        : !Number.isSafeInteger(op.return) ? 'return must be an integer'
          : op.call > op.return ? 'call must be <= return' : null;
    if (why !== null) assert(false, `check: ${why}`, { index: i, op });
  }
}
