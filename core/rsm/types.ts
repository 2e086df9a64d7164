import type { LogIndex, NodeId, Term } from '../raft/types.ts';

/** The service's state machine (the course's rsm.StateMachine): deterministic, applied in order. */
export interface StateMachine<Req, Res> {
  doOp(req: Req): Res;
  snapshot(): Uint8Array;
  restore(data: Uint8Array): void;
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
  snapshot(index: LogIndex, data: Uint8Array): void;
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
