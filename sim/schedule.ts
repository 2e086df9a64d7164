import { assert } from '../core/assert.ts';

/**
 * One non-benign decision: the `nth` draw (counting from 0) at `site` on `stream` at virtual
 * time `at` (ms) takes `value`. Replayed, the decision goes to the first draw at that site
 * and stream from that point on: the same draw when nothing before it changed, and "the next
 * such draw" when a shrink made earlier decisions benign and timing moved, so that a fault
 * keeps its moment ("the AppendEntries s0>s1 around 21.3 s is lost").
 */
export interface DecisionRef {
  readonly stream: string;
  readonly site: string;
  readonly at: number;
  readonly nth: number;
  /** Relative to the site's benign value (0 would be benign, so it is never listed). */
  readonly value: number;
}

/**
 * How a schedule names the draws on time-keyed streams (random.ts KeyedBy):
 * - 'time' (files, replay): by (instant, nth draw at that instant), so a fault keeps its moment;
 * - 'order' (a shrink's candidates only): by the draw's ordinal at its site on its stream
 *   (`at` 0, `nth` the ordinal), so that a decision stays with "the 12th AppendEntries on
 *   s0>s1" when a shrink makes an earlier one benign and everything after it moves in time.
 * Order-keyed streams are named by ordinal either way.
 */
export type ScheduleKeying = 'time' | 'order';

/** Workload data, per stream and site, in draw order. */
export type DataLists = Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;

/**
 * A run's draws as data, to drive a run instead of a seed (docs/shrinking.md):
 * - a decision the schedule lists takes its value (clamped to the draw's bound);
 * - every other decision, including any after the last listed one, is benign (0). Why benign
 *   rather than the seed's stream: a schedule then says everything that departs from a calm
 *   run, removing a decision only ever makes a run calmer, and a shrunk file stands alone;
 * - workload data replays as recorded; data past the recording comes from the seed's own data
 *   stream (deterministic, never shrunk).
 * A Schedule is immutable; each run reads it through its own cursor().
 */
export class Schedule {
  private readonly byKey = new Map<string, DecisionRef[]>();

  constructor(readonly decisions: readonly DecisionRef[], readonly data: DataLists = {},
    readonly keying: ScheduleKeying = 'time') {
    for (const d of decisions) {
      assert(Number.isFinite(d.at) && d.at >= 0, 'schedule: bad time', d);
      assert(Number.isSafeInteger(d.nth) && d.nth >= 0, 'schedule: bad nth', d);
      assert(Number.isSafeInteger(d.value) && d.value > 0, 'schedule: a value must be > 0', d);
      const key = keyOf(d.stream, d.site);
      const list = this.byKey.get(key) ?? [];
      list.push(d);
      this.byKey.set(key, list);
    }
    for (const list of this.byKey.values()) {
      list.sort((a, b) => a.at - b.at || a.nth - b.nth);
      for (let i = 1; i < list.length; i++) {
        const [a, b] = [list[i - 1]!, list[i]!];
        assert(a.at !== b.at || a.nth !== b.nth, 'schedule: a decision listed twice', b);
      }
    }
  }

  get size(): number {
    return this.decisions.length;
  }

  cursor(): ScheduleCursor {
    return new ScheduleCursor(this.byKey, this.keying);
  }

  dataAt(stream: string, site: string, ordinal: number): number | undefined {
    return this.data[stream]?.[site]?.[ordinal];
  }
}

/** One run's position in a schedule: the decisions not yet taken, per stream and site. */
export class ScheduleCursor {
  private readonly next = new Map<string, number>();

  constructor(private readonly byKey: ReadonlyMap<string, readonly DecisionRef[]>,
    readonly keying: ScheduleKeying) {}

  /**
   * The decision for the `nth` draw at (stream, site) in millisecond `now`: the first decision
   * not yet taken if its moment has come (an earlier millisecond, or this one and nth <= this
   * draw's), else 0 (benign).
   */
  take(stream: string, site: string, now: number, nth: number): number {
    const key = keyOf(stream, site);
    const list = this.byKey.get(key);
    if (list === undefined) return 0;
    const i = this.next.get(key) ?? 0;
    const d = list[i];
    if (d === undefined || d.at > now || (d.at === now && d.nth > nth)) return 0;
    this.next.set(key, i + 1);
    return d.value;
  }
}

function keyOf(stream: string, site: string): string {
  return `${stream}\u0000${site}`;
}
