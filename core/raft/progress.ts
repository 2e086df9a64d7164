import { assert } from '../assert.ts';
import type { LogIndex } from './types.ts';

/**
 * What a leader knows about one follower (etcd's tracker.Progress, simplified).
 * - probe: match unknown; one AppendEntries at a time (paused until a reply or the next heartbeat).
 * - replicate: the follower is caught up; entries are sent optimistically and next moves ahead.
 * - snapshot: an InstallSnapshot is in flight; paused until its reply or the next heartbeat.
 * Invariant: match < next.
 *
 * Replies arrive reordered and late: `maybeAck` and `maybeDecrTo` are where a reply is judged.
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

  /**
   * etcd's MaybeUpdate: the follower holds everything through `index`. False, changing nothing,
   * if that is old news (`index <= match`: a reordered or duplicated reply).
   */
  maybeUpdate(index: LogIndex): boolean {
    if (index <= this.match) return false;
    this.match = index;
    this.next = Math.max(this.next, index + 1);
    this.check();
    return true;
  }

  /**
   * An acknowledgement (AppendEntries success, or InstallSnapshot reply) that the follower holds
   * everything through `index`; `snapshotIndex` is where the leader's log now starts. Moves the
   * follower to replicate; returns whether the leader should look at its commit index.
   */
  maybeAck(index: LogIndex, _snapshotIndex: LogIndex): boolean {
    if (index > this.match) this.match = index;
    this.becomeReplicate();
    return true;
  }

  /**
   * The follower rejected the AppendEntries whose prevLogIndex was `rejected`; `hint` is where
   * the fast-backup hint says to resume. False, changing nothing, for a stale rejection (at or
   * below match, or not the answer to the probe in flight); otherwise probe again from the hint.
   */
  maybeDecrTo(rejected: LogIndex, hint: LogIndex): boolean {
    if (rejected <= this.match) return false;
    if (this.state === 'probe' && rejected !== this.next - 1) return false;
    this.next = Math.max(Math.min(hint, rejected), this.match + 1);
    this.state = 'probe';
    this.paused = false;
    this.check();
    return true;
  }

  /** Entries through `last` were just sent. */
  sentEntries(last: LogIndex): void {
    if (this.state === 'replicate') this.next = Math.max(this.next, last + 1);
    else this.paused = true;
    this.check();
  }

  /** An InstallSnapshot was just sent: wait for it (heartbeats retransmit it). */
  sentSnapshot(): void {
    this.state = 'snapshot';
    this.paused = true;
  }

  private becomeReplicate(): void {
    this.state = 'replicate';
    this.paused = false;
    this.next = Math.max(this.next, this.match + 1);
    this.check();
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
