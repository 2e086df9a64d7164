import test from 'ava';
import { findBug } from '../scenarios/bugs/index.ts';
import { findScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner.ts';
import type { TraceLine } from '../sim/trace.ts';

/**
 * Every trace line carries the number of the event that wrote it, so a failure's "event N" can
 * be found in `replay`'s output; the number is not hashed, so run hashes did not move (the
 * hashes below are the ones the README showed before event numbers existed).
 */
function traced(id: string, seed: number, bug?: string) {
  const lines: TraceLine[] = [];
  const r = runScenario(findScenario(id)!, seed, {
    sink: (l) => { lines.push(l); }, ...(bug === undefined ? {} : findBug(bug)!.run),
  });
  return { r, lines };
}

test("a failure's event number is the number on its FAIL line, and on the lines before it",
  (t) => {
    const { r, lines } = traced('paper/Figure8', 1, 'commit-prior-term-by-count');
    t.false(r.ok);
    const last = lines.at(-1)!;
    t.regex(last.what, /^FAIL Leader Completeness/);
    t.is(last.event, r.failure!.event);
    t.true(lines.filter((l) => l.event === r.failure!.event).length > 1,
      'the event that failed wrote more');
  });

test('event numbers start at 0, never go down, and end at the number of events run', (t) => {
  const { r, lines } = traced('paper/Figure8', 1);
  t.true(r.ok);
  t.is(lines[0]!.event, 0);
  t.true(lines.every((l, i) => i === 0 || l.event >= lines[i - 1]!.event));
  t.true(lines.at(-1)!.event <= r.events);
  t.deepEqual(Object.keys(lines[0]!), ['event', 'time', 'who', 'what']);
});

test('a run without a sink has the same hash as one with (the number is not hashed)', (t) => {
  const plain = runScenario(findScenario('ReElection3A')!, 1);
  t.is(plain.traceHash, traced('ReElection3A', 1).r.traceHash);
});
