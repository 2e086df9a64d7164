import { RaftNode } from '../../../core/raft/node.ts';
import type { PersistedState, Ready } from '../../../core/raft/types.ts';
import type { NodeFactory } from '../../../sim/raft-host.ts';

const NOTHING: PersistedState = { raftState: new Uint8Array(0), snapshot: new Uint8Array(0) };

/**
 * raft-bugs.md #21 snapshot-state-nonatomic-persist: the snapshot and the Raft state that goes
 * with it (the trimmed log, the snapshot's index and term) are saved in two writes instead of
 * one atomic Persister.Save: the snapshot first, the Raft state only with the node's next save.
 * A crash in between leaves a new snapshot beside the old Raft state, and the restarted server
 * applies again the entries between the old snapshot index and the new one, on top of a state
 * that already holds them (the Students' Guide's warning; etcd#13766).
 *
 * The override point is the contract's own `ready()`, which hands the host what to save: the
 * real node behind it is unchanged.
 */
export class SnapshotStateNonatomicPersist extends RaftNode {
  /** What this node last handed the host to save (what a crash keeps). */
  #written: PersistedState;

  constructor(...args: ConstructorParameters<typeof RaftNode>) {
    super(...args);
    this.#written = args[2] ?? NOTHING;
  }

  override ready(): Ready {
    const r = super.ready();
    const p = r.persist;
    if (p === null) return r;
    const newSnapshot = p.snapshot !== this.#written.snapshot && p.snapshot.length > 0;
    // BUG: a new snapshot is written alone; its Raft state waits for the next save.
    const w = this.#written;
    // By name, not by spread: a node's save reads its raftState through a getter (LazySave).
    this.#written = newSnapshot ? { raftState: w.raftState, snapshot: p.snapshot,
      raftStateSize: w.raftStateSize, hard: w.hard } : p;
    return { ...r, persist: this.#written };
  }
}

export const snapshotStateNonatomicPersist: NodeFactory = (config, random, persisted) =>
  new SnapshotStateNonatomicPersist(config, random, persisted);
