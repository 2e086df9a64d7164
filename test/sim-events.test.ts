import test from 'ava';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventQueue } from '../sim/events.ts';
import { assertProperty } from './helpers/property.ts';

/** The event queue: runs events by (time, insertion sequence); the clock never goes back. */
test('events: ties on time run in insertion order', (t) => {
  const q = new EventQueue();
  const ran: string[] = [];
  for (const name of ['a', 'b', 'c']) q.schedule(5, () => ran.push(name));
  q.schedule(0, () => ran.push('first'));
  while (q.runNext(Infinity));
  t.deepEqual(ran, ['first', 'a', 'b', 'c']);
  t.is(q.now, 5);
});

test('events: runNext stops at the bound and leaves later events queued', (t) => {
  const q = new EventQueue();
  q.schedule(10, () => {});
  q.schedule(20, () => {});
  t.true(q.runNext(15));
  t.false(q.runNext(15));
  t.is(q.now, 10);
  t.is(q.size, 1);
  t.is(q.nextTime(), 20);
});

test('events: a negative or non-finite delay is refused', (t) => {
  const q = new EventQueue();
  t.throws(() => q.schedule(-1, () => {}), { message: /bad delay/ });
  t.throws(() => q.schedule(Number.NaN, () => {}), { message: /bad delay/ });
  t.throws(() => q.schedule(Infinity, () => {}), { message: /bad delay/ });
});

/**
 * Any program of schedules, including events that schedule more events while running, runs in
 * (time, seq) order, and the clock never decreases.
 */
interface Job {
  readonly delay: number;
  readonly children: readonly number[];
}
const jobs = fc.array(fc.record({
  delay: fc.nat({ max: 30 }),
  children: fc.array(fc.nat({ max: 30 }), { maxLength: 3 }),
}), { minLength: 1, maxLength: 40 });

test('events: any schedule runs sorted by (time, seq), with a monotonic clock', (t) => {
  assertProperty(t, fc.property(jobs, (program: readonly Job[]) => {
    const q = new EventQueue();
    const ran: Array<{ time: number; seq: number; now: number }> = [];
    let seq = 0;
    const add = (delay: number, children: readonly number[]): void => {
      const me = { time: q.now + delay, seq: seq++ };
      q.schedule(delay, () => {
        ran.push({ ...me, now: q.now });
        for (const d of children) add(d, []);
      });
    };
    for (const j of program) add(j.delay, j.children);
    while (q.runNext(Infinity));
    const expected = program.length + program.reduce((a, j) => a + j.children.length, 0);
    assert.equal(ran.length, expected);
    for (let k = 0; k < ran.length; k++) {
      assert.equal(ran[k]!.now, ran[k]!.time, 'an event runs at its own time');
      if (k === 0) continue;
      const [a, b] = [ran[k - 1]!, ran[k]!];
      assert.ok(a.time < b.time || (a.time === b.time && a.seq < b.seq), JSON.stringify([a, b]));
    }
  }), { numRuns: 300 });
});

test('events: a cancelled event does not run, is not counted, and is not the next time', (t) => {
  const q = new EventQueue();
  const ran: string[] = [];
  const a = q.scheduleCancellable(10, () => ran.push('a'));
  q.schedule(10, () => ran.push('b'));
  const c = q.scheduleCancellable(20, () => ran.push('c'));
  q.schedule(30, () => ran.push('d'));
  q.cancel(c);
  q.cancel(c);
  t.is(q.size, 3, 'cancelling twice counts once');
  t.true(q.runNext(Infinity));
  q.cancel(a);
  t.is(q.size, 2, 'cancelling an event that ran does nothing');
  t.true(q.runNext(Infinity));
  t.is(q.nextTime(), 30);
  t.false(q.runNext(25), 'the cancelled event at 20 is not due');
  t.is(q.now, 10);
  while (q.runNext(Infinity));
  t.deepEqual(ran, ['a', 'b', 'd']);
  t.is(q.executed, 3);
  t.is(q.size, 0);
  t.is(q.nextTime(), undefined);
});

/**
 * The queue with cancellation against a model (a list scanned for the least live (time, seq)):
 * any program of schedules (some cancellable, some scheduling more when they run), cancels (of
 * pending, run or cancelled events) and bounded runs gives the same runs, clock, size and next
 * time at every step.
 */
type Op =
  | { readonly kind: 'add'; readonly delay: number; readonly cancellable: boolean;
    readonly children: readonly number[] }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'run'; readonly within: number };
const ops = fc.array(fc.oneof(
  fc.record({ kind: fc.constant('add' as const), delay: fc.nat({ max: 20 }),
    cancellable: fc.boolean(), children: fc.array(fc.nat({ max: 20 }), { maxLength: 2 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('run' as const), within: fc.nat({ max: 25 }) }),
), { minLength: 1, maxLength: 60 });

interface ModelEvent { time: number; seq: number; id: number; live: boolean }

class Model {
  readonly events: ModelEvent[] = [];
  now = 0;

  next(): ModelEvent | undefined {
    let best: ModelEvent | undefined;
    for (const e of this.events) {
      if (!e.live) continue;
      if (best === undefined || e.time < best.time || (e.time === best.time && e.seq < best.seq)) {
        best = e;
      }
    }
    return best;
  }

  get size(): number {
    return this.events.filter((e) => e.live).length;
  }
}

test('events: with cancellation, the same runs as a model of (time, seq) order', (t) => {
  assertProperty(t, fc.property(ops, (program: readonly Op[]) => {
    const q = new EventQueue();
    const m = new Model();
    const handles: Array<{ h: ReturnType<EventQueue['scheduleCancellable']>; e: ModelEvent }> =
      [];
    const ran: number[] = [];
    let ids = 0;
    const add = (delay: number, cancellable: boolean, children: readonly number[]): void => {
      const e: ModelEvent = { time: m.now + delay, seq: m.events.length, id: ids++, live: true };
      m.events.push(e);
      const run = (): void => {
        ran.push(e.id);
        children.forEach((d, k) => add(d, k % 2 === 0, []));
      };
      if (cancellable) handles.push({ h: q.scheduleCancellable(delay, run), e });
      else q.schedule(delay, run);
    };
    for (const op of program) {
      if (op.kind === 'add') add(op.delay, op.cancellable, op.children);
      else if (op.kind === 'cancel' && handles.length > 0) {
        const { h, e } = handles[op.pick % handles.length]!;
        q.cancel(h);
        e.live = false;
      } else if (op.kind === 'run') {
        const until = m.now + op.within;
        const want = m.next();
        const due = want !== undefined && want.time <= until;
        const before = ran.length;
        if (due) {
          // The model's clock moves first: the event's children are scheduled from its time.
          want.live = false;
          m.now = want.time;
        }
        assert.equal(q.runNext(until), due);
        assert.deepEqual(ran.slice(before, before + 1), due ? [want.id] : []);
      }
      assert.equal(q.now, m.now);
      assert.equal(q.size, m.size);
      assert.equal(q.nextTime(), m.next()?.time);
    }
  }), { numRuns: 500 });
});
