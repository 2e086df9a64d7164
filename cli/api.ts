/**
 * raftsim's public API: what your own Raft (or KV service) is written against, so that
 * `raftsim run/replay/shrink --impl ./my-raft.ts` runs it under every scenario, invariant and
 * checker exactly as it runs the built-in one. Import it by the package's name:
 *
 *   import type { Raft, RaftFactory, Ready } from 'raftsim';
 *   import { NONE, electionTimeoutSite, persistedState, rangeInclusive } from 'raftsim';
 *
 *   export const createRaft: RaftFactory = (config, random, persisted) => new MyRaft(...);
 *
 * It is one module on purpose: the contract (core/raft/contract.ts), the message and effect
 * types it speaks, and the few helpers an implementation needs to meet the simulator halfway
 * (how to draw an election timeout, how to encode what it saves), and nothing of the simulator
 * itself. A module that only imports types from here does not depend on raftsim at run time at
 * all; one that imports the helpers gets them from the same sources the CLI runs. `raftsim init
 * DIR` writes a starter typed against it (docs/teaching.md).
 *
 * ## Your module
 * Export a {@link RaftFactory} named `createRaft` (or as the default export); for `--kv-impl`,
 * a {@link KvServiceFactory} named `createKvService` (or as the default export). raftsim checks
 * the export at load time, builds one node and checks that it has every method of {@link Raft}
 * and that its first `ready()` is well formed; anything missing is a one-line error, exit 2.
 * During a run, an exception thrown by your code, or a `ready()` that breaks the contract,
 * fails the run (kind 'assertion') with a message naming your file and, when it can, the line.
 *
 * ## What the simulator needs beyond Raft
 * - **Determinism**: no clock, `Math.random`, timers or I/O; draw randomness only from the
 *   `random` you are given, and let time pass only through `timeout` inputs (the Raft contract).
 * - **Draw election timeouts at {@link electionTimeoutSite}** with {@link rangeInclusive}: any
 *   draw works, but at that site `raftsim shrink` knows which timeout is calm (staggered per
 *   server), so a shrunk schedule does not trade your bug for a split vote.
 * - **Build saves with {@link persistedState}** from the fields Figure 2 persists: the
 *   simulator's durability check reads a crashed server's last save, and the course's size
 *   limits (3D, 4C) measure its bytes. A restarted node gets that save back: read it with
 *   {@link decodeRaftState} (or its `hard` field).
 */

import {
  decodeHardState, encodeHardState, hardStateSize, lazyPersistedState,
} from '../core/raft/codec.ts';
import type { Raft, RaftFactory } from '../core/raft/contract.ts';
import type {
  ApplyMsg, Entry, HardStateImage, LogIndex, NodeId, NodeStatus, PersistedState, Term,
} from '../core/raft/types.ts';

// ---- The Raft contract. ----

export type { Raft, RaftFactory } from '../core/raft/contract.ts';
export type {
  AppendEntries, AppendEntriesReply, ApplyMsg, Entry, HardStateImage, Input, InstallSnapshot,
  InstallSnapshotReply, LogIndex, LogWrite, Message, NodeId, NodeStatus, PersistedState,
  RaftConfig, Ready, Reply, Request, RequestVote, RequestVoteReply, Role, Term,
} from '../core/raft/types.ts';
export type { DrawSite, Random } from '../core/random.ts';

export { DEFAULT_TIMING, isRequest, NONE } from '../core/raft/types.ts';
export { rangeInclusive } from '../core/random.ts';
export { electionTimeoutSite } from '../core/raft/node.ts';

/**
 * A save (`Ready.persist`) of the state Figure 2 calls persistent, and the service's snapshot:
 * `{ term, votedFor, snapshotIndex, snapshotTerm, entries }` (entries after the snapshot, from
 * index snapshotIndex + 1). The bytes are raftsim's encoding of those fields, made only when
 * first read; pass arrays you will not change afterwards (copy your log: `[...log]`).
 */
export function persistedState(state: HardStateImage, snapshot: Uint8Array): PersistedState {
  return lazyPersistedState(state, snapshot);
}

/** The fields of a save's `raftState` bytes; throws on bytes that are not such an encoding. */
export function decodeRaftState(bytes: Uint8Array): HardStateImage {
  return decodeHardState(bytes);
}

/** The bytes {@link persistedState} encodes (for tests of your own). */
export function encodeRaftState(state: HardStateImage): Uint8Array {
  return encodeHardState(state);
}

/**
 * The size in bytes of the raft state `state` as the course's Go code would save it (gob): what
 * `Raft.persistedSize()` returns, the course's PersistBytes, which the service compares with
 * its maxraftstate (3D, 4C).
 */
export function raftStateSize(state: HardStateImage): number {
  return hardStateSize(state);
}

/** The shape of a module `--impl` accepts. */
export interface RaftModule {
  readonly createRaft: RaftFactory;
}

// ---- The KV service contract (--kv-impl). ----

export type {
  GetReply, KvReply, KvRequest, KvRpcReply, KvRpcRequest, PutReply, WriteReply,
} from '../core/kv/types.ts';
export { isKvRpcRequest } from '../core/kv/types.ts';

/**
 * A call from a client to a server (its request is a `KvRpcRequest` for a KV service). Answer
 * it once with `respond(reply, bytes)`, where `bytes` is the reply's size on the simulated
 * wire (the built-in service counts `JSON.stringify(reply).length`); the network decides
 * whether the answer reaches the client. A server that crashes answers nothing.
 */
export interface IncomingCall {
  readonly from: number;
  readonly request: unknown;
  respond(reply: unknown, replyBytes: number): void;
}

/**
 * The service above Raft on one server, one per incarnation (a restart builds a new one):
 * `start` with the persisted snapshot, then committed entries through `apply`, clients' calls
 * through `handleCall`, role and term changes through `statusChanged`, and `stop` when the
 * server crashes.
 */
export interface KvService {
  start(snapshot: Uint8Array): void;
  apply(msg: ApplyMsg): void;
  handleCall?(call: IncomingCall): void;
  stop?(): void;
  statusChanged?(status: NodeStatus): void;
}

/**
 * What a KV service may use of its server: its id and incarnation (distinct per restart),
 * Start() (`propose`: index -1 and isLeader false when it is not the leader), the snapshot call
 * for Raft, the node itself for `status()` and `persistedSize()` (null while the server is
 * down), and `note` for a line of your own in the trace.
 */
export interface KvHost {
  readonly id: NodeId;
  readonly currentIncarnation: number;
  propose(command: Uint8Array): { index: LogIndex; term: Term; isLeader: boolean };
  snapshot(index: LogIndex, data: Uint8Array): void;
  readonly node: Raft | null;
  note(what: string): void;
}

/**
 * Builds the KV service of one server incarnation; `maxRaftState` is the size of raft state at
 * which the service should snapshot (-1: never).
 */
export type KvServiceFactory = (host: KvHost, maxRaftState: number) => KvService;

/** The shape of a module `--kv-impl` accepts. */
export interface KvModule {
  readonly createKvService: KvServiceFactory;
}
