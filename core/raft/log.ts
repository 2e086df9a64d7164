import { assert } from '../assert.ts';
import { entrySize } from './codec.ts';
import type { Entry, LogIndex, Term } from './types.ts';

/** The entries of a log at one moment, for a save: later changes to the log never show in it. */
export interface FrozenEntries {
  /** Their encoded size (codec's entrySize, summed). */
  readonly bytes: number;
  /** The entries themselves (copied on first call). */
  get(): readonly Entry[];
}

/** FrozenEntries over the log's array while shared: its first `n` entries, copied on first read.
 * A class, not a closure: a node freezes its log at every save. */
class FrozenLog implements FrozenEntries {
  private copy: readonly Entry[] | null = null;

  constructor(private readonly arr: readonly Entry[], private readonly n: number,
    readonly bytes: number) {}

  get(): readonly Entry[] {
    this.copy ??= this.arr.slice(0, this.n);
    return this.copy;
  }
}

/**
 * The Raft log after a snapshot prefix.
 * Invariant: entries[k] holds index snapshotIndex + 1 + k (indices are contiguous).
 * Invariant: terms never decrease along the log, and snapshotTerm <= the first entry's term.
 */
export class RaftLog {
  snapshotIndex: LogIndex;
  snapshotTerm: Term;
  private entries: Entry[];
  /** Invariant: the sum of entrySize over `entries` (so a save's size costs O(1)). */
  private bytes = 0;
  /**
   * Invariant: while `shared`, frozen views hold `entries` and read only its first elements as
   * they were: the array may grow by push, and is copied before anything else changes it.
   */
  private shared = false;

  constructor(snapshotIndex: LogIndex, snapshotTerm: Term, entries: Entry[]) {
    this.snapshotIndex = snapshotIndex;
    this.snapshotTerm = snapshotTerm;
    this.entries = entries;
    for (const e of entries) this.bytes += entrySize(e);
    this.checkTerms(0);
  }

  lastIndex(): LogIndex {
    return this.snapshotIndex + this.entries.length;
  }

  lastTerm(): Term {
    const n = this.entries.length;
    return n === 0 ? this.snapshotTerm : this.entries[n - 1]!.term;
  }

  /** Term at index; undefined when compacted away (< snapshotIndex) or beyond the end. */
  termAt(index: LogIndex): Term | undefined {
    if (index === this.snapshotIndex) return this.snapshotTerm;
    if (index < this.snapshotIndex || index > this.lastIndex()) return undefined;
    return this.entries[index - this.snapshotIndex - 1]!.term;
  }

  entryAt(index: LogIndex): Entry {
    assert(index > this.snapshotIndex && index <= this.lastIndex(), 'log.entryAt: out of range',
      { index, snapshotIndex: this.snapshotIndex, lastIndex: this.lastIndex() });
    return this.entries[index - this.snapshotIndex - 1]!;
  }

  /** Entries [from, to] inclusive, capped at max entries. */
  slice(from: LogIndex, to: LogIndex, max: number): Entry[] {
    assert(from > this.snapshotIndex, 'log.slice: from is compacted',
      { from, snapshotIndex: this.snapshotIndex });
    const end = Math.min(to, this.lastIndex(), from + max - 1);
    if (end < from) return [];
    return this.entries.slice(from - this.snapshotIndex - 1, end - this.snapshotIndex);
  }

  /** All entries after the snapshot (read-only view for encoding and observers). */
  all(): readonly Entry[] {
    return this.entries;
  }

  /** Encoded size of all entries after the snapshot. */
  entryBytes(): number {
    return this.bytes;
  }

  /** The entries as they are now, in O(1): saving them does not copy the log. */
  freeze(): FrozenEntries {
    this.shared = true;
    return new FrozenLog(this.entries, this.entries.length, this.bytes);
  }

  /** The first index holding `term`, searching back from `index` (for the fast-backup hint). */
  firstIndexOfTerm(term: Term, index: LogIndex): LogIndex {
    let i = index;
    while (i - 1 > this.snapshotIndex && this.termAt(i - 1) === term) i--;
    return i;
  }

  /** The last index holding `term`, or 0 if the log (after the snapshot) has no such entry. */
  lastIndexOfTerm(term: Term): LogIndex {
    for (let i = this.lastIndex(); i > this.snapshotIndex; i--) {
      const t = this.termAt(i)!;
      if (t === term) return i;
      if (t < term) return 0;
    }
    return 0;
  }

  append(entry: Entry): LogIndex {
    assert(entry.term >= this.lastTerm(), 'log.append: term decreases', { entry: entry.term });
    this.entries.push(entry);
    this.bytes += entrySize(entry);
    return this.lastIndex();
  }

  /** Drop every entry at index >= from, then append `entries`. */
  truncateAndAppend(from: LogIndex, entries: readonly Entry[]): void {
    assert(from > this.snapshotIndex && from <= this.lastIndex() + 1,
      'log.truncateAndAppend: range',
      { from, snapshotIndex: this.snapshotIndex, lastIndex: this.lastIndex() });
    const keep = from - this.snapshotIndex - 1;
    if (keep < this.entries.length) {
      for (let k = keep; k < this.entries.length; k++) this.bytes -= entrySize(this.entries[k]!);
      if (this.shared) this.unshare(keep);
      else this.entries.length = keep;
    }
    for (const e of entries) {
      this.entries.push(e);
      this.bytes += entrySize(e);
    }
    this.checkTerms(Math.max(0, from - this.snapshotIndex - 2));
  }

  /** Discard entries through index (which must be in the log), keeping the suffix. */
  compactTo(index: LogIndex): void {
    const term = this.termAt(index);
    assert(term !== undefined && index >= this.snapshotIndex, 'log.compactTo: index not in log',
      { index, snapshotIndex: this.snapshotIndex, lastIndex: this.lastIndex() });
    const drop = index - this.snapshotIndex;
    for (let k = 0; k < drop; k++) this.bytes -= entrySize(this.entries[k]!);
    this.entries = this.entries.slice(drop);
    this.shared = false;
    this.snapshotIndex = index;
    this.snapshotTerm = term;
  }

  /** Replace the whole log by an empty one after (index, term). */
  resetTo(index: LogIndex, term: Term): void {
    this.entries = [];
    this.bytes = 0;
    this.shared = false;
    this.snapshotIndex = index;
    this.snapshotTerm = term;
  }

  /** Copy-on-write: a fresh array of the first `keep` entries, so frozen views keep theirs. */
  private unshare(keep: number): void {
    this.entries = this.entries.slice(0, keep);
    this.shared = false;
  }

  private checkTerms(fromOffset: number): void {
    let prev = fromOffset === 0 ? this.snapshotTerm : this.entries[fromOffset - 1]!.term;
    for (let k = fromOffset; k < this.entries.length; k++) {
      const t = this.entries[k]!.term;
      assert(t >= prev, 'log: terms decrease', { index: this.snapshotIndex + k + 1, t, prev });
      prev = t;
    }
  }
}
