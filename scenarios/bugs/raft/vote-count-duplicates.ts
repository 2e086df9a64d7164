import { raftVariant } from './variant.ts';

/**
 * raft-bugs.md #3 vote-count-duplicates: the candidate counts the grants it receives
 * (`votes++`) instead of the servers that granted, so a duplicated or retransmitted
 * RequestVoteReply counts twice (akka-raft raft-45). With 3 servers the candidate's own vote
 * and one real grant are a majority already, so only N >= 4 can show it.
 *
 * The simulator's network never duplicates a message today, so no course scenario can catch
 * it; test/testdata/vote-count-duplicates.txt duplicates one grant in a 5-node cluster. The
 * core's own check that a new leader holds grants from a quorum of distinct servers fires then.
 */
export const voteCountDuplicates = raftVariant({
  countVoters: (grants) => grants.length, // BUG: should count distinct voters
});
