import { kvVariant } from './variant.ts';

/**
 * raft-bugs.md #22 restart-reapplies-over-snapshot: on restart the server restores its state
 * from the snapshot but starts lastApplied at 0 instead of the snapshot's index, as if every
 * entry were still to be applied on top of it (braft#121, shaj13/raft#27). Here the log holds
 * nothing below the snapshot, so Raft cannot hand those entries over again: the RSM's own check
 * that commands arrive in log order fails at the first command after a restart from a snapshot.
 */
export const restartReappliesOverSnapshot = kvVariant(() => ({
  rsmRules: { appliedThrough: () => 0 }, // BUG: should be the snapshot's index
}));
