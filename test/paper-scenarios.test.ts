import test from 'ava';
import { allScenarios } from '../scenarios/index.ts';
import { checkHistory } from '../scenarios/kv/history-check.ts';
import { paperSuite } from '../scenarios/paper/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { selectScenarios } from '../cli/select.ts';
import { runScenario, type RunOptions } from '../sim/runner.ts';
import { bugs } from '../scenarios/bugs/raft/index.ts';
import { control, KV_BUGS } from '../scenarios/bugs/kv/index.ts';

/**
 * The paper/ family (raft-bugs.md §2 as deterministic schedules): the correct implementation
 * passes every scenario on seeds 1..20, and each scenario's known-bad implementation is caught
 * on every one of those seeds, by the check named in its row (for the KV safety bugs, the
 * recorded history is not linearizable either: the checker alone would catch them too). The
 * schedules force every election with links and crashes (scenarios/paper/stage.ts), so the
 * seed only changes timer draws and terms, never who wins or what each server holds.
 */
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

const raftBug = (id: string): RunOptions => {
  const bug = bugs.find((b) => b.id === id);
  if (bug === undefined) throw new Error(`no Raft fixture ${id}`);
  return { nodeFactory: bug.factory };
};

const kvBug = (name: string): RunOptions => {
  const bug = KV_BUGS.find((b) => b.name === name);
  if (bug === undefined) throw new Error(`no KV fixture ${name}`);
  return { kvServiceFactory: bug.factory };
};

interface Catch {
  readonly id: string;
  readonly bug: string;
  readonly opts: RunOptions;
  /** The check that must fire on every seed. */
  readonly want: string;
  /** The recorded client history is also not linearizable (the KV safety bugs). */
  readonly illegalHistory: boolean;
}

const caughtBy: readonly Catch[] = [
  { id: 'paper/Figure8', bug: 'commit-prior-term-by-count',
    opts: raftBug('commit-prior-term-by-count'), want: 'safety: Leader Completeness',
    illegalHistory: false },
  { id: 'paper/VoteNotPersisted', bug: 'vote-not-persisted', opts: raftBug('vote-not-persisted'),
    want: 'safety: Election Safety', illegalHistory: false },
  { id: 'paper/VoteNotPersisted', bug: 'vote-and-term-not-persisted',
    opts: raftBug('vote-and-term-not-persisted'), want: 'safety: Election Safety',
    illegalHistory: false },
  { id: 'paper/TermNotUpdatedOnReplies', bug: 'ignore-higher-term-in-reply',
    opts: raftBug('ignore-higher-term-in-reply'), want: 'check: step down',
    illegalHistory: false },
  { id: 'paper/StaleRead', bug: 'read-from-local-state', opts: kvBug('read-from-local-state'),
    want: 'check: stale read', illegalHistory: true },
  { id: 'paper/DuplicateAppend', bug: 'no-dedup', opts: kvBug('no-dedup'),
    want: 'check: exactly once', illegalHistory: true },
  { id: 'paper/SnapshotWithoutDedup', bug: 'dedup-not-in-snapshot',
    opts: kvBug('dedup-not-in-snapshot'), want: 'check: exactly once', illegalHistory: true },
  { id: 'paper/OutOfOrderAppend', bug: 'truncate-on-any-append',
    opts: raftBug('truncate-on-any-append'), want: 'safety: Durability', illegalHistory: false },
];

const KV_SCENARIOS = ['paper/StaleRead', 'paper/TermNotUpdatedOnReplies',
  'paper/DuplicateAppend', 'paper/SnapshotWithoutDedup'];

function scenario(id: string): Scenario {
  const s = paperSuite.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no scenario ${id}`);
  return s;
}

/** The failures over SEEDS, as `seed: kind: check`, or [] if every seed passed. */
function failures(s: Scenario, opts: RunOptions = {}): string[] {
  return SEEDS.flatMap((seed) => {
    const f = runScenario(s, seed, opts).failure;
    return f === null ? [] : [`${seed}: ${f.kind}: ${f.check}: ${f.message}`];
  });
}

test('paper: ids, titles, sources; last in allScenarios; \'paper/*\' selects them', (t) => {
  t.deepEqual(paperSuite.map((s) => s.id), ['paper/Figure8', 'paper/VoteNotPersisted',
    'paper/StaleRead', 'paper/TermNotUpdatedOnReplies', 'paper/DuplicateAppend',
    'paper/SnapshotWithoutDedup', 'paper/OutOfOrderAppend']);
  for (const s of paperSuite) {
    t.regex(s.title, /^Paper: /);
    t.regex(s.source, /raft-bugs\.md §2\.\d/);
  }
  t.deepEqual(allScenarios.slice(-paperSuite.length), [...paperSuite]);
  t.deepEqual(selectScenarios(['paper/*']), [...paperSuite]);
  t.false(selectScenarios(['*']).some((s) => s.id.startsWith('paper/')));
});

for (const s of paperSuite) {
  test(`${s.id} passes with the correct implementation on seeds 1..20`, (t) => {
    t.deepEqual(failures(s), []);
  });
}

for (const id of KV_SCENARIOS) {
  test(`${id} passes with the fixtures' bug-free KV service on seeds 1..20`, (t) => {
    t.deepEqual(failures(scenario(id), { kvServiceFactory: control }), []);
  });
}

for (const { id, bug, opts, want, illegalHistory } of caughtBy) {
  const also = illegalHistory ? '; the history is not linearizable' : '';
  test(`${id} catches ${bug} on seeds 1..20 (${want}${also})`, (t) => {
    const got = SEEDS.map((seed) => {
      const r = runScenario(scenario(id), seed, opts);
      if (r.failure === null) return 'passed';
      const verdict = illegalHistory ? checkHistory(r.histories[0]!).result.verdict : 'illegal';
      return `${r.failure.kind}: ${r.failure.check}${verdict === 'illegal' ? '' : ` (${verdict})`}`;
    });
    t.log(`caught on ${got.filter((g) => g !== 'passed').length}/${SEEDS.length} seeds`);
    t.deepEqual(got, SEEDS.map(() => want));
  });
}

test('paper/OutOfOrderAppend: the late AE1 leaves acknowledged e2 (index 2) on s0 alone', (t) => {
  const opts = raftBug('truncate-on-any-append');
  const messages = new Set(SEEDS.map((seed) =>
    runScenario(scenario('paper/OutOfOrderAppend'), seed, opts).failure?.message));
  t.deepEqual([...messages].map((m) => m?.replace(/term \d+/, 'term T')),
    ['committed entry 2 (term T) is persisted on only 1 of 3 servers']);
});
