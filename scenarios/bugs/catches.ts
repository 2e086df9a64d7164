/**
 * Which (scenario, seed) catches each known-bad variant, and with which check: one table for
 * the tests that pin them, the shrink table (docs/shrinking.md) and the bug zoo (docs/bug-zoo.md).
 * `course` rows are course scenarios (found by searching seeds); `paper` rows are the
 * deterministic schedules of scenarios/paper/ that catch a variant on every seed.
 * A change to scheduling moves course rows: search again (never loosen a row).
 */
export interface Catch {
  readonly bug: string;
  readonly scenario: string;
  readonly seed: number;
  /** `kind: check` of the failure (RunFailure). */
  readonly check: string;
  readonly source: 'course' | 'paper';
}

const course = (bug: string, scenario: string, seed: number, check: string): Catch =>
  ({ bug, scenario, seed, check, source: 'course' });
const paper = (bug: string, scenario: string, check: string): Catch =>
  ({ bug, scenario, seed: 1, check, source: 'paper' });

export const CATCHES: readonly Catch[] = [
  paper('vote-not-persisted', 'paper/VoteNotPersisted', 'safety: Election Safety'),
  paper('vote-and-term-not-persisted', 'paper/VoteNotPersisted', 'safety: Election Safety'),
  course('commit-prior-term-by-count', 'Figure8Unreliable3C', 18, 'safety: Leader Completeness'),
  paper('commit-prior-term-by-count', 'paper/Figure8', 'safety: Leader Completeness'),
  course('truncate-on-any-append', 'UnreliableChurn3C', 1, 'safety: Durability'),
  paper('truncate-on-any-append', 'paper/OutOfOrderAppend', 'safety: Durability'),
  course('install-stale-snapshot', 'SnapshotInit3D', 147, 'check: applier'),
  course('uptodate-check-wrong', 'Rejoin3B', 1, 'safety: Leader Completeness'),
  course('accept-stale-term-appendentries', 'Rejoin3B', 1, 'assertion: assertion'),
  paper('ignore-higher-term-in-reply', 'paper/TermNotUpdatedOnReplies', 'check: step down'),
  course('quorum-miscount', 'LeaderFailure3B', 1, 'safety: State Machine Safety'),
  course('no-dedup', 'kv2024/Unreliable4A', 1, 'check: get wrong value'),
  paper('no-dedup', 'paper/DuplicateAppend', 'check: exactly once'),
  paper('dedup-not-in-snapshot', 'paper/SnapshotWithoutDedup', 'check: exactly once'),
  course('read-from-local-state', 'kv2024/OnePartition4A', 1, 'check: no progress in minority'),
  paper('read-from-local-state', 'paper/StaleRead', 'check: stale read'),
  course('reply-before-apply', 'Basic4B', 1, 'check: CheckPutConcurrent'),
];
