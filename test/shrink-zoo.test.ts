import test from 'ava';
import { quietIo } from '../cli/execute.ts';
import { implementationOfBug, REAL } from '../cli/impl.ts';
import { observe, shrinkRun } from '../cli/shrink.ts';
import { CATCHES, UNCAUGHT, type Catch } from '../scenarios/bugs/catches.ts';
import { findBug, knownBugs } from '../scenarios/bugs/index.ts';
import { findScenario } from '../scenarios/index.ts';
import { failureSignature } from '../sim/shrink.ts';

/**
 * Every known-bad variant's shrunk schedule is a real counterexample: shrunk (with a small run
 * budget, so that the suite stays quick; docs/shrinking.md has the full shrinks) at the run
 * that catches it (scenarios/bugs/catches.ts), it still fails with the same check on the
 * variant, and the correct implementation passes the very same schedule.
 */
const MAX_RUNS = 60;

/**
 * One row per variant: its first row in the table (a course row, or a paper row where the
 * course rows are long KV runs that would take minutes to shrink; see catches.ts).
 */
function rowOf(bug: string): Catch | undefined {
  return CATCHES.find((c) => c.bug === bug);
}

test('every known-bad variant has a run that catches it, or is listed as UNCAUGHT', (t) => {
  t.deepEqual(knownBugs.filter((b) => rowOf(b.id) === undefined && UNCAUGHT[b.id] === undefined)
    .map((b) => b.id), []);
});

for (const b of knownBugs) {
  const row = rowOf(b.id);
  if (row === undefined) continue;
  test(`${b.id}: shrunk at ${row.scenario} seed ${row.seed}, it fails the same way; ` +
    'the correct code passes it', (t) => {
    const scenario = findScenario(row.scenario)!;
    const bug = implementationOfBug(findBug(b.id)!);
    const before = observe(scenario, row.seed, bug, null);
    const f = before.result.failure!;
    t.is(failureSignature(f), row.check);
    const out = shrinkRun(scenario, row.seed, bug, before, MAX_RUNS, quietIo());
    t.true(out.schedule.decisions.length <= before.facts.nonBenign);
    const again = observe(scenario, row.seed, bug, out.schedule);
    t.not(again.result.failure, null, 'the shrunk schedule no longer fails');
    t.is(failureSignature(again.result.failure!), failureSignature(f));
    const correct = observe(scenario, row.seed, REAL, out.schedule);
    t.is(correct.result.failure, null, correct.result.failure?.message);
    t.log(`${before.facts.nonBenign} -> ${out.schedule.decisions.length} non-benign decisions ` +
      `in ${out.runs} runs (${out.minimality.kind})`);
  });
}
