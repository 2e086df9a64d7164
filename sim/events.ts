import { assert } from '../core/assert.ts';

/**
 * The events due at one virtual time, in insertion order. Events run by (time, insertion
 * sequence), so within one time a FIFO list is that order; `head` is the next to run.
 */
interface Bucket {
  readonly time: number;
  readonly runs: QueuedEvent[];
  head: number;
}

/**
 * An event as an object whose run() is called: one allocation where a closure over an object
 * would be two (the network's messages in flight are these).
 */
export interface Runnable {
  run(): void;
}

/** What the queue runs: a function, or a Runnable. */
export type QueuedEvent = (() => void) | Runnable;

/** A handle on a scheduled event, to cancel it (a superseded timer). */
export interface Scheduled {
  readonly time: number;
  readonly cancelled: boolean;
}

/** The handle's inside: where its event waits, to blank its slot. */
class Handle implements Scheduled {
  cancelled = false;
  constructor(readonly time: number, readonly bucket: Bucket, readonly index: number) {}
}

/**
 * The simulator's one event queue and its virtual clock (milliseconds). Events run in order of
 * (time, insertion sequence): ties on time are broken by insertion, never left undefined. The
 * clock only moves forward, to the time of the event being run. A cancelled event does not run
 * and is not counted.
 *
 * Layout: one FIFO bucket per distinct pending time, and a binary min-heap of those times. Most
 * events are due at the current instant (a reliable network delivers at once, effects are
 * carried out in events of their own), and those only append to the bucket being run: no heap
 * work. The order is exactly that of one heap over (time, seq). A cancelled event's slot is
 * blanked (CANCELLED) and passed over when it reaches the head of its bucket.
 */
export class EventQueue {
  /** Distinct times with a pending bucket (a min-heap); the running bucket's time is not here. */
  private readonly times: number[] = [];
  private readonly buckets = new Map<number, Bucket>();
  /** The bucket of `now` being run, or null before the first event. */
  private current: Bucket | null = null;
  /** Events still to run (cancelled ones not counted). */
  private pending = 0;
  /** Cancelled slots not yet passed over: while 0, nothing needs skipping. */
  private blanks = 0;
  now = 0;
  executed = 0;

  /** Schedule `run` after `delayMs`; no handle (use scheduleCancellable for one). */
  schedule(delayMs: number, run: QueuedEvent): void {
    this.place(delayMs, run);
  }

  /** Schedule `run` after `delayMs`, with a handle to cancel it by. */
  scheduleCancellable(delayMs: number, run: QueuedEvent): Scheduled {
    const b = this.place(delayMs, run);
    return new Handle(b.time, b, b.runs.length - 1);
  }

  /** The event will not run and is not counted. Cancelling an event that ran does nothing. */
  cancel(handle: Scheduled): void {
    const h = handle as Handle;
    if (h.cancelled || h.index < h.bucket.head) return;
    h.cancelled = true;
    h.bucket.runs[h.index] = CANCELLED;
    this.pending -= 1;
    this.blanks += 1;
  }

  /** Events still to run. */
  get size(): number {
    return this.pending;
  }

  nextTime(): number | undefined {
    if (this.blanks > 0) this.skipCancelled();
    const cur = this.current;
    if (cur !== null && cur.head < cur.runs.length) return cur.time;
    return this.times[0];
  }

  /** Run the earliest event; false when the queue is empty or the next event is after `until`. */
  runNext(until: number): boolean {
    if (this.blanks > 0) this.skipCancelled();
    let b = this.current;
    if (b === null || b.head >= b.runs.length) {
      const time = this.times[0];
      if (time === undefined || time > until) return false;
      if (b !== null) this.buckets.delete(b.time);
      this.popTime();
      b = this.buckets.get(time)!;
      this.current = b;
    } else if (b.time > until) {
      return false;
    }
    if (b.time < this.now) {
      assert(false, 'events: time went backwards', { now: this.now, t: b.time });
    }
    this.now = b.time;
    const run = b.runs[b.head]!;
    b.runs[b.head++] = NOOP;
    this.pending -= 1;
    this.executed += 1;
    if (typeof run === 'function') run();
    else run.run();
    return true;
  }

  /** Append `run` to the bucket of its time (made if new); the bucket it went to. */
  private place(delayMs: number, run: QueuedEvent): Bucket {
    // The context object is built only on failure: this runs for every event.
    if (!(delayMs >= 0 && Number.isFinite(delayMs))) {
      assert(false, 'events.schedule: bad delay', { delayMs });
    }
    const time = this.now + delayMs;
    const cur = this.current;
    let b = cur !== null && cur.time === time ? cur : this.buckets.get(time);
    if (b === undefined) {
      // Made holding its event: most buckets (a timer's) never get a second one, and a push
      // onto an empty array would allocate room for many.
      b = { time, runs: [run], head: 0 };
      this.buckets.set(time, b);
      this.pushTime(time);
    } else {
      b.runs.push(run);
    }
    this.pending += 1;
    return b;
  }

  /**
   * Pass over cancelled slots at the head of the running bucket and, once it is spent, at the
   * head of the earliest pending buckets, dropping those left empty. The running bucket stays
   * current (an event scheduled for now still goes to it), so the next event is at the head of
   * the running bucket or of the earliest pending one.
   */
  private skipCancelled(): void {
    const cur = this.current;
    if (cur !== null && this.passBlanks(cur)) return;
    for (;;) {
      const time = this.times[0];
      if (time === undefined) return;
      const b = this.buckets.get(time)!;
      if (this.passBlanks(b)) return;
      this.buckets.delete(time);
      this.popTime();
    }
  }

  /** Advance `b` past its leading cancelled slots; true if a live event is then at its head. */
  private passBlanks(b: Bucket): boolean {
    const runs = b.runs;
    while (b.head < runs.length && runs[b.head] === CANCELLED) {
      runs[b.head++] = NOOP;
      this.blanks -= 1;
    }
    return b.head < runs.length;
  }

  /** Sift up: the new time moves into the hole its larger parents leave (no swaps). */
  private pushTime(t: number): void {
    const h = this.times;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (p <= t) break;
      h[i] = p;
      i = parent;
    }
    h[i] = t;
  }

  /** Remove the least time: the last one sifts down from the root through a hole. */
  private popTime(): void {
    const h = this.times;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && h[r]! < h[l]! ? r : l;
      const child = h[m]!;
      if (child >= last) break;
      h[i] = child;
      i = m;
    }
    h[i] = last;
  }
}

/** What a run slot holds once its event ran (the closure can be collected). */
const NOOP = (): void => {};
/** What a run slot holds once its event is cancelled, until it is passed over. */
const CANCELLED = (): void => {};
