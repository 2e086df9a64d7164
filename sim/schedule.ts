import { assert } from '../core/assert.ts';

/** One non-benign decision: the `ordinal`-th draw at `site` on `stream` takes `value`. */
export interface DecisionRef {
  readonly stream: string;
  readonly site: string;
  readonly ordinal: number;
  /** Relative to the site's benign value (0 would be benign, so it is never listed). */
  readonly value: number;
}

/** Workload data, per stream and site, in draw order. */
export type DataLists = Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;

/**
 * A run's draws as data, to drive a run instead of a seed (docs/shrinking.md):
 * - a decision the schedule lists takes its value (clamped to the draw's bound);
 * - every other decision, including any past the last listed one, is benign (0). Why benign
 *   rather than the seed's stream: a schedule then says everything that departs from a calm
 *   run, removing a decision only ever makes a run calmer, and a shrunk file stands alone;
 * - workload data replays as recorded; data past the recording comes from the seed's own data
 *   stream (deterministic, never shrunk).
 */
export class Schedule {
  private readonly byKey = new Map<string, Map<number, number>>();
  readonly size: number;

  constructor(readonly decisions: readonly DecisionRef[], readonly data: DataLists = {}) {
    for (const d of decisions) {
      assert(Number.isInteger(d.ordinal) && d.ordinal >= 0, 'schedule: bad ordinal', d);
      assert(Number.isInteger(d.value) && d.value > 0, 'schedule: a listed value must be > 0', d);
      const key = keyOf(d.stream, d.site);
      let m = this.byKey.get(key);
      if (m === undefined) {
        m = new Map();
        this.byKey.set(key, m);
      }
      assert(!m.has(d.ordinal), 'schedule: a decision listed twice', d);
      m.set(d.ordinal, d.value);
    }
    this.size = decisions.length;
  }

  /** The decision (relative to benign) for this draw: 0 unless listed. */
  decisionAt(stream: string, site: string, ordinal: number): number {
    return this.byKey.get(keyOf(stream, site))?.get(ordinal) ?? 0;
  }

  dataAt(stream: string, site: string, ordinal: number): number | undefined {
    return this.data[stream]?.[site]?.[ordinal];
  }
}

function keyOf(stream: string, site: string): string {
  return `${stream}\u0000${site}`;
}
