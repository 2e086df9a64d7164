import test from 'ava';
import { findScenario } from '../scenarios/index.ts';
import type { NodeFactory } from '../sim/raft-host.ts';
import { runScenario } from '../sim/runner.ts';
import { bugs } from '../scenarios/bugs/raft/index.ts';
import type { Caught } from './helpers/failures.ts';
import { runSchedule, type Schedule } from './helpers/fault-schedule.ts';

/**
 * The harness catches every known-bad Raft (style practice 12; scenarios/bugs/raft, ids from
 * raft-bugs.md), each on a few fixed runs found by searching seeds 1..200 of all 28 scenarios
 * and by the fault-schedule property (test/safety-property.test.ts); the correct RaftNode passes
 * the very same runs. Each row names the check that fires. Rows re-pinned when the network
 * began to deliver concurrent messages in a seeded order (issue 12), by searching seeds 1..200
 * of the row's scenario for the same check: commit-prior-term-by-count on Figure8Unreliable3C
 * (seeds 18, 113, 129, 133, 198; 157 fires State Machine Safety), truncate-on-any-append there
 * (3, 14, ...), install-stale-snapshot on SnapshotInit3D (147, 152, 175 of 200: rarer than
 * before) and SnapshotInstallUnreliable3D (177 of 200).
 *
 * Not here, because no course scenario nor random fault schedule caught them:
 * - vote-not-persisted (only the vote, not the adopted term, is left unsaved): no course
 *   scenario in 200 seeds, nor 3000 fault schedules; the vote is lost only in a narrow window.
 *   The deterministic paper/VoteNotPersisted schedule catches it on every seed
 *   (test/paper-scenarios.test.ts).
 * - ignore-higher-term-in-reply: liveness only, and needs an asymmetric partition, which the
 *   course never makes; paper/TermNotUpdatedOnReplies catches it on every seed.
 * - vote-count-duplicates is not expressible: the network never duplicates a reply.
 */
type Run =
  | { readonly label: string; readonly scenario: string; readonly seed: number }
  | { readonly label: string; readonly schedule: Schedule };

const scenarioRun = (scenario: string, seed: number): Run =>
  ({ label: `${scenario} seed ${seed}`, scenario, seed });

/** Elect a leader (3 servers, seed 0), then crash every server before any command. */
const crashAllAfterElection: Run = {
  label: 'schedule: elect, then crash all three',
  schedule: { seed: 0, servers: 3, actions: [
    { kind: 'sleep', ms: 418 },
    { kind: 'crash', node: 0 }, { kind: 'crash', node: 1 }, { kind: 'crash', node: 2 },
  ] },
};

const table: ReadonlyArray<[string, ReadonlyArray<[Run, string]>]> = [
  ['vote-and-term-not-persisted', [[crashAllAfterElection, 'safety: Election Safety']]],
  ['commit-prior-term-by-count', [
    [scenarioRun('Figure8Unreliable3C', 18), 'safety: Leader Completeness'],
    [scenarioRun('Figure8Unreliable3C', 113), 'safety: Leader Completeness'],
  ]],
  ['truncate-on-any-append', [
    [scenarioRun('UnreliableChurn3C', 1), 'safety: Durability'],
    [scenarioRun('Figure8Unreliable3C', 3), 'safety: Leader Completeness'],
  ]],
  ['install-stale-snapshot', [
    [scenarioRun('SnapshotInit3D', 147), 'check: applier'],
    [scenarioRun('SnapshotInstallUnreliable3D', 1), 'check: applier'],
  ]],
  ['uptodate-check-wrong', [
    [scenarioRun('Rejoin3B', 1), 'safety: Leader Completeness'],
    [scenarioRun('Backup3B', 1), 'safety: Leader Completeness'],
  ]],
  ['accept-stale-term-appendentries', [
    [scenarioRun('Rejoin3B', 1), 'assertion: assertion'],
    [scenarioRun('SnapshotInstall3D', 1), 'assertion: assertion'],
  ]],
  ['quorum-miscount', [
    [scenarioRun('LeaderFailure3B', 1), 'safety: State Machine Safety'],
    [scenarioRun('FailNoAgree3B', 1), 'check: checkNoAgreement'],
  ]],
];

/** The failure of one run, or null if it passed. */
function run(r: Run, nodeFactory?: NodeFactory): Caught | null {
  if ('schedule' in r) {
    const out = runSchedule(r.schedule, nodeFactory);
    return out.ok ? null : out.failure;
  }
  const scenario = findScenario(r.scenario);
  if (scenario === undefined) throw new Error(`no scenario ${r.scenario}`);
  const result = runScenario(scenario, r.seed, nodeFactory === undefined ? {} : { nodeFactory });
  if (result.failure === null) return null;
  const { kind, check, message, atMs } = result.failure;
  return { kind: kind === 'limit' ? 'liveness' : kind, check, message, atMs };
}

const factoryOf = (id: string): NodeFactory => {
  const bug = bugs.find((b) => b.id === id);
  if (bug === undefined) throw new Error(`no fixture ${id}`);
  return bug.factory;
};

for (const [id, rows] of table) {
  for (const [r, want] of rows) {
    test(`${id}: caught by ${r.label} (${want})`, (t) => {
      const caught = run(r, factoryOf(id));
      t.not(caught, null, 'the harness did not catch the bug');
      t.is(`${caught!.kind}: ${caught!.check}`, want, caught!.message);
    });
  }
}

const allRuns = new Map(table.flatMap(([, rows]) => rows.map(([r]) => [r.label, r] as const)));
for (const r of allRuns.values()) {
  test(`the correct RaftNode passes ${r.label}`, (t) => {
    const caught = run(r);
    t.is(caught, null, caught === null ? '' : `${caught.check}: ${caught.message}`);
  });
}
