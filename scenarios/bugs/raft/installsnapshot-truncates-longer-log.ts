import { handleOf } from '../../../core/raft/snapshot.ts';
import { raftVariant } from './variant.ts';

/**
 * raft-bugs.md #23 installsnapshot-truncates-longer-log: the InstallSnapshot receiver always
 * discards its whole log (Figure 13 step 7), even when it holds the snapshot's last entry and
 * entries after it (step 6: "retain log entries following it"). A snapshot that arrives after
 * a later AppendEntries cuts off entries the follower acknowledged (etcd PR #1763,
 * camunda#6092). The staleness guard is kept: only a snapshot beyond the commit index installs.
 */
export const installSnapshotTruncatesLongerLog = raftVariant({
  installSnapshot: (s, m) => {
    if (m.lastIncludedIndex <= s.commitIndex) return;
    s.applySnapshot(m.lastIncludedIndex, m.lastIncludedTerm, handleOf(m));
    s.log.resetTo(m.lastIncludedIndex, m.lastIncludedTerm); // BUG: keep a matching suffix
  },
});
