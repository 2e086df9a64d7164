import type { SnapshotHandle } from '../../../core/raft/snapshot.ts';
import type { LogIndex, Term } from '../../../core/raft/types.ts';
import type { RaftPort } from '../../../core/rsm/types.ts';

/**
 * A RaftPort under test control: a leader appends each proposal at the next index; a follower
 * refuses. Nothing commits by itself: the test hands entries to the RSM (`proposed`) itself.
 */
export class FakeRaft implements RaftPort {
  leader = true;
  term: Term = 1;
  nextIndex: LogIndex = 1;
  size = 0;
  readonly proposed = new Map<LogIndex, Uint8Array>();
  readonly snapshots: Array<{ index: LogIndex; data: Uint8Array }> = [];

  propose(command: Uint8Array): { index: LogIndex; term: Term } | null {
    if (!this.leader) return null;
    const index = this.nextIndex++;
    this.proposed.set(index, command);
    return { index, term: this.term };
  }

  snapshot(index: LogIndex, data: SnapshotHandle): void {
    this.snapshots.push({ index, data: data.bytes() });
  }

  persistedSize(): number {
    return this.size;
  }

  /** The command proposed at `index` (the test commits it by applying it). */
  at(index: LogIndex): Uint8Array {
    const c = this.proposed.get(index);
    if (c === undefined) throw new Error(`fake raft: nothing proposed at ${index}`);
    return c;
  }
}
