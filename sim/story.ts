import type { RecordedDecision } from './recorder.ts';
import type { RunResult } from './runner.ts';
import type { TraceLine, TraceSink } from './trace.ts';

/**
 * What a shrink report shows of a run: counts for the before/after table, and its *story*: the
 * non-benign decisions, role and term changes, crashes, restarts, partitions and the failing
 * check in time order, readable without the full trace.
 */
export interface RunFacts {
  readonly events: number;
  readonly decisions: number;
  readonly nonBenign: number;
  readonly lostRequests: number;
  readonly lostReplies: number;
  readonly delays: number;
  readonly timing: number;
  readonly crashes: number;
  readonly restarts: number;
  readonly partitions: number;
  readonly clientOps: number;
  readonly virtualMs: number;
}

export interface StoryLine {
  readonly time: number;
  readonly who: string;
  readonly what: string;
}

const ROLE = /^(leader|candidate|follower) in term \d+$/;

/** A trace sink that keeps the lines a story tells and counts faults the scenario made. */
export class StoryCollector {
  readonly lines: StoryLine[] = [];
  crashes = 0;
  restarts = 0;
  partitions = 0;

  readonly sink: TraceSink = (l: TraceLine) => this.take(l);

  private take(l: TraceLine): void {
    const { who, what } = l;
    if (what === 'crash') this.crashes += 1;
    const restart = /^start \(incarnation (\d+)\)$/.exec(what);
    if (restart !== null && Number(restart[1]) > 1) this.restarts += 1;
    const cut = what === 'disconnect' || (who === 'net' && what.startsWith('partition'));
    if (cut) this.partitions += 1;
    const told = ROLE.test(what) || what === 'crash' || restart !== null && restart[1] !== '1' ||
      what === 'connect' || cut || who === 'paper' ||
      (who === 'sim' && what.startsWith('FAIL'));
    if (told) this.lines.push({ time: l.time, who, what });
  }
}

export function runFacts(r: RunResult, story: StoryCollector): RunFacts {
  const rec = r.recording;
  const decisions = rec?.decisions ?? [];
  const count = (...kinds: string[]): number =>
    decisions.filter((d) => d.fault !== null && kinds.includes(d.fault)).length;
  return {
    events: r.events, decisions: rec?.totalDecisions ?? 0, nonBenign: decisions.length,
    lostRequests: count('lost request'), lostReplies: count('lost reply'),
    delays: count('delay', 'reorder', 'unreachable delay'), timing: count('timing'),
    crashes: story.crashes, restarts: story.restarts, partitions: story.partitions,
    clientOps: r.histories.reduce((a, h) => a + h.ops.length, 0), virtualMs: r.simMs,
  };
}

/** Decisions and story lines merged in time order (decisions first within one millisecond). */
export function storyOf(decisions: readonly RecordedDecision[], story: StoryCollector):
  StoryLine[] {
  const told: Array<StoryLine & { readonly rank: number }> = [
    ...decisions.map((d) => ({ time: d.ms, who: 'draw', what: d.label, rank: 0 })),
    ...story.lines.map((l) => ({ ...l, rank: 1 })),
  ];
  return told.map((l, i) => ({ l, i }))
    .sort((a, b) => a.l.time - b.l.time || a.l.rank - b.l.rank || a.i - b.i)
    .map(({ l }) => ({ time: l.time, who: l.who, what: l.what }));
}
