import type { LogIndex, NodeStatus, Term } from '../core/raft/types.ts';

/**
 * The recorder's copy of one server's log terms, kept from the Ready's log writes and the
 * node's status, exactly as the timeline page rebuilds it; `apply` says whether the copy still
 * agrees with the node (last index and term, snapshot point).
 * Invariant: terms[k] is the term of index base + 1 + k.
 */
export class LogMirror {
  constructor(private base: LogIndex, private baseTerm: Term, private terms: Term[]) {}

  apply(writes: readonly { from: LogIndex; entries: readonly { term: Term }[] }[],
    s: NodeStatus): boolean {
    for (const w of writes) {
      const keep = w.from - this.base - 1;
      if (keep < 0 || keep > this.terms.length) return false;
      this.terms.length = keep;
      for (const e of w.entries) this.terms.push(e.term);
    }
    if (s.snapshotIndex !== this.base) {
      const drop = s.snapshotIndex - this.base;
      if (drop < 0) return false;
      if (drop <= this.terms.length && this.termAt(s.snapshotIndex) !== s.snapshotTerm &&
        s.lastIndex > s.snapshotIndex) return false;
      this.terms = this.terms.slice(drop);
      this.base = s.snapshotIndex;
      this.baseTerm = s.snapshotTerm;
    }
    if (this.base + this.terms.length > s.lastIndex) this.terms.length = s.lastIndex - this.base;
    return this.base + this.terms.length === s.lastIndex && this.termAt(s.lastIndex) === s.lastTerm;
  }

  private termAt(i: LogIndex): Term | undefined {
    return i === this.base ? this.baseTerm : this.terms[i - this.base - 1];
  }
}
