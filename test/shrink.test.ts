import test from 'ava';
import fc from 'fast-check';
import type { RecordedDecision } from '../sim/recorder.ts';
import type { RunFailure, RunResult } from '../sim/runner.ts';
import type { Schedule } from '../sim/schedule.ts';
import { failureSignature, shrinkDecisions } from '../sim/shrink.ts';
import { assertProperty } from './helpers/property.ts';

/**
 * The shrink engine (sim/shrink.ts) against a model whose failing condition is known: the run
 * "fails" iff some required decisions are present with values at least some thresholds. The
 * engine must find exactly the required set, with the threshold values, and call it 1-minimal.
 */

function decision(i: number, value: number): RecordedDecision {
  return {
    stream: `s${i % 3}`, site: 'site', at: i, nth: 0, ordinal: i, ms: i, bound: 100, drawn: value,
    value,
    event: i, label: `d${i}`, fault: null,
  };
}

const FAILURE: RunFailure = { kind: 'safety', check: 'X', message: 'm', atMs: 1, event: 1 };

function result(failed: boolean): RunResult {
  return {
    scenario: 'model', seed: 0, ok: !failed, simMs: 0, rpcs: 0, bytes: 0, events: 0,
    traceHash: '', failure: failed ? FAILURE : null, histories: [], recording: null,
  };
}

/**
 * A run that fails iff every required (index -> min value) decision is listed with >= value,
 * the decisions named by moment (each decision's own `at`): the shrinks below say `keying: 'time'`.
 */
function modelRun(recorded: readonly RecordedDecision[], required: ReadonlyMap<number, number>):
  (s: Schedule) => RunResult {
  return (s) => {
    const listed = new Map(s.decisions.map((d) => [d.at, d.value]));
    const failed = [...required].every(([i, min]) => (listed.get(recorded[i]!.at) ?? 0) >= min);
    return result(failed);
  };
}

test('the shrink finds exactly the required decisions at their least values, 1-minimal', (t) => {
  assertProperty(t, fc.property(
    fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 60 }),
    fc.array(fc.nat(), { maxLength: 6 }),
    (values, picks) => {
      const recorded = values.map((v, i) => decision(i, v));
      const required = new Map(picks.map((p) => {
        const i = p % recorded.length;
        return [i, 1 + (p % recorded[i]!.value)] as const;
      }));
      const out = shrinkDecisions(recorded, {}, failureSignature(FAILURE),
        { maxRuns: 100_000, keying: 'time', run: modelRun(recorded, required) });
      const got = new Map(out.schedule.decisions.map((d) => [d.at, d.value]));
      const want = new Map([...required].map(([i, v]) => [recorded[i]!.at, v]));
      t.deepEqual([...got].sort((a, b) => a[0] - b[0]), [...want].sort((a, b) => a[0] - b[0]));
      t.is(out.minimality.kind, '1-minimal');
    }), { numRuns: 100 });
});

test('the shrink drops decisions in one pass: about one run per decision', (t) => {
  const recorded = Array.from({ length: 500 }, (_, i) => decision(i, 1));
  const required = new Map([[17, 1], [250, 1], [499, 1]]);
  const out = shrinkDecisions(recorded, {}, failureSignature(FAILURE),
    { maxRuns: 100_000, keying: 'time', run: modelRun(recorded, required) });
  t.is(out.schedule.size, 3);
  t.true(out.runs <= 2 * recorded.length, `${out.runs} runs`);
});

test('the run budget is respected, and a cut shrink says it is not verified minimal', (t) => {
  const recorded = Array.from({ length: 200 }, (_, i) => decision(i, 5));
  const out = shrinkDecisions(recorded, {}, failureSignature(FAILURE),
    { maxRuns: 50, keying: 'time', run: modelRun(recorded, new Map([[3, 2]])) });
  t.is(out.runs, 50);
  t.is(out.minimality.kind, 'budget');
  t.true(out.schedule.size < recorded.length);
});

test('a candidate counts only with the same failure: kind, check, assertion message', (t) => {
  const f = (kind: RunFailure['kind'], check: string, message: string): string =>
    failureSignature({ kind, check, message, atMs: 0, event: 0 });
  t.is(f('safety', 'Election Safety', 'two leaders'), f('safety', 'Election Safety', 'other'));
  t.not(f('safety', 'Election Safety', 'a'), f('safety', 'Leader Completeness', 'a'));
  t.not(f('check', 'one', 'a'), f('safety', 'one', 'a'));
  t.is(f('assertion', 'assertion', 'raft: x {"a":1}'),
    f('assertion', 'assertion', 'raft: x {"b":2}'));
  t.not(f('assertion', 'assertion', 'raft: x'), f('assertion', 'assertion', 'raft: y'));
});

test('a caller may count several failures as one (classOf): the shrink then goes across them',
  (t) => {
    // Decision 5 makes the run fail; with decision 2 it fails with check A, without it with B.
    const recorded = Array.from({ length: 10 }, (_, i) => decision(i, 3));
    const run = (s: Schedule): RunResult => {
      const at = new Set(s.decisions.map((d) => d.at));
      if (!at.has(5)) return result(false);
      const check = at.has(2) ? 'A' : 'B';
      return { ...result(true), failure: { ...FAILURE, check } };
    };
    const target = failureSignature({ ...FAILURE, check: 'A' });
    const kept = (classOf?: (s: string) => string): number[] => shrinkDecisions(recorded, {},
      target, { maxRuns: 1000, keying: 'time', run, classOf }).schedule.decisions
      .map((d) => d.at).sort((a, b) => a - b);
    t.deepEqual(kept(), [2, 5]);
    t.deepEqual(kept((s) => s.replace(/ [AB]$/, ' A or B')), [5]);
  });
