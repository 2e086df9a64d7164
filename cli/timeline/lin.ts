import { explain } from '../../checker/explain.ts';
import { computeVisualizationData } from '../../checker/html/data.ts';
import { renderHtml } from '../../checker/html/render.ts';
import { VERDICT_TEXT } from '../../checker/report.ts';
import { checkHistory } from '../../scenarios/kv/history-check.ts';
import type { History } from '../../sim/history.ts';
import type { LinSummary } from './data.ts';

/** Search budget of the page's own check: the scenarios' budget (a verdict that replays). */
const MAX_STEPS = 20_000_000;

export interface LinView {
  readonly summary: LinSummary;
  /** The checker's own page (checker/html), embedded by the timeline. */
  readonly html: string;
}

/**
 * The linearizability view of a run's client history: the same check the scenarios run, the
 * checker's explanation, and its HTML page (op i of the page is op i of the history).
 */
export function linearizabilityView(history: History, title: string): LinView {
  const v = checkHistory(history, MAX_STEPS);
  const explanation = explain(v.model, v.ops, v.result);
  const data = computeVisualizationData(v.model, v.ops, v.result, explanation, title);
  const blamed = new Set([...(explanation?.stuck.map((s) => s.op) ?? []),
    ...(explanation?.minimal.ops ?? [])]);
  const verdict = VERDICT_TEXT[v.result.verdict];
  const text = `${verdict}: ${v.recorded} ops (${v.pending} pending), ` +
    `${v.result.parts.length} part${v.result.parts.length === 1 ? '' : 's'}, ` +
    `model ${history.model}`;
  return { summary: { verdict, text, blamed: [...blamed].sort((a, b) => a - b) },
    html: renderHtml(data) };
}
