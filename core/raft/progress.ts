import { assert } from '../assert.ts';
import type { LogIndex } from './types.ts';

/**
 * What a leader knows about one follower (etcd's tracker.Progress, simplified).
 * - probe: match unknown; one AppendEntries at a time (paused until a reply or the next heartbeat).
 * - replicate: the follower is caught up; entries are sent optimistically and next moves ahead.
 * - snapshot: an InstallSnapshot is in flight; paused until an acknowledgement shows the follower
 *   holds the leader's snapshot, and retransmitted with every heartbeat until then.
 * Invariant: match < next.
 *
 * Replies arrive reordered and late, so every reply may be stale. The rules that tell a stale
 * reply from a fresh one live here and nowhere else: `maybeAck` for acknowledgements (etcd's
 * MaybeUpdate plus the state transitions its stepLeader makes on them) and `maybeDecrTo` for
 * rejections (etcd's MaybeDecrTo). A stale reply changes nothing: in particular an old
 * acknowledgement never un-pauses a follower that waits for a snapshot, which would send a
 * second full snapshot at once.
 */
export type ProgressState = 'probe' | 'replicate' | 'snapshot';

export class Progress {
  match: LogIndex = 0;
  next: LogIndex;
  state: ProgressState = 'probe';
  paused = false;

  /** `matchAfter` is the leader's rule for a match index after an acknowledgement (rules.ts). */
  constructor(next: LogIndex,
    private readonly matchAfter: (match: LogIndex, acked: LogIndex) => LogIndex = matchAfterAck) {
    this.next = next;
  }

  /**
   * etcd's MaybeUpdate: the follower holds everything through `index`. False, changing nothing,
   * if that is old news (`index <= match`: a reordered or duplicated reply).
   */
  maybeUpdate(index: LogIndex): boolean {
    const match = this.matchAfter(this.match, index);
    if (match === this.match) return false;
    this.match = match;
    this.next = Math.max(this.next, match + 1);
    this.check();
    return true;
  }

  /**
   * An acknowledgement (AppendEntries success, or InstallSnapshot reply) that the follower holds
   * everything through `index`; `snapshotIndex` is where the leader's log now starts. Returns
   * false, changing nothing, if the reply is stale. A fresh one moves a probed follower to
   * replicate; a follower waiting for a snapshot leaves that state only once it holds the
   * snapshot's index (any earlier acknowledgement answers a message sent before the snapshot).
   * An answer to the probe in flight that shows nothing new (`index === match` while probing)
   * still counts: the probe found where the logs match.
   */
  maybeAck(index: LogIndex, snapshotIndex: LogIndex): boolean {
    const probeAnswered = this.state === 'probe' && index === this.match;
    if (!this.maybeUpdate(index) && !probeAnswered) return false;
    if (this.state === 'snapshot' && this.match < snapshotIndex) return true;
    this.becomeReplicate();
    return true;
  }

  /**
   * etcd's MaybeDecrTo: the follower rejected the AppendEntries whose prevLogIndex was
   * `rejected`; `hint` is where the fast-backup hint says to resume. False, changing nothing, if
   * the rejection is stale: at or below the known match, not the answer to the probe in flight
   * (probes go one at a time, so the answer names next - 1), or arriving while a snapshot is
   * pending (it answers a message sent before the snapshot, which will settle the follower).
   * Otherwise go back to probing from the hint, never at or below match, and never beyond
   * `rejected` (always move back).
   */
  maybeDecrTo(rejected: LogIndex, hint: LogIndex): boolean {
    if (rejected <= this.match || this.state === 'snapshot') return false;
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

/** The correct match rule (etcd's MaybeUpdate): an acknowledgement never lowers the match. */
export function matchAfterAck(match: LogIndex, acked: LogIndex): LogIndex {
  return Math.max(match, acked);
}

/**
 * The highest index replicated on a majority, given every member's match index (the leader's
 * own is its last index). Sort-and-pick; tested against a counting oracle.
 */
export function quorumIndex(matches: readonly LogIndex[]): LogIndex {
  // An insertion sort, descending: a cluster has a handful of members, and this runs at every
  // acknowledgement (Array.prototype.sort with a comparator allocated more than the rest of it).
  const sorted = matches.slice();
  for (let i = 1; i < sorted.length; i++) {
    const v = sorted[i]!;
    let j = i - 1;
    for (; j >= 0 && sorted[j]! < v; j--) sorted[j + 1] = sorted[j]!;
    sorted[j + 1] = v;
  }
  return sorted[Math.floor(matches.length / 2)]!;
}
