import type { RaftNode } from './node.ts';
import { NONE, type RequestVote, type RequestVoteReply } from './types.ts';

/** Election timeout as follower or candidate: start a new election (Raft §5.2). */
export function campaign(node: RaftNode): void {
  node.becomeCandidate();
  if (node.votes.size >= node.quorum()) {
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
export function handleRequestVote(node: RaftNode, m: RequestVote): void {
  let granted = false;
  if (m.term === node.term) {
    const free = node.votedFor === NONE || node.votedFor === m.from;
    const myLastTerm = node.log.lastTerm();
    const upToDate = m.lastLogTerm > myLastTerm ||
      (m.lastLogTerm === myLastTerm && m.lastLogIndex >= node.log.lastIndex());
    granted = free && upToDate;
  }
  if (granted && node.votedFor !== m.from) {
    node.votedFor = m.from;
    node.markDirty();
  }
  if (granted) node.resetElectionTimer();
  const reply: RequestVoteReply = {
    type: 'RequestVoteReply', from: node.config.id, to: m.from, term: node.term, granted,
  };
  node.send(reply);
}

export function handleVoteReply(node: RaftNode, m: RequestVoteReply): void {
  if (node.role !== 'candidate' || m.term !== node.term || !m.granted) return;
  node.votes.add(m.from);
  if (node.votes.size >= node.quorum()) node.becomeLeader();
}
