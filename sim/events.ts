import { assert } from '../core/assert.ts';

/** A scheduled event. Ties on time are broken by the insertion sequence, never left undefined. */
interface Event {
  readonly time: number;
  readonly seq: number;
  readonly run: () => void;
}

/**
 * The simulator's one event queue and its virtual clock (milliseconds). A binary min-heap ordered
 * by (time, seq). The clock only moves forward, to the time of the event being run.
 */
export class EventQueue {
  private heap: Event[] = [];
  private seq = 0;
  now = 0;
  executed = 0;

  schedule(delayMs: number, run: () => void): void {
    // The context object is built only on failure: this runs for every event.
    if (!(delayMs >= 0 && Number.isFinite(delayMs))) {
      assert(false, 'events.schedule: bad delay', { delayMs });
    }
    this.push({ time: this.now + delayMs, seq: this.seq++, run });
  }

  get size(): number {
    return this.heap.length;
  }

  nextTime(): number | undefined {
    return this.heap[0]?.time;
  }

  /** Run the earliest event; false when the queue is empty or the next event is after `until`. */
  runNext(until: number): boolean {
    const top = this.heap[0];
    if (top === undefined || top.time > until) return false;
    this.pop();
    if (top.time < this.now) {
      assert(false, 'events: time went backwards', { now: this.now, t: top.time });
    }
    this.now = top.time;
    this.executed += 1;
    top.run();
    return true;
  }

  /** Sift up: the new event moves into the hole its smaller parents leave (no swaps). */
  private push(e: Event): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (!before(e, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = e;
  }

  /** Remove the root: the last event sifts down from the root through a hole. */
  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && before(h[r]!, h[l]!) ? r : l;
      const child = h[m]!;
      if (!before(child, last)) break;
      h[i] = child;
      i = m;
    }
    h[i] = last;
  }
}

function before(a: Event, b: Event): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
