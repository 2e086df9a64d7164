import type { Scenario } from '../../sim/scenario.ts';
import type { Recording } from '../../sim/observe-recorder.ts';
import type { RunResult } from '../../sim/runner.ts';
import { timelineData, type TimelineData } from './data.ts';
import { linearizabilityView } from './lin.ts';
import { renderTimeline } from './render.ts';

export interface TimelineRun {
  readonly scenario: Scenario;
  readonly result: RunResult;
  readonly recording: Recording;
  /** The exact command that replays the run (printed on the page). */
  readonly command: string;
  readonly bug: string | null;
  /** The user's module(s) the run used (--impl, --kv-impl), as one label. */
  readonly impl?: string | null;
  /** A replayed schedule file, when the run came from one (else the seed identifies it). */
  readonly schedule?: string | null;
}

/** The timeline page of one recorded run, and its data (for tests and size reports). */
export function timelinePage(run: TimelineRun): { html: string; data: TimelineData } {
  const { scenario, result } = run;
  const history = result.histories[0];
  const lin = history === undefined ? null
    : linearizabilityView(history, `${scenario.id} seed ${result.seed}`);
  const index = new Map<object, number>((history?.ops ?? []).map((op, k) => [op, k]));
  const schedule = run.schedule ?? null;
  const data = timelineData(run.recording, {
    scenario: scenario.id, title: scenario.title, source: scenario.source,
    seed: schedule === null ? result.seed : null, schedule, bug: run.bug,
    impl: run.impl ?? null, command: run.command, ok: result.ok, traceHash: result.traceHash,
    simMs: result.simMs,
    runEvents: result.events, failure: failureOf(result), lin: lin?.summary ?? null,
  }, (op) => index.get(op) ?? -1);
  return { html: renderTimeline(data, lin?.html ?? null), data };
}

/** The failure without its state dump (the page shows the states itself). */
function failureOf(r: RunResult): RunResult['failure'] {
  if (r.failure === null) return null;
  const { kind, check, message, atMs, event } = r.failure;
  return { kind, check, message, atMs, event };
}
