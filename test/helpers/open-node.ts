import type { Random } from '../../core/random.ts';
import type { Raft } from '../../core/raft/contract.ts';
import { raftRules } from '../../core/raft/rules.ts';
import { SnapshotHandle } from '../../core/raft/snapshot.ts';
import { RaftState } from '../../core/raft/state.ts';
import type {
  Entry, Input, LogIndex, NodeId, PersistedState, RaftConfig, Ready, Term,
} from '../../core/raft/types.ts';
import type { RaftHost } from '../../sim/raft-host.ts';
import type { World } from '../../sim/world.ts';

/**
 * The real Raft (the correct rules) with its state open: for tests that force a node into the
 * state a bug would leave it in (test/sim-safety-vars.test.ts), which RaftNode's contract keeps
 * out of reach. It behaves exactly as RaftNode does; only the test may reach behind it.
 */
export class OpenNode implements Raft {
  readonly state: RaftState;

  constructor(config: RaftConfig, random: Random, persisted: PersistedState) {
    this.state = new RaftState(config, random, raftRules, persisted);
  }

  step(input: Input): void {
    this.state.step(input);
  }

  propose(command: Uint8Array): { index: LogIndex; term: Term } | null {
    return this.state.propose(command);
  }

  snapshot(index: LogIndex, data: Uint8Array): void {
    this.state.snapshot(index, SnapshotHandle.of(data));
  }

  snapshotHandle(index: LogIndex, data: SnapshotHandle): void {
    this.state.snapshot(index, data);
  }

  ready(): Ready {
    return this.state.ready();
  }

  status(): ReturnType<RaftState['status']> {
    return this.state.status();
  }

  termAt(index: LogIndex): Term | undefined {
    return this.state.log.termAt(index);
  }

  entries(from: LogIndex, to: LogIndex): readonly Entry[] {
    return this.state.log.slice(from, to, to - from + 1);
  }

  persistedSize(): number {
    return this.state.persistedSize();
  }

  matchIndexOf(peer: NodeId): LogIndex | undefined {
    return this.state.role === 'leader' ? this.state.progress.get(peer)?.match : undefined;
  }
}

/** Build every node of `world` as an OpenNode (set before the cluster starts). */
export function openNodes(world: World): void {
  world.nodeFactory = (config, random, persisted) => new OpenNode(config, random, persisted);
}

/** The open state behind a host's node (it must be up, and built by openNodes). */
export function open(h: RaftHost): RaftState {
  return (h.node as OpenNode).state;
}
