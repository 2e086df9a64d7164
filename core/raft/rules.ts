import { candidateUpToDate, recordVote } from './election.ts';
import { appendAfter, installSnapshot, isStaleLeader } from './follower.ts';
import { quorumIndex } from './progress.ts';
import { commitsByCounting } from './replication.ts';
import type { RaftState } from './state.ts';
import type {
  AppendEntries, Entry, Input, InstallSnapshot, LogIndex, NodeId, Term,
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
   * §7 InstallSnapshot receiver, once the message is known to come from the current leader:
   * install the snapshot unless it is stale, never rolling the state back.
   */
  installSnapshot(s: RaftState, m: InstallSnapshot): void;

  /** The highest index stored on a majority, given every member's match index. */
  quorumIndex(matches: readonly LogIndex[]): LogIndex;

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
  persistsStep: () => true,
  isStaleLeader,
  appendAfter,
  installSnapshot,
  quorumIndex,
  commitsByCounting,
};
