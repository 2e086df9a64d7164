import { candidateUpToDate, countVoters, recordVote, resetsElectionTimer } from './election.ts';
import {
  adoptTerm, appendAfter, followerCommit, installSnapshot, isStaleLeader,
} from './follower.ts';
import { matchAfterAck, quorumIndex } from './progress.ts';
import { commitsByCounting } from './replication.ts';
import type { RaftState } from './state.ts';
import type {
  AppendEntries, Entry, Input, InstallSnapshot, LogIndex, NodeId, Request, Role, Term,
} from './types.ts';

/** The last entry of a log: its index and term. */
export interface LogPosition {
  readonly index: LogIndex;
  readonly term: Term;
}

/**
 * The protocol's decisions that are easy to get wrong, each one function, named, with the
 * correct rule as the default (`raftRules`). The role handlers consult them; nothing else does.
 *
 * They are the override points of the known-bad variants (scenarios/bugs/raft/): a variant is a
 * RaftNode built with one of them replaced, so it differs from the real code by exactly that
 * function, never by a copy of a handler. Each rule cites the paper's rule it implements.
 */
export interface RaftRules {
  /** §5.4.1 election restriction: is the candidate's log at least as up to date as ours? */
  upToDate(candidate: LogPosition, own: LogPosition): boolean;

  /**
   * Figure 2 RequestVote receiver, on a grant: record the vote durably (it is saved before the
   * reply leaves, so a restarted voter never votes twice in one term).
   */
  recordVote(s: RaftState, candidate: NodeId): void;

  /**
   * §5.2 "a candidate wins an election if it receives votes from a majority of the servers":
   * how many servers granted, given every grant received in the term (the candidate's own
   * first). Each voter counts once, however often its grant arrives (a duplicated reply).
   */
  countVoters(grants: readonly NodeId[]): number;

  /**
   * Figure 2 "All Servers: if RPC request or response contains term T > currentTerm: set
   * currentTerm = T, convert to follower", before the message is handled. A leader stops
   * leading at once: nothing it sends afterwards carries the new term (§5.1).
   */
  adoptTerm(s: RaftState, term: Term, leader: NodeId): void;

  /**
   * §5.2 and Figure 2 "Followers": does handling `m` restart the election timer of a node in
   * `role`? Only a vote granted, or a message from the current leader (`accepted`); a refused
   * RequestVote or a stale leader's message must not, or servers that cannot win keep the
   * others from ever timing out (Students' Guide, "Livelocks").
   */
  resetsElectionTimer(role: Role, m: Request, accepted: boolean): boolean;

  /**
   * Figure 2 "persistent state ... updated on stable storage before responding to RPCs": are
   * the changes a step makes to term, vote and log saved with the next Ready? (Always.)
   */
  persistsStep(input: Input): boolean;

  /** Figure 2 AppendEntries receiver step 1: reply false if term < currentTerm. */
  isStaleLeader(m: AppendEntries, currentTerm: Term): boolean;

  /**
   * Figure 2 AppendEntries receiver steps 3-4: append the entries that follow `prev` (where
   * the logs match), truncating only at the first real conflict.
   */
  appendAfter(s: RaftState, prev: LogIndex, entries: readonly Entry[]): void;

  /**
   * Figure 2 AppendEntries receiver step 5: "if leaderCommit > commitIndex, set commitIndex =
   * min(leaderCommit, index of last new entry)": `index` is that minimum; commitIndex only
   * grows (a new leader, or a late message, may carry an older leaderCommit).
   */
  followerCommit(s: RaftState, index: LogIndex): void;

  /**
   * §7 InstallSnapshot receiver, once the message is known to come from the current leader:
   * install the snapshot unless it is stale, never rolling the state back.
   */
  installSnapshot(s: RaftState, m: InstallSnapshot): void;

  /** The highest index stored on a majority, given every member's match index. */
  quorumIndex(matches: readonly LogIndex[]): LogIndex;

  /**
   * Figure 2 "Leaders: if successful: update nextIndex and matchIndex for follower", with
   * etcd's MaybeUpdate: a follower's match index after it acknowledged `acked`. It never
   * decreases: replies arrive reordered, and an older acknowledgement is old news.
   */
  matchAfterAck(match: LogIndex, acked: LogIndex): LogIndex;

  /**
   * §5.4.2: may a leader of `currentTerm` commit an entry of `entryTerm` that a majority
   * stores, by counting replicas? Only entries of its own term (older ones commit with them).
   */
  commitsByCounting(entryTerm: Term | undefined, currentTerm: Term): boolean;
}

/** The correct rules: what RaftNode does unless built as a known-bad variant. */
export const raftRules: RaftRules = {
  upToDate: candidateUpToDate,
  recordVote,
  countVoters,
  adoptTerm,
  resetsElectionTimer,
  persistsStep: () => true,
  isStaleLeader,
  appendAfter,
  followerCommit,
  installSnapshot,
  quorumIndex,
  matchAfterAck,
  commitsByCounting,
};
