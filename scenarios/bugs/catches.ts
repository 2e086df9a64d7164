/**
 * Which (scenario, seed) catches each known-bad variant, and with which check: one table for
 * the tests that pin them (test/bugs.test.ts), the shrink table (docs/shrinking.md) and the bug
 * zoo (docs/bug-zoo.md). `course` rows are course scenarios, found by searching seeds with
 * bench/zoo-search.ts (the variant fails, the real code passes the same run); `paper` rows are
 * the deterministic schedules of scenarios/paper/ that catch a variant on every seed. A
 * variant's first row is the one test/shrink-zoo.test.ts shrinks: its paper row comes first
 * where its course rows are long KV runs (a shrink of 60 runs of them takes minutes), and for
 * #1 and #7, whose course rows came later (the variable-level invariants made them) than the
 * shrink table of docs/shrinking.md, which shrinks their paper rows.
 * A change to scheduling moves course rows: search again (never loosen a row).
 */
export interface Catch {
  readonly bug: string;
  readonly scenario: string;
  readonly seed: number;
  /** The failure's signature (sim/shrink.ts failureSignature): `kind: check`, or for an
   * assertion `assertion: ` and its text. */
  readonly check: string;
  readonly source: 'course' | 'paper';
}

const course = (bug: string, scenario: string, seed: number, check: string): Catch =>
  ({ bug, scenario, seed, check, source: 'course' });
const paper = (bug: string, scenario: string, check: string): Catch =>
  ({ bug, scenario, seed: 1, check, source: 'paper' });

const LEADER_COMPLETENESS = 'safety: Leader Completeness';

export const CATCHES: readonly Catch[] = [
  paper('vote-not-persisted', 'paper/VoteNotPersisted', 'safety: Election Safety'),
  course('vote-not-persisted', 'ManyElections3A', 1, 'safety: Persist Before Send'),
  course('vote-not-persisted', 'Persist13C', 1, 'safety: Persist Before Send'),
  paper('vote-and-term-not-persisted', 'paper/VoteNotPersisted', 'safety: Election Safety'),
  course('vote-and-term-not-persisted', 'kv2024/PersistPartitionUnreliable4A', 2,
    'safety: Persist Before Send'),
  course('uptodate-check-wrong', 'Rejoin3B', 1, 'safety: Vote Rule'),
  course('uptodate-check-wrong', 'Backup3B', 1, 'safety: Vote Rule'),
  course('accept-stale-term-appendentries', 'Rejoin3B', 1, 'safety: Timer Discipline'),
  course('accept-stale-term-appendentries', 'Backup3B', 1, 'safety: Known Leader'),
  paper('ignore-higher-term-in-reply', 'paper/TermNotUpdatedOnReplies', 'check: step down'),
  course('ignore-higher-term-in-reply', 'ReElection3A', 1, 'safety: Term Adoption'),
  course('ignore-higher-term-in-reply', 'ManyElections3A', 1, 'safety: Term Adoption'),
  course('rpc-sent-with-new-term', 'ReElection3A', 1, 'safety: Known Leader'),
  course('rpc-sent-with-new-term', 'ManyElections3A', 1,
    'assertion: raft: two leaders in one term'),
  course('election-timer-reset-wrong', 'ReElection3A', 1, 'safety: Timer Discipline'),
  course('election-timer-reset-wrong', 'ManyElections3A', 1, 'safety: Timer Discipline'),
  course('commit-prior-term-by-count', 'Figure8Unreliable3C', 18, 'safety: Current Term Commit'),
  course('commit-prior-term-by-count', 'Figure8Unreliable3C', 113, 'safety: Current Term Commit'),
  course('commit-prior-term-by-count', 'kv2024/ManyPartitionsOneClient4A', 2,
    'safety: Current Term Commit'),
  paper('commit-prior-term-by-count', 'paper/Figure8', LEADER_COMPLETENESS),
  course('truncate-on-any-append', 'UnreliableChurn3C', 1, 'safety: Match Prefix'),
  course('truncate-on-any-append', 'Figure8Unreliable3C', 3, 'safety: Match Prefix'),
  course('truncate-on-any-append', 'UnreliableAgree3C', 1, 'safety: Match Prefix'),
  paper('truncate-on-any-append', 'paper/OutOfOrderAppend', 'safety: Durability'),
  course('commit-index-regression', 'ConcurrentStarts3B', 1,
    'assertion: raft: lastApplied > commitIndex'),
  course('commit-index-regression', 'Count3B', 1, 'assertion: raft: lastApplied > commitIndex'),
  course('stale-reply-regresses-progress', 'ConcurrentStarts3B', 1, 'safety: Match Monotonicity'),
  course('stale-reply-regresses-progress', 'Backup3B', 1, 'safety: Match Monotonicity'),
  course('quorum-miscount', 'LeaderFailure3B', 1, 'safety: State Machine Safety'),
  course('quorum-miscount', 'FailNoAgree3B', 1, 'check: checkNoAgreement'),
  course('quorum-miscount', 'FollowerFailure3B', 1, 'check: checkNoAgreement'),
  course('ack-before-durable', 'Persist13C', 1, 'safety: Durability'),
  course('ack-before-durable', 'Persist23C', 1, 'safety: Durability'),
  course('snapshot-state-nonatomic-persist', 'SnapshotInstallUnCrash3D', 1,
    'safety: Persist Before Send'),
  course('snapshot-state-nonatomic-persist', 'raft2024/SnapshotInstallUnCrash3D', 1,
    'safety: Persist Before Send'),
  course('restart-reapplies-over-snapshot', 'SnapshotRecover4C', 1,
    'assertion: rsm: apply out of order'),
  course('installsnapshot-truncates-longer-log', 'SnapshotBasic3D', 1, 'safety: Match Prefix'),
  course('installsnapshot-truncates-longer-log', 'raft2024/SnapshotBasic3D', 1,
    'safety: Match Prefix'),
  course('install-stale-snapshot', 'SnapshotInit3D', 147, 'check: applier'),
  course('install-stale-snapshot', 'SnapshotInstallUnreliable3D', 1, 'check: applier'),
  course('reply-before-apply', 'Basic4B', 1, 'check: CheckPutConcurrent'),
  course('reply-before-apply', 'Concurrent4B', 1, 'check: CheckPutConcurrent'),
  course('read-from-local-state', 'kv2024/OnePartition4A', 1, 'check: no progress in minority'),
  course('read-from-local-state', 'OnePartition4B', 1, 'check: no progress in minority'),
  course('read-from-local-state', 'kv2024/PersistOneClient4A', 1, 'check: checkClntAppends'),
  course('read-from-local-state', 'kv2024/PersistPartitionUnreliableLinearizable4A', 1,
    'check: linearizability'),
  paper('read-from-local-state', 'paper/StaleRead', 'check: stale read'),
  course('no-dedup', 'kv2024/Unreliable4A', 1, 'check: get wrong value'),
  course('no-dedup', 'kv2024/UnreliableOneKey4A', 1, 'check: checkConcurrentAppends'),
  course('no-dedup', 'kv2024/PersistPartitionUnreliableLinearizable4A', 1,
    'check: linearizability'),
  paper('no-dedup', 'paper/DuplicateAppend', 'check: exactly once'),
  paper('dedup-not-in-snapshot', 'paper/SnapshotWithoutDedup', 'check: exactly once'),
  course('dedup-not-in-snapshot', 'kv2024/SnapshotUnreliableRecover4B', 1,
    'check: checkClntAppends'),
  course('dedup-not-in-snapshot', 'kv2024/SnapshotUnreliableRecoverConcurrentPartition4B', 1,
    'check: get wrong value'),
  course('clerk-indeterminate-as-failure', 'Unreliable4B', 1, 'check: CheckPutConcurrent'),
  course('clerk-indeterminate-as-failure', 'OnePartition4B', 1, 'check: linearizability'),
  course('waiter-hangs-on-lost-leadership', 'PersistPartition4B', 1, 'limit: time limit'),
  course('waiter-hangs-on-lost-leadership', 'PersistPartitionUnreliableLinearizable4B', 1,
    'limit: time limit'),
];

/**
 * The variants that no row above catches, and why: no course run in the seeds searched
 * (docs/bug-zoo.md says which), and no paper/ schedule: the course's runs lack the fault
 * (duplicated delivery).
 */
export const UNCAUGHT: Readonly<Record<string, string>> = {
  'vote-count-duplicates': 'the course\'s network never delivers a message twice, so every ' +
    'grant counts once (an equivalent mutant there); explore, whose network duplicates ' +
    'messages, catches it (docs/bug-zoo.md)',
};
