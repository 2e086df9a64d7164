import { assert } from '../core/assert.ts';

/** A scheduled event. Ties on time are broken by the insertion sequence, never left undefined. */
interface Event {
  readonly time: number;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
}

/** A handle on a scheduled event, to cancel it (a superseded timer). */
export interface Scheduled {
  readonly time: number;
  cancelled: boolean;
}

/**
 * The simulator's one event queue and its virtual clock (milliseconds). A binary min-heap ordered
 * by (time, seq). The clock only moves forward, to the time of the event being run.
 */
export class EventQueue {
  private heap: Event[] = [];
  private seq = 0;
  private cancelledCount = 0;
  now = 0;
  executed = 0;

  schedule(delayMs: number, run: () => void): Scheduled {
    assert(delayMs >= 0 && Number.isFinite(delayMs), 'events.schedule: bad delay', { delayMs });
    const e: Event = { time: this.now + delayMs, seq: this.seq++, run, cancelled: false };
    this.push(e);
    return e;
  }

  /** The event will not run and is not counted (it leaves the heap when it reaches the top). */
  cancel(handle: Scheduled): void {
    if (handle.cancelled) return;
    handle.cancelled = true;
    this.cancelledCount += 1;
  }

  /** Events still to run. */
  get size(): number {
    return this.heap.length - this.cancelledCount;
  }

  nextTime(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.time;
  }

  /** Run the earliest event; false when the queue is empty or the next event is after `until`. */
  runNext(until: number): boolean {
    this.dropCancelled();
    const top = this.heap[0];
    if (top === undefined || top.time > until) return false;
    this.pop();
    assert(top.time >= this.now, 'events: time went backwards', { now: this.now, t: top.time });
    this.now = top.time;
    this.executed += 1;
    top.run();
    return true;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled === true) {
      this.pop();
      this.cancelledCount -= 1;
    }
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
