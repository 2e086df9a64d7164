import type { DrawSite } from '../core/random.ts';
import type { FaultKind, Site, Stream } from './random.ts';
import { Schedule, type DataLists } from './schedule.ts';

/** A non-benign decision as a run drew it, with where and when, and what it decided. */
export interface RecordedDecision {
  readonly stream: string;
  readonly site: string;
  readonly ordinal: number;
  readonly bound: number;
  /** The value drawn, and the decision (value relative to the site's benign value). */
  readonly drawn: number;
  readonly value: number;
  readonly atMs: number;
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
  readonly decisions: RecordedDecision[] = [];
  totalDecisions = 0;
  private readonly dataLists = new Map<string, Map<string, number[]>>();

  constructor(private readonly clock: RecorderClock) {}

  decision(stream: Stream, site: DrawSite, ordinal: number, bound: number, drawn: number,
    value: number, detail: string | undefined): void {
    this.totalDecisions += 1;
    if (value === 0) return;
    const s = site as Site;
    this.decisions.push({
      stream: stream.name, site: site.name, ordinal, bound, drawn, value,
      atMs: this.clock.now, event: this.clock.executed,
      label: labelOf(s, stream.name, drawn, detail),
      fault: s.fault ?? null,
    });
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
    return new Schedule(this.decisions.map(({ stream, site, ordinal, value }) =>
      ({ stream, site, ordinal, value })), this.recordedData());
  }
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
