import type { Random } from '../random.ts';
import type { SnapshotHandle } from './snapshot.ts';
import type {
  Entry, Input, LogIndex, NodeId, NodeStatus, PersistedState, RaftConfig, Ready, Term,
} from './types.ts';

/**
 * The contract between a Raft implementation and the simulator that drives it.
 *
 * The simulator (sim/) knows a node only through this interface: it builds one with a
 * {@link RaftFactory}, feeds it inputs, drains its effects with `ready()` and carries them out,
 * and reads it only through `status()`, `termAt` and `entries` (the safety monitor, traces,
 * scenarios). The real implementation is `RaftNode` (core/raft/node.ts); the known-bad variants
 * (scenarios/bugs/raft/) are, in effect, other people's Rafts and load through the same
 * factory; so can a student's own Raft written in TypeScript.
 *
 * The rules an implementation must keep, beyond Raft itself:
 * - **Deterministic.** Everything it does follows from its constructor arguments and the calls
 *   made on it: no clock, no `Math.random`, no I/O, no timers. Randomness comes only from the
 *   `Random` it is given (draw election timeouts from it); time passes only as `timeout` inputs.
 * - **Effects as data.** Calls only change state and queue effects; `ready()` hands them over,
 *   in the order the host must carry them out (see {@link Ready}): save, send, apply, re-arm.
 * - **One reply per request.** Every RequestVote, AppendEntries and InstallSnapshot it steps is
 *   answered by exactly one reply to its sender, in the `ready()` that follows the step.
 * - **Single-threaded.** The host never calls it re-entrantly. After any call that can change
 *   the node it calls `ready()` again and again, carrying out each, until one is empty.
 */
export interface Raft {
  /**
   * The single entry point for messages and timer events. A `timeout` input carries the `gen`
   * of the timer `ready()` asked for; a timeout whose generation was replaced by a later timer
   * must be ignored. A message is always addressed to this node.
   */
  step(input: Input): void;

  /**
   * The course's Start(): append `command` to the log if this node is the leader and return its
   * index and term; null if it is not the leader (nothing changes then).
   */
  propose(command: Uint8Array): { index: LogIndex; term: Term } | null;

  /**
   * The service has a snapshot of everything through `index`, which it has already been handed
   * through `apply`: the node may discard its log through `index` and must save `data` with its
   * state from then on. An index at or below the current snapshot is ignored.
   */
  snapshot(index: LogIndex, data: Uint8Array): void;

  /**
   * Optional: snapshot() with the data as a handle (core/raft/snapshot.ts) whose size is known
   * and whose bytes are made only when read. A host holding a handle calls this when the node
   * offers it, else snapshot(index, handle.bytes()). An implementation that offers it saves the
   * handle (`persist.snapshot` a getter, `snapshotSize` its size) and sends it unread.
   */
  snapshotHandle?(index: LogIndex, data: SnapshotHandle): void;

  /** The effects accumulated since the last call (and clears them); see {@link Ready}. */
  ready(): Ready;

  /**
   * A read-only summary of the node now: role, term, vote, commit and applied indices, and
   * where its log starts and ends. The safety monitor, traces, failure reports and scenarios
   * read the node through this.
   */
  status(): NodeStatus;

  /**
   * The term of the entry at `index`: the snapshot's term at `status().snapshotIndex`, undefined
   * below it (compacted) or past `status().lastIndex`.
   */
  termAt(index: LogIndex): Term | undefined;

  /**
   * The entries at indices `from` through `to`, both inclusive, with
   * `snapshotIndex < from` and `to <= lastIndex` (empty if `to < from`). Read-only: the caller
   * never changes them, and later changes of the log must not show in the returned array.
   */
  entries(from: LogIndex, to: LogIndex): readonly Entry[];

  /**
   * Bytes of the raft state the node would save now (the course's PersistBytes): the service
   * snapshots when this reaches its maxraftstate.
   */
  persistedSize(): number;

  /**
   * Optional, read-only: a leader's matchIndex for `peer`, undefined when this node does not
   * lead. The safety monitor's Match Monotonicity and Match Prefix invariants (sim/safety-vars.ts)
   * read it when an implementation offers it, and skip those two checks otherwise.
   */
  matchIndexOf?(peer: NodeId): LogIndex | undefined;
}

/**
 * Builds one incarnation of a node: a fresh one (`persisted.raftState` empty) or one restarted
 * from its last save (`persisted` is exactly the last `ready().persist` the host saved). `random`
 * is the node's own seeded stream; `config` names the node, its peers and its timing.
 *
 * A module that offers a Raft implementation to the simulator exports one of these.
 */
export type RaftFactory =
  (config: RaftConfig, random: Random, persisted: PersistedState) => Raft;
