import { raftVariant } from './variant.ts';

/**
 * raft-bugs.md #14 commit-index-regression: the follower sets `commitIndex = min(leaderCommit,
 * index of last new entry)` without keeping the larger of that and its own (PySyncObj#166). A
 * new leader that has not learnt the last commit yet, or a late AppendEntries, moves the
 * follower's commit index back, below what it already applied.
 */
export const commitIndexRegression = raftVariant({
  followerCommit: (s, index) => {
    s.commitIndex = index; // BUG: should never decrease (advanceCommit)
  },
});
