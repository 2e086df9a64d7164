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
    assert(delayMs >= 0 && Number.isFinite(delayMs), 'events.schedule: bad delay', { delayMs });
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
    assert(top.time >= this.now, 'events: time went backwards', { now: this.now, t: top.time });
    this.now = top.time;
    this.executed += 1;
    top.run();
    return true;
  }

  private push(e: Event): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

function before(a: Event, b: Event): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
