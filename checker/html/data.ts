import { preparePart, splitParts } from '../check.ts';
import type { Explanation } from '../explain.ts';
import { explanationText, opText, summaryLine } from '../report.ts';
import type { CheckResult, Model, Operation, Verdict } from '../types.ts';
import { opLabel, type Label } from './labels.ts';

/**
 * Everything the HTML view draws, as plain JSON (compact: ops are tuples, so 10,000 ops stay
 * well under a megabyte). Pure and deterministic, so it is tested directly.
 */
export interface VisualizationData {
  readonly title: string;
  readonly model: string;
  readonly verdict: Verdict;
  /** Client ids, one lane each, ascending. */
  readonly clients: readonly number[];
  /** Time ranks: x of the last event; a pending op ends at xMax + 1. */
  readonly xMax: number;
  readonly ops: readonly OpBox[];
  readonly parts: readonly PartView[];
  /**
   * Where "jump to first error" goes: the first op the model rejects right after the longest
   * prefix of the illegal part ('illegal'), or, if every op that could come next is legal but a
   * dead end, the first of those ('dead-end'); null when nothing is illegal.
   */
  readonly firstError: {
    readonly part: number; readonly op: number; readonly reason: 'illegal' | 'dead-end';
  } | null;
  /** Ops of the minimal failing sub-history. */
  readonly minimal: readonly number[];
  /**
   * What `raftsim check` prints for this history (the summary without the wall time, so the
   * page is the same on every run), one line each, with the op a line names or -1.
   */
  readonly report: readonly (readonly [string, number])[];
}

/** [lane, x of call, x of return (xMax + 1 if pending), description, call, return or null,
 *  part index, input line or 0, call label, result label] (labels: see labels.ts). */
export type OpBox = readonly [number, number, number, string, number, number | null, number,
  number, Label, Label];

export interface PartView {
  readonly label: string;
  readonly verdict: Verdict;
  /** The longest linearization found (all ops when the part is linearizable). */
  readonly order: readonly number[];
  /** State after each op of `order` (cut to STATE_CHARS). */
  readonly states: readonly string[];
  readonly initialState: string;
  /** Ops that could not come next after `order`: [op, 'illegal' | 'dead-end']. */
  readonly stuck: readonly (readonly [number, string])[];
}

const STATE_CHARS = 160;

export function computeVisualizationData(model: Model, ops: readonly Operation[],
  result: CheckResult, explanation: Explanation | null, title: string): VisualizationData {
  const clients = [...new Set(ops.map((op) => op.client))].sort((a, b) => a - b);
  const lane = new Map(clients.map((c, i) => [c, i]));
  const times = [...new Set(ops.flatMap((op) => (op.return === null ? [op.call]
    : [op.call, op.return])))].sort((a, b) => a - b);
  const rank = new Map(times.map((t, i) => [t, i]));
  const xMax = Math.max(0, times.length - 1);
  const partOf = new Int32Array(ops.length).fill(-1);
  result.parts.forEach((p, k) => {
    for (const i of [...p.ops, ...p.dropped]) partOf[i] = k;
  });
  const boxes: OpBox[] = ops.map((op, i) => {
    const output = op.return === null ? null : op.output;
    const desc = model.describeOperation(op.input, output);
    const end = op.return === null ? xMax + 1 : rank.get(op.return)!;
    const label = opLabel(model, op.input, output);
    return [lane.get(op.client)!, rank.get(op.call)!, end, desc, op.call, op.return,
      partOf[i]!, op.line ?? 0, label.call, label.result];
  });
  const models = splitParts(model, ops, result.partitioned)
    .map((p) => preparePart(model, ops, p).model);
  const parts = result.parts.map((p, k) => partView(models[k]!, ops, p.longest, p.label,
    p.verdict, k === result.illegalPart ? explanation : null));
  return {
    title, model: model.name, verdict: result.verdict, clients, xMax, ops: boxes, parts,
    firstError: firstError(result, explanation),
    minimal: explanation?.minimal.ops ?? [],
    report: report(title, ops, result, explanation),
  };
}

/**
 * The op to jump to. The ops that could not come next are listed in history order, and pending
 * ops that are legal anywhere (a cas whose outcome is unknown) often come first: they are dead
 * ends, not the error, so the first op the model rejects wins.
 */
function firstError(result: CheckResult, explanation: Explanation | null)
  : VisualizationData['firstError'] {
  if (explanation === null || explanation.stuck.length === 0) return null;
  const stuck = explanation.stuck.find((s) => s.reason === 'illegal') ?? explanation.stuck[0]!;
  return { part: result.illegalPart, op: stuck.op, reason: stuck.reason };
}

/** The CLI's text, each line tagged with the op it names (the ops the explanation lists). */
function report(title: string, ops: readonly Operation[], result: CheckResult,
  explanation: Explanation | null): [string, number][] {
  const lines: [string, number][] = [[summaryLine(title, ops.length, result), -1]];
  if (explanation === null) return lines;
  const named = new Map<string, number>();
  const name = (i: number, description: string) => named.set(opText(ops, i, description), i);
  for (const p of explanation.prefix) name(p.op, p.description);
  for (const s of explanation.stuck) name(s.op, s.description);
  explanation.minimal.ops.forEach((i, k) => name(i, explanation.minimal.descriptions[k]!));
  for (const line of explanationText(ops, explanation)) {
    const text = line.trimStart();
    let op = -1;
    for (const [prefix, i] of named) if (text.startsWith(`${prefix}  `) || text === prefix) op = i;
    lines.push([line, op]);
  }
  return lines;
}

function partView(model: Model, ops: readonly Operation[], order: readonly number[],
  label: string, verdict: Verdict, explanation: Explanation | null): PartView {
  let state = model.init();
  const initialState = cut(model.describeState(state));
  const states = order.map((i) => {
    const op = ops[i]!;
    state = model.step(state, op.input, op.return === null ? null : op.output) ?? state;
    return cut(model.describeState(state));
  });
  const stuck = (explanation?.stuck ?? []).map((s) => [s.op, s.reason] as const);
  return { label, verdict, order, states, initialState, stuck };
}

function cut(s: string): string {
  return s.length > STATE_CHARS ? `${s.slice(0, STATE_CHARS - 3)}...` : s;
}
