import { InstallSnapshotMessage } from './snapshot.ts';
import type { RaftState } from './state.ts';
import type { AppendEntriesReply, InstallSnapshotReply, NodeId, Term } from './types.ts';

/**
 * Leader side of log replication (Raft §5.3, §7). Entries are sent as soon as they are proposed;
 * heartbeats (every heartbeatMs) retransmit to followers that are probing or behind. Whether a
 * reply is stale is decided by the follower's Progress (progress.ts), not here.
 */
export function sendAppend(node: RaftState, to: NodeId, heartbeat: boolean): void {
  const pr = node.progress.get(to)!;
  if (pr.paused && !heartbeat) return;
  const log = node.log;
  if (pr.next <= log.snapshotIndex) {
    node.send(new InstallSnapshotMessage(node.config.id, to, node.term, log.snapshotIndex,
      log.snapshotTerm, node.snapshotData));
    pr.sentSnapshot();
    return;
  }
  const prevLogIndex = pr.next - 1;
  const entries = log.slice(pr.next, log.lastIndex(), node.config.maxEntriesPerAppend);
  if (entries.length === 0 && !heartbeat) return;
  node.send({
    type: 'AppendEntries', from: node.config.id, to, term: node.term, prevLogIndex,
    prevLogTerm: log.termAt(prevLogIndex)!, entries, leaderCommit: node.commitIndex,
  });
  pr.sentEntries(prevLogIndex + entries.length);
}

/** New entries: send them to every follower that is not waiting on a probe or snapshot. */
export function broadcastAppend(node: RaftState): void {
  for (const to of node.peers()) sendAppend(node, to, false);
}

export function broadcastHeartbeat(node: RaftState): void {
  for (const to of node.peers()) sendAppend(node, to, true);
}

export function handleAppendReply(node: RaftState, m: AppendEntriesReply): void {
  if (node.role !== 'leader' || m.term !== node.term) return;
  const pr = node.progress.get(m.from)!;
  if (m.success) {
    // Followers learn a new commit index with the next message (a heartbeat at the latest).
    if (pr.maybeAck(m.matchIndex, node.log.snapshotIndex)) node.maybeCommit();
  } else if (!pr.maybeDecrTo(m.prevLogIndex, backupHint(node, m))) {
    return;
  }
  if (pr.next <= node.log.lastIndex()) sendAppend(node, m.from, false);
}

/** Fast log backup (6.824 "accelerated log backtracking"): skip a whole conflicting term. */
function backupHint(node: RaftState, m: AppendEntriesReply): number {
  if (m.conflictTerm > 0) {
    const last = node.log.lastIndexOfTerm(m.conflictTerm);
    if (last > 0) return last + 1;
  }
  return m.conflictIndex;
}

export function handleSnapshotReply(node: RaftState, m: InstallSnapshotReply): void {
  if (node.role !== 'leader' || m.term !== node.term) return;
  const pr = node.progress.get(m.from)!;
  if (pr.maybeAck(m.lastIncludedIndex, node.log.snapshotIndex)) node.maybeCommit();
  if (pr.next <= node.log.lastIndex()) sendAppend(node, m.from, false);
}

/** The correct commit rule (§5.4.2): only an entry of the leader's own term commits by count. */
export function commitsByCounting(entryTerm: Term | undefined, currentTerm: Term): boolean {
  return entryTerm === currentTerm;
}
