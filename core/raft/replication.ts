import type { RaftNode } from './node.ts';
import type { AppendEntriesReply, InstallSnapshotReply, NodeId } from './types.ts';

/**
 * Leader side of log replication (Raft §5.3, §7). Entries are sent as soon as they are proposed;
 * heartbeats (every heartbeatMs) retransmit to followers that are probing or behind.
 */
export function sendAppend(node: RaftNode, to: NodeId, heartbeat: boolean): void {
  const pr = node.progress.get(to)!;
  if (pr.paused && !heartbeat) return;
  const log = node.log;
  if (pr.next <= log.snapshotIndex) {
    node.send({
      type: 'InstallSnapshot', from: node.config.id, to, term: node.term,
      lastIncludedIndex: log.snapshotIndex, lastIncludedTerm: log.snapshotTerm,
      data: node.snapshotData,
    });
    pr.snapshotSent();
    return;
  }
  const prevLogIndex = pr.next - 1;
  const entries = log.slice(pr.next, log.lastIndex(), node.config.maxEntriesPerAppend);
  if (entries.length === 0 && !heartbeat) return;
  node.send({
    type: 'AppendEntries', from: node.config.id, to, term: node.term, prevLogIndex,
    prevLogTerm: log.termAt(prevLogIndex)!, entries, leaderCommit: node.commitIndex,
  });
  pr.sent(prevLogIndex + entries.length);
}

/** New entries: send them to every follower that is not waiting on a probe or snapshot. */
export function broadcastAppend(node: RaftNode): void {
  for (const to of node.peers()) sendAppend(node, to, false);
}

export function broadcastHeartbeat(node: RaftNode): void {
  for (const to of node.peers()) sendAppend(node, to, true);
}

export function handleAppendReply(node: RaftNode, m: AppendEntriesReply): void {
  if (node.role !== 'leader' || m.term !== node.term) return;
  const pr = node.progress.get(m.from)!;
  if (m.success) {
    pr.acknowledge(m.matchIndex);
    // Followers learn a new commit index with the next message (a heartbeat at the latest).
    node.maybeCommit();
  } else {
    // Stale rejections (reordered or duplicated) are ignored: one at or below the known match,
    // or, while probing, one that does not answer the probe in flight.
    if (m.prevLogIndex <= pr.match) return;
    if (pr.state === 'probe' && m.prevLogIndex !== pr.next - 1) return;
    pr.backUpTo(backupIndex(node, m));
  }
  if (pr.next <= node.log.lastIndex()) sendAppend(node, m.from, false);
}

/** Fast log backup (6.824 "accelerated log backtracking"): skip a whole conflicting term. */
function backupIndex(node: RaftNode, m: AppendEntriesReply): number {
  let next = m.conflictIndex;
  if (m.conflictTerm > 0) {
    const last = node.log.lastIndexOfTerm(m.conflictTerm);
    if (last > 0) next = last + 1;
  }
  // Always move back: never beyond the index that was just rejected.
  return Math.max(1, Math.min(next, m.prevLogIndex));
}

export function handleSnapshotReply(node: RaftNode, m: InstallSnapshotReply): void {
  if (node.role !== 'leader' || m.term !== node.term) return;
  const pr = node.progress.get(m.from)!;
  pr.acknowledge(m.lastIncludedIndex);
  node.maybeCommit();
  if (pr.next <= node.log.lastIndex()) sendAppend(node, m.from, false);
}
