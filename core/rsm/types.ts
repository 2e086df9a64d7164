import type { SnapshotHandle } from '../raft/snapshot.ts';
import type { LogIndex, NodeId, NodeStatus, Term } from '../raft/types.ts';

/** The service's state machine (the course's rsm.StateMachine): deterministic, applied in order. */
export interface StateMachine<Req, Res> {
  doOp(req: Req): Res;
  /** The state as a handle (core/raft/snapshot.ts): `SnapshotHandle.of(bytes)`, or one whose
   * bytes are made only when read, with its size known now. */
  snapshot(): SnapshotHandle;
  /** Back to a snapshot's state: from its bytes, or from its image if the machine made it. */
  restore(data: SnapshotHandle): void;
}

/** Encodes requests into Raft commands and back (validating: commands are input). */
export interface Codec<T> {
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

/** What the RSM needs from the Raft node under it. */
export interface RaftPort {
  /** Start(): append if leader; null if not leader. */
  propose(command: Uint8Array): { index: LogIndex; term: Term } | null;
  /** Snapshot everything through index (already applied). */
  snapshot(index: LogIndex, data: SnapshotHandle): void;
  /** Bytes of persisted Raft state (the course's PersistBytes). */
  persistedSize(): number;
}

/** The outcome of a submit: OK with the state machine's result, or ErrWrongLeader. */
export type Completion<Res> =
  | { readonly ticket: number; readonly err: 'OK'; readonly result: Res }
  | { readonly ticket: number; readonly err: 'ErrWrongLeader' };

export type SubmitStart = { readonly ticket: number } | { readonly err: 'ErrWrongLeader' };

export interface RsmConfig {
  readonly me: NodeId;
  /** Distinguishes incarnations of one server, so op ids never repeat across restarts. */
  readonly incarnation: number;
  /** Snapshot when the persisted Raft state reaches this many bytes; -1: never. */
  readonly maxRaftState: number;
}

/**
 * The RSM's decisions that are easy to get wrong, each one function, correct by default
 * (`rsmRules` in rsm.ts). They are override points of the known-bad KV services
 * (scenarios/bugs/kv/), which differ from the real RSM by one of them, never by a copy.
 */
export interface RsmRules {
  /**
   * Restart (the course's rsm: restore the snapshot, then apply what Raft hands over after
   * it): the index the state machine holds everything through once the snapshot that ends at
   * `snapshotIndex` is restored. Applying resumes after it (raft-bugs.md #22).
   */
  appliedThrough(snapshotIndex: LogIndex): LogIndex;
  /**
   * A Submit waits for its op to be applied at its index. Once the node's term has passed the
   * Submit's term, the op may never commit and nothing else will answer it: give up with
   * ErrWrongLeader (the Students' Guide, "how do you know when to tell them about the error?").
   */
  abandonsWait(waiterTerm: Term, status: NodeStatus): boolean;
}
