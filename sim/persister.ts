import type { PersistedState } from '../core/raft/types.ts';

/**
 * The course's Persister: (raft state, snapshot) saved atomically together. A crash keeps exactly
 * the last save; a restarted server reads it back. Byte arrays are never mutated after a save.
 */
export class Persister {
  private state: PersistedState = { raftState: new Uint8Array(0), snapshot: new Uint8Array(0) };
  saves = 0;

  save(s: PersistedState): void {
    this.state = s;
    this.saves += 1;
  }

  read(): PersistedState {
    return this.state;
  }

  raftStateSize(): number {
    return this.state.raftStateSize ?? this.state.raftState.length;
  }

  snapshotSize(): number {
    return this.state.snapshotSize ?? this.state.snapshot.length;
  }
}
