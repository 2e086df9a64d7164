import { kvVariant } from './variant.ts';

/**
 * raft-bugs.md #37 waiter-hangs-on-lost-leadership: a Submit waits only for its index to be
 * applied, and is never told ErrWrongLeader when the node's term moves on. If the ex-leader's
 * entry at that index is never replaced and applied (the new leader's log stays shorter), the
 * clerk's RPC hangs forever (a liveness bug); if the node leads again, its next Submit finds the
 * old waiter still at that index.
 */
export const waiterHangsOnLostLeadership = kvVariant(() => ({
  rsmRules: { abandonsWait: () => false }, // BUG: should be waiterTerm < status.term
}));
