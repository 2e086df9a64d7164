import { assert } from '../assert.ts';
import { handleOf } from './snapshot.ts';
import type { RaftState } from './state.ts';
import type {
  AppendEntries, Entry, InstallSnapshot, LogIndex, NodeId, Term,
} from './types.ts';

/**
 * A valid message from the leader of our term: follow it and restart the election timer.
 * Election Safety: a leader never meets another leader of its own term, so this asserts before
 * anything steps down (once stepped down, the evidence would be gone).
 */
function followLeader(node: RaftState, m: AppendEntries | InstallSnapshot): void {
  assert(node.role !== 'leader' || m.term !== node.term, 'raft: two leaders in one term',
    { term: node.term, me: node.config.id, other: m.from });
  if (node.role !== 'follower' || node.leader !== m.from) node.becomeFollower(node.term, m.from);
  if (node.rules.resetsElectionTimer(node.role, m, true)) node.resetElectionTimer();
}

/** A message from an older term is refused; whether that restarts the timer is a rule. */
function refuseStale(node: RaftState, m: AppendEntries | InstallSnapshot): void {
  if (node.rules.resetsElectionTimer(node.role, m, false)) node.resetElectionTimer();
}

/** A success acknowledging `matchIndex`. Fields by name, in one order: a spread of the
 * differing fields over defaults cost a runtime copy per reply. */
function accept(node: RaftState, m: AppendEntries, matchIndex: LogIndex): void {
  node.send({
    type: 'AppendEntriesReply', from: node.config.id, to: m.from, term: node.term,
    success: true, prevLogIndex: m.prevLogIndex, matchIndex, conflictIndex: 0, conflictTerm: 0,
  });
}

/** A refusal, with the fast-backup hint (0, 0 for a stale leader). */
function reject(node: RaftState, m: AppendEntries, conflictIndex: LogIndex,
  conflictTerm: Term): void {
  node.send({
    type: 'AppendEntriesReply', from: node.config.id, to: m.from, term: node.term,
    success: false, prevLogIndex: m.prevLogIndex, matchIndex: 0, conflictIndex, conflictTerm,
  });
}

/** Figure 2 AppendEntries receiver, with the consistency check and fast backup hints. */
export function handleAppendEntries(node: RaftState, m: AppendEntries): void {
  if (node.rules.isStaleLeader(m, node.term)) {
    refuseStale(node, m);
    return reject(node, m, 0, 0);
  }
  followLeader(node, m);
  let prev = m.prevLogIndex;
  let entries = m.entries;
  const snap = node.log.snapshotIndex;
  if (prev < snap) {
    // The prefix through our snapshot is committed, so it matches; skip what it covers.
    const skip = Math.min(snap - prev, entries.length);
    entries = entries.slice(skip);
    if (prev + skip < snap) return accept(node, m, prev + skip);
    prev = snap;
  } else if (prev > node.log.lastIndex()) {
    return reject(node, m, node.log.lastIndex() + 1, 0);
  } else {
    const term = node.log.termAt(prev)!;
    if (term !== m.prevLogTerm) {
      const conflictIndex = node.log.firstIndexOfTerm(term, prev);
      return reject(node, m, conflictIndex, term);
    }
  }
  node.rules.appendAfter(node, prev, entries);
  const matchIndex = prev + entries.length;
  node.rules.followerCommit(node, Math.min(m.leaderCommit, matchIndex));
  accept(node, m, matchIndex);
}

/** The correct term rule: adopt the term and become a follower (of the sender if it leads). */
export function adoptTerm(node: RaftState, term: Term, leader: NodeId): void {
  node.becomeFollower(term, leader);
}

/** The correct step 5: the commit index moves forward only. */
export function followerCommit(node: RaftState, index: LogIndex): void {
  node.advanceCommit(index);
}

/** The correct step 1: a leader of an older term is refused. */
export function isStaleLeader(m: AppendEntries, currentTerm: Term): boolean {
  return m.term < currentTerm;
}

/**
 * Append entries following `prev`, truncating only at the first real conflict: an entry already
 * present with the same term is kept, so a delayed or duplicated older AppendEntries never cuts
 * off entries that a newer one appended.
 */
export function appendAfter(node: RaftState, prev: LogIndex, entries: readonly Entry[]): void {
  const log = node.log;
  for (let k = 0; k < entries.length; k++) {
    const index = prev + 1 + k;
    if (index <= log.lastIndex() && log.termAt(index) === entries[k]!.term) continue;
    assert(index > node.commitIndex, 'raft: conflict at a committed index',
      { index, commitIndex: node.commitIndex, status: node.status() });
    node.writeLog(index, entries.slice(k));
    return;
  }
}

/** Raft §7: install the leader's snapshot, unless it is stale (never roll the state back). */
export function handleInstallSnapshot(node: RaftState, m: InstallSnapshot): void {
  if (m.term >= node.term) {
    followLeader(node, m);
    node.rules.installSnapshot(node, m);
  } else {
    refuseStale(node, m);
  }
  // Either installed now or already committed through that index: we hold everything up to it.
  node.send({
    type: 'InstallSnapshotReply', from: node.config.id, to: m.from, term: node.term,
    lastIncludedIndex: m.term >= node.term ? m.lastIncludedIndex : 0,
  });
}

/** The correct install: only a snapshot beyond our commit index, keeping a matching suffix. */
export function installSnapshot(node: RaftState, m: InstallSnapshot): void {
  if (m.lastIncludedIndex <= node.commitIndex) return;
  // First: it delivers the commands pending from the old log.
  node.applySnapshot(m.lastIncludedIndex, m.lastIncludedTerm, handleOf(m));
  if (node.log.termAt(m.lastIncludedIndex) === m.lastIncludedTerm) {
    node.log.compactTo(m.lastIncludedIndex);
  } else {
    node.log.resetTo(m.lastIncludedIndex, m.lastIncludedTerm);
  }
}
