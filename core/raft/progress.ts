import { assert } from '../assert.ts';
import type { LogIndex } from './types.ts';

/**
 * What a leader knows about one follower (etcd's tracker.Progress, simplified).
 * - probe: match unknown; one AppendEntries at a time (paused until a reply or the next heartbeat).
 * - replicate: the follower is caught up; entries are sent optimistically and next moves ahead.
 * - snapshot: an InstallSnapshot is in flight; paused until its reply or the next heartbeat.
 * Invariant: match < next.
 */
export type ProgressState = 'probe' | 'replicate' | 'snapshot';

export class Progress {
  match: LogIndex = 0;
  next: LogIndex;
  state: ProgressState = 'probe';
  paused = false;

  constructor(next: LogIndex) {
    this.next = next;
  }

  /** A success reply: the follower matches through `index`. Returns true if match moved. */
  acknowledge(index: LogIndex): boolean {
    const moved = index > this.match;
    if (moved) this.match = index;
    if (this.next <= this.match) this.next = this.match + 1;
    this.state = 'replicate';
    this.paused = false;
    this.check();
    return moved;
  }

  /** The follower rejected; go back to probing from `next` (never below match + 1). */
  backUpTo(next: LogIndex): void {
    this.next = Math.max(next, this.match + 1);
    this.state = 'probe';
    this.paused = false;
    this.check();
  }

  /** Entries through `last` were just sent. */
  sent(last: LogIndex): void {
    if (this.state === 'replicate') this.next = Math.max(this.next, last + 1);
    else this.paused = true;
    this.check();
  }

  snapshotSent(): void {
    this.state = 'snapshot';
    this.paused = true;
  }

  private check(): void {
    assert(this.match < this.next, 'progress: match must stay below next',
      { match: this.match, next: this.next });
  }
}

/**
 * The highest index replicated on a majority, given every member's match index (the leader's
 * own is its last index). Sort-and-pick; tested against a counting oracle.
 */
export function quorumIndex(matches: readonly LogIndex[]): LogIndex {
  const sorted = [...matches].sort((a, b) => b - a);
  return sorted[Math.floor(matches.length / 2)]!;
}
