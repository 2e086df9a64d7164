import { raftVariant } from './variant.ts';

/**
 * raft-bugs.md #9 election-timer-reset-wrong: a follower or candidate restarts its election
 * timer on every RequestVote it receives, granted or not, and on every AppendEntries or
 * InstallSnapshot, even one from an older term it refuses. Servers that cannot win (stale logs)
 * keep resetting the timers of those that could, so elections take longer, or never end
 * (Students' Guide, "Livelocks"). A liveness bug: no safety check can see it.
 */
export const electionTimerResetWrong = raftVariant({
  resetsElectionTimer: (role) => role !== 'leader', // BUG: should be `accepted`
});
