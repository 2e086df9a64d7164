import type { DrawSite } from '../core/random.ts';
import type { FaultKind, Site, Stream } from './random.ts';
import { Schedule, type DataLists, type DecisionRef, type ScheduleKeying } from './schedule.ts';

/** A non-benign decision as a run drew it, with where and when, and what it decided. */
export interface RecordedDecision {
  readonly stream: string;
  readonly site: string;
  /** Its name in a schedule: the instant it was drawn at (0 on order-keyed streams) and how
   * many draws at this site came before it there (see KeyedBy). */
  readonly at: number;
  readonly nth: number;
  /** How many draws at this site on this stream came before it (its name when keyed by order). */
  readonly ordinal: number;
  /** When it was drawn (virtual ms). */
  readonly ms: number;
  readonly bound: number;
  /** The value drawn, and the decision (value relative to the site's benign value). */
  readonly drawn: number;
  readonly value: number;
  readonly event: number;
  readonly label: string;
  readonly fault: FaultKind | null;
}

/** The clock a recorder stamps decisions with (the run's event queue). */
export interface RecorderClock {
  readonly now: number;
  readonly executed: number;
}

/**
 * Records a run's draws: every non-benign decision (stream, site, ordinal, value and a label),
 * the count of all decisions, and the workload data in full. `toSchedule()` replays the run.
 */
export class Recorder {
  private readonly all: RecordedDecision[] = [];
  private readonly retracted = new Set<RecordedDecision>();
  /** Timer streams (see timerArmed): their decisions since the timer was last armed. */
  private readonly sinceArm = new Map<string, RecordedDecision[]>();
  totalDecisions = 0;
  private readonly dataLists = new Map<string, Map<string, number[]>>();

  constructor(private readonly clock: RecorderClock) {}

  /** The non-benign decisions, in draw order (without those found to have decided nothing). */
  get decisions(): RecordedDecision[] {
    return this.retracted.size === 0 ? this.all : this.all.filter((d) => !this.retracted.has(d));
  }

  /** `stream` draws a timer's durations (a host's `timer <id>`): see timerArmed. */
  watchTimer(stream: string): void {
    this.sinceArm.set(stream, []);
  }

  /**
   * A timer is armed from the draws at `site` on `stream` since the last arm: the last one drawn
   * now is the armed timer's (returned); earlier ones were replaced at once and decided nothing.
   */
  timerArmed(stream: string, site: string): RecordedDecision | null {
    const since = this.sinceArm.get(stream) ?? [];
    this.sinceArm.set(stream, []);
    let last: RecordedDecision | null = null;
    for (const d of since) {
      if (d.site !== site) continue;
      if (last !== null) this.retracted.add(last);
      last = d;
    }
    return last !== null && last.ms === this.clock.now ? last : null;
  }

  /** A decision that turned out to decide nothing (any value would have made the same run). */
  retract(d: RecordedDecision): void {
    this.retracted.add(d);
  }

  decision(stream: Stream, site: DrawSite, key: { at: number; nth: number; ordinal: number },
    bound: number, drawn: number, value: number, detail: string | undefined): void {
    this.totalDecisions += 1;
    if (value === 0) return;
    const s = site as Site;
    const d: RecordedDecision = {
      stream: stream.name, site: site.name, ...key, ms: this.clock.now, bound, drawn, value,
      event: this.clock.executed,
      label: labelOf(s, stream.name, drawn, detail),
      fault: s.fault ?? (stream.name.startsWith('timer ') ? 'timing' : null),
    };
    this.all.push(d);
    this.sinceArm.get(stream.name)?.push(d);
  }

  data(stream: string, site: Site, ordinal: number, value: number): void {
    let bySite = this.dataLists.get(stream);
    if (bySite === undefined) {
      bySite = new Map();
      this.dataLists.set(stream, bySite);
    }
    let list = bySite.get(site.name);
    if (list === undefined) {
      list = [];
      bySite.set(site.name, list);
    }
    list[ordinal] = value;
  }

  recordedData(): DataLists {
    const out: Record<string, Record<string, number[]>> = {};
    for (const [stream, bySite] of [...this.dataLists].sort(byKey)) {
      out[stream] = Object.fromEntries([...bySite].sort(byKey));
    }
    return out;
  }

  toSchedule(): Schedule {
    return scheduleOfRecorded(this.decisions, this.recordedData());
  }
}

/**
 * A schedule of recorded decisions (their references only, named as `keying` says) and a run's
 * data lists.
 */
export function scheduleOfRecorded(decisions: readonly RecordedDecision[], data: DataLists,
  keying: ScheduleKeying = 'time'): Schedule {
  return new Schedule(decisions.map((d) => refOf(d, d.value, keying)), data, keying);
}

/** A recorded decision's reference in a schedule keyed by `keying`, with the value `value`. */
export function refOf(d: RecordedDecision, value: number, keying: ScheduleKeying): DecisionRef {
  return keying === 'time'
    ? { stream: d.stream, site: d.site, at: d.at, nth: d.nth, value }
    : { stream: d.stream, site: d.site, at: 0, nth: d.ordinal, value };
}

function labelOf(site: Site, stream: string, drawn: number, detail: string | undefined): string {
  if (site.label !== undefined) return site.label(drawn, stream, detail);
  if (site.describe !== undefined) return `${whoOf(stream)}: ${site.describe(drawn)}`;
  return `${whoOf(stream)}: ${site.name} ${drawn}`;
}

/** A stream's owner as the trace names it: `timer 2` -> `s2`, `client 3` -> `c3`. */
function whoOf(stream: string): string {
  const m = /^(timer|client) (\d+)$/.exec(stream);
  if (m === null) return stream;
  return `${m[1] === 'timer' ? 's' : 'c'}${m[2]}`;
}

function byKey<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
