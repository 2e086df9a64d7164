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
