import { assert } from '../assert.ts';
import type { RaftNode } from './node.ts';
import type {
  AppendEntries, AppendEntriesReply, Entry, InstallSnapshot, LogIndex, Term,
} from './types.ts';

/** A valid message from the leader of our term: follow it and restart the election timer. */
function followLeader(node: RaftNode, leader: number): void {
  if (node.role !== 'follower' || node.leader !== leader) node.becomeFollower(node.term, leader);
  assert(node.role === 'follower', 'raft: two leaders in one term', { term: node.term, leader });
  node.resetElectionTimer();
}

function reply(node: RaftNode, m: AppendEntries, fields: Partial<AppendEntriesReply>): void {
  node.send({
    type: 'AppendEntriesReply', from: node.config.id, to: m.from, term: node.term,
    success: false, prevLogIndex: m.prevLogIndex, matchIndex: 0, conflictIndex: 0,
    conflictTerm: 0, ...fields,
  });
}

/** Figure 2 AppendEntries receiver, with the consistency check and fast backup hints. */
export function handleAppendEntries(node: RaftNode, m: AppendEntries): void {
  if (m.term < node.term) return reply(node, m, {});
  followLeader(node, m.from);
  let prev = m.prevLogIndex;
  let entries = m.entries;
  const snap = node.log.snapshotIndex;
  if (prev < snap) {
    // The prefix through our snapshot is committed, so it matches; skip what it covers.
    const skip = Math.min(snap - prev, entries.length);
    entries = entries.slice(skip);
    if (prev + skip < snap) return reply(node, m, { success: true, matchIndex: prev + skip });
    prev = snap;
  } else if (prev > node.log.lastIndex()) {
    return reply(node, m, { conflictIndex: node.log.lastIndex() + 1, conflictTerm: 0 });
  } else {
    const term = node.log.termAt(prev)!;
    if (term !== m.prevLogTerm) {
      const conflictIndex = node.log.firstIndexOfTerm(term, prev);
      return reply(node, m, { conflictIndex, conflictTerm: term });
    }
  }
  appendNew(node, prev, entries);
  const matchIndex = prev + entries.length;
  node.advanceCommit(Math.min(m.leaderCommit, matchIndex));
  reply(node, m, { success: true, matchIndex });
}

/**
 * Append entries following `prev`, truncating only at the first real conflict: an entry already
 * present with the same term is kept, so a delayed or duplicated older AppendEntries never cuts
 * off entries that a newer one appended.
 */
function appendNew(node: RaftNode, prev: LogIndex, entries: readonly Entry[]): void {
  const log = node.log;
  for (let k = 0; k < entries.length; k++) {
    const index = prev + 1 + k;
    if (index <= log.lastIndex() && log.termAt(index) === entries[k]!.term) continue;
    assert(index > node.commitIndex, 'raft: conflict at a committed index',
      { index, commitIndex: node.commitIndex, status: node.status() });
    const rest = entries.slice(k);
    log.truncateAndAppend(index, rest);
    node.noteWrite(index, rest);
    node.markDirty();
    return;
  }
}

/** Raft §7: install the leader's snapshot, unless it is stale (never roll the state back). */
export function handleInstallSnapshot(node: RaftNode, m: InstallSnapshot): void {
  if (m.term >= node.term) {
    followLeader(node, m.from);
    if (m.lastIncludedIndex > node.commitIndex) {
      install(node, m.lastIncludedIndex, m.lastIncludedTerm, m.data);
    }
  }
  // Either installed now or already committed through that index: we hold everything up to it.
  node.send({
    type: 'InstallSnapshotReply', from: node.config.id, to: m.from, term: node.term,
    lastIncludedIndex: m.term >= node.term ? m.lastIncludedIndex : 0,
  });
}

function install(node: RaftNode, index: LogIndex, term: Term, data: Uint8Array): void {
  node.applySnapshot(index, term, data); // first: it delivers pending commands from the old log
  if (node.log.termAt(index) === term) node.log.compactTo(index);
  else node.log.resetTo(index, term);
}
