import type { Random } from '../random.ts';
import type { Raft, RaftFactory } from './contract.ts';
import { raftRules, type RaftRules } from './rules.ts';
import { SnapshotHandle } from './snapshot.ts';
import { RaftState } from './state.ts';
import type {
  Entry, Input, LogIndex, NodeId, NodeStatus, PersistedState, RaftConfig, Ready, Term,
} from './types.ts';

/**
 * One Raft node as a deterministic state machine: the real implementation of the `Raft`
 * contract (contract.ts), in etcd's shape (this class is etcd's RawNode; `RaftState` behind it
 * is etcd's `raft`, with one `step()`, role handlers and effects as data).
 *
 * Its surface is the contract and nothing more: the state is not reachable from outside, so
 * the simulator, scenarios and tests observe a node only as any other implementation would be
 * observed. `rules` replaces some of the protocol's decisions (rules.ts): that is how a
 * known-bad variant is built, one function away from the real code.
 */
export class RaftNode implements Raft {
  readonly #state: RaftState;

  /** A fresh node, or one restarted from its last persisted state. */
  constructor(config: RaftConfig, random: Random, persisted?: PersistedState,
    rules: Partial<RaftRules> = {}) {
    this.#state = new RaftState(config, random, { ...raftRules, ...rules }, persisted);
  }

  step(input: Input): void {
    this.#state.step(input);
  }

  propose(command: Uint8Array): { index: LogIndex; term: Term } | null {
    return this.#state.propose(command);
  }

  snapshot(index: LogIndex, data: Uint8Array): void {
    this.#state.snapshot(index, SnapshotHandle.of(data));
  }

  snapshotHandle(index: LogIndex, data: SnapshotHandle): void {
    this.#state.snapshot(index, data);
  }

  ready(): Ready {
    return this.#state.ready();
  }

  status(): NodeStatus {
    return this.#state.status();
  }

  termAt(index: LogIndex): Term | undefined {
    return this.#state.log.termAt(index);
  }

  entries(from: LogIndex, to: LogIndex): readonly Entry[] {
    return this.#state.log.slice(from, to, to - from + 1);
  }

  matchIndexOf(peer: NodeId): LogIndex | undefined {
    return this.#state.role === 'leader' ? this.#state.progress.get(peer)?.match : undefined;
  }

  persistedSize(): number {
    return this.#state.persistedSize();
  }
}

/** Builds the real RaftNode: the simulator's default factory. */
export const raftNode: RaftFactory = (config, random, persisted) =>
  new RaftNode(config, random, persisted);

export { electionTimeoutSite } from './state.ts';
