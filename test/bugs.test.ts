import test from 'ava';
import { CATCHES, UNCAUGHT, type Catch } from '../scenarios/bugs/catches.ts';
import { findBug, knownBugs } from '../scenarios/bugs/index.ts';
import { bugs } from '../scenarios/bugs/raft/index.ts';
import { findScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner.ts';
import { failureSignature } from '../sim/shrink.ts';
import { runSchedule, type Schedule } from './helpers/fault-schedule.ts';

/**
 * The harness catches every known-bad variant it can (scenarios/bugs/, ids and numbers from
 * raft-bugs.md) on the runs of one table, scenarios/bugs/catches.ts: each row's variant fails
 * with the row's check, and the correct code passes the very same run. Course rows were found
 * by bench/zoo-search.ts over every course family (docs/bug-zoo.md says which seeds); paper
 * rows are deterministic schedules (test/paper-scenarios.test.ts runs them on 20 seeds). The
 * variants no run catches are listed, with the reason, in UNCAUGHT.
 */
const run = (c: Pick<Catch, 'scenario' | 'seed'>, bug: string | null): string | null => {
  const scenario = findScenario(c.scenario);
  if (scenario === undefined) throw new Error(`no scenario ${c.scenario}`);
  const known = bug === null ? undefined : findBug(bug);
  if (bug !== null && known === undefined) throw new Error(`no known-bad variant ${bug}`);
  const f = runScenario(scenario, c.seed, known?.run ?? {}).failure;
  return f === null ? null : failureSignature(f);
};

test('every known-bad variant has a catching run, or says in UNCAUGHT why none exists', (t) => {
  const caught = new Set(CATCHES.map((c) => c.bug));
  const ids = new Set(knownBugs.map((b) => b.id));
  t.deepEqual(knownBugs.filter((b) => !caught.has(b.id) && UNCAUGHT[b.id] === undefined)
    .map((b) => b.id), []);
  t.deepEqual(Object.keys(UNCAUGHT).filter((id) => caught.has(id) || !ids.has(id)), []);
  t.deepEqual(CATCHES.filter((c) => !ids.has(c.bug)).map((c) => c.bug), []);
});

for (const c of CATCHES) {
  test(`${c.bug}: caught by ${c.scenario} seed ${c.seed} (${c.check})`, (t) => {
    t.is(run(c, c.bug), c.check);
  });
}

const runs = new Map(CATCHES.map((c) => [`${c.scenario} seed ${c.seed}`, c] as const));
for (const [label, c] of runs) {
  test(`the correct code passes ${label}`, (t) => {
    t.is(run(c, null), null);
  });
}

/**
 * The fault-schedule property's runs (test/safety-property.test.ts) catch a variant too: here,
 * elect a leader (3 servers, seed 0), then crash every server before any command. A voter that
 * saves neither its vote nor its term forgets both, and term 1 would get a second leader; the
 * variable-level invariants see it first, when a vote leaves before its term was saved.
 */
const crashAllAfterElection: Schedule = { seed: 0, servers: 3, actions: [
  { kind: 'sleep', ms: 418 },
  { kind: 'crash', node: 0 }, { kind: 'crash', node: 1 }, { kind: 'crash', node: 2 },
] };

test('vote-and-term-not-persisted: caught by the schedule "elect, then crash all three" ' +
  '(safety: Persist Before Send); the correct RaftNode passes it', (t) => {
  const bad = runSchedule(crashAllAfterElection,
    bugs.find((b) => b.id === 'vote-and-term-not-persisted')!.factory);
  t.false(bad.ok);
  if (!bad.ok) t.is(`${bad.failure.kind}: ${bad.failure.check}`, 'safety: Persist Before Send');
  const good = runSchedule(crashAllAfterElection);
  t.true(good.ok, good.ok ? '' : good.failure.message);
});
