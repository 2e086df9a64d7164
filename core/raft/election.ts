import type { LogPosition } from './rules.ts';
import type { RaftState } from './state.ts';
import {
  NONE, type NodeId, type Request, type RequestVote, type RequestVoteReply, type Role,
} from './types.ts';

/** Election timeout as follower or candidate: start a new election (Raft §5.2). */
export function campaign(node: RaftState): void {
  node.becomeCandidate();
  if (node.rules.countVoters(node.votes) >= node.quorum()) {
    node.becomeLeader();
    return;
  }
  const lastLogIndex = node.log.lastIndex();
  const lastLogTerm = node.log.lastTerm();
  for (const to of node.peers()) {
    node.send({
      type: 'RequestVote', from: node.config.id, to, term: node.term, lastLogIndex, lastLogTerm,
    });
  }
}

/** Raft §5.4.1: grant iff not voted for another in this term and the candidate's log is at least
 * as up to date as ours. The vote is persisted (ready.persist) before the reply leaves. */
export function handleRequestVote(node: RaftState, m: RequestVote): void {
  let granted = false;
  if (m.term === node.term) {
    const free = node.votedFor === NONE || node.votedFor === m.from;
    const candidate = { index: m.lastLogIndex, term: m.lastLogTerm };
    const own = { index: node.log.lastIndex(), term: node.log.lastTerm() };
    granted = free && node.rules.upToDate(candidate, own);
  }
  if (granted) node.rules.recordVote(node, m.from);
  if (node.rules.resetsElectionTimer(node.role, m, granted)) node.resetElectionTimer();
  const reply: RequestVoteReply = {
    type: 'RequestVoteReply', from: node.config.id, to: m.from, term: node.term, granted,
  };
  node.send(reply);
}

/** The correct election restriction: a later last term wins; equal last terms, the longer log. */
export function candidateUpToDate(candidate: LogPosition, own: LogPosition): boolean {
  return candidate.term > own.term || (candidate.term === own.term && candidate.index >= own.index);
}

/** The correct vote: remembered and marked for saving (nothing to save on a retried grant). */
export function recordVote(node: RaftState, candidate: NodeId): void {
  if (node.votedFor === candidate) return;
  node.votedFor = candidate;
  node.markDirty();
}

/** The correct count: distinct voters (a grant that arrives twice is one vote). */
export function countVoters(grants: readonly NodeId[]): number {
  return new Set(grants).size;
}

/** The correct timer rule: only a granted vote or the current leader's message restarts it. */
export function resetsElectionTimer(_role: Role, _m: Request, accepted: boolean): boolean {
  return accepted;
}

export function handleVoteReply(node: RaftState, m: RequestVoteReply): void {
  if (node.role !== 'candidate' || m.term !== node.term || !m.granted) return;
  node.votes.push(m.from);
  if (node.rules.countVoters(node.votes) >= node.quorum()) node.becomeLeader();
}
