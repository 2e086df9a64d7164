import { raftVariant } from './variant.ts';

/**
 * raft-bugs.md #16 stale-reply-regresses-progress: the leader sets a follower's matchIndex from
 * every acknowledgement, also a reordered older one, so matchIndex goes back (RaftOS#25,
 * PySyncObj#167; etcd's MaybeUpdate guards against it). On its own it delays commits and makes
 * the leader accept stale rejections (resends): a liveness and performance bug that only an
 * invariant on the leader's matchIndex, or a protocol test (test/testdata/stale-ack.txt), shows.
 */
export const staleReplyRegressesProgress = raftVariant({
  matchAfterAck: (_match, acked) => acked, // BUG: should be Math.max(match, acked)
});
