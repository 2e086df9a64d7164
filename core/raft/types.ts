import type { SnapshotHandle } from './snapshot.ts';

/**
 * Types of the pure Raft core (Figure 2 of the extended Raft paper).
 *
 * Nodes are numbered 0..n-1. Terms start at 0; log indices start at 1 (index 0 is the empty prefix,
 * term 0). Commands are opaque bytes: the service above Raft encodes and decodes them.
 */
export type NodeId = number;
export type Term = number;
export type LogIndex = number;

/** "No vote" / "no leader known". */
export const NONE: NodeId = -1;

/** A log entry. Immutable once created: messages and logs share entry objects. */
export interface Entry {
  readonly term: Term;
  readonly command: Uint8Array;
}

export type Role = 'follower' | 'candidate' | 'leader';

// ---- Messages. Requests get exactly one reply, from the node that received them. ----

export interface RequestVote {
  readonly type: 'RequestVote';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: Term;
  readonly lastLogIndex: LogIndex;
  readonly lastLogTerm: Term;
}

export interface RequestVoteReply {
  readonly type: 'RequestVoteReply';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: Term;
  readonly granted: boolean;
}

export interface AppendEntries {
  readonly type: 'AppendEntries';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: Term;
  readonly prevLogIndex: LogIndex;
  readonly prevLogTerm: Term;
  readonly entries: readonly Entry[];
  readonly leaderCommit: LogIndex;
}

/**
 * success: the follower's log matches the leader's through matchIndex = prevLogIndex + entries.
 * failure: the consistency check failed at prevLogIndex; conflictTerm/conflictIndex are the
 * fast-backup hint (conflictTerm 0 means "my log is too short; conflictIndex = my lastIndex + 1").
 */
export interface AppendEntriesReply {
  readonly type: 'AppendEntriesReply';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: Term;
  readonly success: boolean;
  readonly prevLogIndex: LogIndex;
  readonly matchIndex: LogIndex;
  readonly conflictIndex: LogIndex;
  readonly conflictTerm: Term;
}

/** The whole snapshot in one message (the course forbids chunking). */
export interface InstallSnapshot {
  readonly type: 'InstallSnapshot';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: Term;
  readonly lastIncludedIndex: LogIndex;
  readonly lastIncludedTerm: Term;
  readonly data: Uint8Array;
  /** The same snapshot as a handle, when the sender has one (snapshot.ts): its size is read
   * without making the bytes, and a receiver that knows handles installs it unread. */
  readonly handle?: SnapshotHandle;
}

/** lastIncludedIndex: the follower now holds everything through this index. */
export interface InstallSnapshotReply {
  readonly type: 'InstallSnapshotReply';
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: Term;
  readonly lastIncludedIndex: LogIndex;
}

export type Request = RequestVote | AppendEntries | InstallSnapshot;
export type Reply = RequestVoteReply | AppendEntriesReply | InstallSnapshotReply;
export type Message = Request | Reply;

export function isRequest(m: Message): m is Request {
  return m.type === 'RequestVote' || m.type === 'AppendEntries' || m.type === 'InstallSnapshot';
}

// ---- Inputs and effects. ----

export type Input =
  | { readonly type: 'message'; readonly message: Message }
  | { readonly type: 'timeout'; readonly gen: number };

/** Handed to the service, in log order. */
export type ApplyMsg =
  | { readonly type: 'command'; readonly index: LogIndex; readonly term: Term;
      readonly command: Uint8Array }
  | { readonly type: 'snapshot'; readonly index: LogIndex; readonly term: Term;
      readonly data: Uint8Array;
      /** The same snapshot as a handle, when the node has one (see InstallSnapshot.handle). */
      readonly handle?: SnapshotHandle };

/**
 * What survives a crash: saved atomically together, like the course's Persister.Save.
 * A node's own saves encode `raftState` lazily (on first read) and carry its counted size and the
 * decoded fields; their entries are a frozen view of the log (RaftLog.freeze), so a save costs
 * O(1), and the entries are copied only when first read.
 */
export interface PersistedState {
  readonly raftState: Uint8Array;
  readonly snapshot: Uint8Array;
  /** The size the course counts (gob, core/raft/codec.ts), known without encoding. */
  readonly raftStateSize?: number;
  /** `snapshot.length`, known without making the bytes (core/raft/snapshot.ts). */
  readonly snapshotSize?: number;
  /** The fields raftState encodes (a frozen copy). */
  readonly hard?: HardStateImage;
}

/** The persisted fields of a node (see core/raft/codec.ts for their byte encoding). */
export interface HardStateImage {
  readonly term: Term;
  readonly votedFor: NodeId;
  readonly snapshotIndex: LogIndex;
  readonly snapshotTerm: Term;
  readonly entries: readonly Entry[];
}

/** Entries written at fromIndex.. (anything after them was truncated). For observers. */
export interface LogWrite {
  readonly fromIndex: LogIndex;
  readonly entries: readonly Entry[];
}

/**
 * Effects of the steps since the last ready(). The host must, in this order:
 * 1. save `persist` (if set) atomically, before any message leaves (votes and acks are durable);
 * 2. send `messages`;
 * 3. hand `apply` to the service, in order;
 * 4. (re)arm the node's single timer if `timer` is set, replacing any earlier one: when it fires,
 *    step({type: 'timeout', gen}).
 */
export interface Ready {
  readonly persist: PersistedState | null;
  readonly logWrites: readonly LogWrite[];
  readonly messages: readonly Message[];
  readonly apply: readonly ApplyMsg[];
  readonly timer: { readonly afterMs: number; readonly gen: number } | null;
}

export interface RaftConfig {
  readonly id: NodeId;
  readonly peers: readonly NodeId[];
  /** Election timeout is drawn uniformly from [min, max] ms on every reset. */
  readonly electionTimeoutMinMs: number;
  readonly electionTimeoutMaxMs: number;
  /** A leader sends heartbeats every heartbeatMs (>= 100 keeps it at most 10 per second). */
  readonly heartbeatMs: number;
  /** Upper bound on entries in one AppendEntries. */
  readonly maxEntriesPerAppend: number;
}

export const DEFAULT_TIMING = {
  electionTimeoutMinMs: 300,
  electionTimeoutMaxMs: 600,
  heartbeatMs: 100,
  maxEntriesPerAppend: 256,
} as const;

/** A read-only summary of a node, for checkers, traces and failure reports. */
export interface NodeStatus {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: Term;
  readonly votedFor: NodeId;
  readonly leader: NodeId;
  readonly commitIndex: LogIndex;
  readonly lastApplied: LogIndex;
  readonly snapshotIndex: LogIndex;
  readonly snapshotTerm: Term;
  readonly lastIndex: LogIndex;
  readonly lastTerm: Term;
}
