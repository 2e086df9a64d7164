import test from 'ava';
import { Dispatcher } from '../cli/run-jobs.ts';
import { allScenarios } from '../scenarios/index.ts';

/**
 * `run --workers`'s hand-out order (cli/run-jobs.ts): every job once; untimed in order; then
 * the longest, at most a seed ahead.
 */
const scenarios = allScenarios.slice(0, 4);

test('dispatcher: hands out every job exactly once', (t) => {
  const d = new Dispatcher({ scenarios, seeds: { first: 1, last: 3 } });
  const got: number[] = [];
  for (let i = d.take(); i !== undefined; i = d.take()) {
    got.push(i);
    d.done(i, (i % 4) * 10 + 1);
  }
  t.deepEqual([...got].sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
});

test('dispatcher: untimed scenarios in job order, then the longest-running first', (t) => {
  const d = new Dispatcher({ scenarios, seeds: { first: 7, last: 9 } });
  const first = [d.take(), d.take(), d.take(), d.take()];
  t.deepEqual(first, [0, 1, 2, 3]);
  // Scenario 2 took longest, then 0, then 3; 1 is still running (untimed: goes first).
  d.done(2, 50);
  d.done(0, 20);
  d.done(3, 5);
  t.is(d.take(), 5); // scenario 1 at the second seed: untimed
  d.done(1, 1);
  t.deepEqual([d.take(), d.take(), d.take()], [6, 10, 4]);
  t.deepEqual([d.take(), d.take(), d.take(), d.take(), d.take()], [8, 7, 11, 9, undefined]);
});

test('dispatcher: never more than one seed ahead of the lowest seed not handed out', (t) => {
  const d = new Dispatcher({ scenarios, seeds: { first: 1, last: 50 } });
  const handed = scenarios.map(() => 0);
  for (let i = d.take(); i !== undefined; i = d.take()) {
    const j = i % 4;
    t.is(Math.floor(i / 4), handed[j], 'each scenario\'s seeds go in order');
    handed[j]! += 1;
    t.true(Math.max(...handed) - Math.min(...handed) <= 2, `${handed}`);
    // Scenario 3 is by far the longest: it goes first whenever it may.
    d.done(i, j === 3 ? 100 : j);
  }
  t.deepEqual(handed, [50, 50, 50, 50]);
});
