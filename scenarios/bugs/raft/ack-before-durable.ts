import { raftVariant } from './variant.ts';

/**
 * raft-bugs.md #19 ack-before-durable: the follower acknowledges AppendEntries before its new
 * entries are on stable storage (Figure 2: persistent state is "updated on stable storage before
 * responding to RPCs"; etcd#14370). Nothing an AppendEntries changes is marked for saving here:
 * the entries reach the disk only with the next save made for another reason, so a follower
 * that crashes after its acknowledgement comes back without entries the leader counted.
 */
export const ackBeforeDurable = raftVariant({
  // BUG: the AppendEntries path never persists.
  persistsStep: (input) => input.type !== 'message' || input.message.type !== 'AppendEntries',
});
