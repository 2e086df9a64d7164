import type {
  AppendEntries, AppendEntriesReply, InstallSnapshot, InstallSnapshotReply, LogIndex, NodeId,
  RequestVote, RequestVoteReply, Term,
} from '../../core/raft/types.ts';
import { entries, snapshotData } from './raft-state.ts';

/**
 * Compact message builders for table rows. Messages go to server 0 from server 1 unless `from`
 * says otherwise; `last`, `prev` and `snap` are written "index/term".
 */
function indexTerm(s: string): [LogIndex, Term] {
  const [i, t] = s.split('/').map(Number);
  return [i!, t!];
}

export function rv(term: Term, last: string, from: NodeId = 1): RequestVote {
  const [lastLogIndex, lastLogTerm] = indexTerm(last);
  return { type: 'RequestVote', from, to: 0, term, lastLogIndex, lastLogTerm };
}

export function rvReply(term: Term, granted: boolean, from: NodeId = 1): RequestVoteReply {
  return { type: 'RequestVoteReply', from, to: 0, term, granted };
}

/** AppendEntries(term, "prevIndex/prevTerm", [entry terms], leaderCommit). */
export function ae(term: Term, prev: string, terms: readonly Term[], commit: LogIndex,
  from: NodeId = 1): AppendEntries {
  const [prevLogIndex, prevLogTerm] = indexTerm(prev);
  return {
    type: 'AppendEntries', from, to: 0, term, prevLogIndex, prevLogTerm,
    entries: entries(prevLogIndex + 1, terms), leaderCommit: commit,
  };
}

export function aeOk(term: Term, prevLogIndex: LogIndex, matchIndex: LogIndex,
  from: NodeId = 1): AppendEntriesReply {
  return {
    type: 'AppendEntriesReply', from, to: 0, term, success: true, prevLogIndex, matchIndex,
    conflictIndex: 0, conflictTerm: 0,
  };
}

/** A rejection of the probe at prevLogIndex with the hint "conflictIndex/conflictTerm". */
export function aeReject(term: Term, prevLogIndex: LogIndex, hint: string,
  from: NodeId = 1): AppendEntriesReply {
  const [conflictIndex, conflictTerm] = indexTerm(hint);
  return {
    type: 'AppendEntriesReply', from, to: 0, term, success: false, prevLogIndex, matchIndex: 0,
    conflictIndex, conflictTerm,
  };
}

export function snap(term: Term, last: string, from: NodeId = 1): InstallSnapshot {
  const [lastIncludedIndex, lastIncludedTerm] = indexTerm(last);
  return {
    type: 'InstallSnapshot', from, to: 0, term, lastIncludedIndex, lastIncludedTerm,
    data: snapshotData(lastIncludedIndex),
  };
}

export function snapReply(term: Term, have: LogIndex, from: NodeId = 1): InstallSnapshotReply {
  return { type: 'InstallSnapshotReply', from, to: 0, term, lastIncludedIndex: have };
}
