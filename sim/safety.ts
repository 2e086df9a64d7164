import { assert } from '../core/assert.ts';
import { persistedTermAt } from '../core/raft/codec.ts';
import type { PersistedState } from '../core/raft/types.ts';
import type { Entry, LogIndex, Message, NodeStatus, Ready, Term } from '../core/raft/types.ts';
import type { RaftHost, ReadyObserver } from './raft-host.ts';
import { VariableMonitor } from './safety-vars.ts';

/** A broken cluster-wide invariant: the run fails with it. */
export class SafetyViolation extends Error {
  override name = 'SafetyViolation';
  constructor(readonly invariant: string, readonly details: string, readonly states: unknown) {
    super(`${invariant}: ${details}`);
  }
}

interface CommittedEntry {
  readonly term: Term;
  readonly command: Uint8Array;
  /** The lowest current term of a node that reported the entry committed: the term it was
   * committed in (Leader Completeness binds the leaders of later terms only). */
  inTerm: Term;
}

/** An (index, term) written somewhere; entries of other terms at one index are chained. */
interface WrittenEntry {
  readonly term: Term;
  readonly command: Uint8Array;
  readonly prevTerm: Term | undefined;
  readonly other: WrittenEntry | undefined;
}

/**
 * Values by log index, in a plain array: indices are small, dense integers, and these tables
 * are read and written for every entry every node writes, commits or applies.
 */
class IndexTable<T> {
  private readonly items: Array<T | undefined> = [];

  get(i: LogIndex): T | undefined {
    return this.items[i];
  }

  set(i: LogIndex, v: T): void {
    if (!(Number.isInteger(i) && i >= 0)) assert(false, 'safety: bad log index', { i });
    this.items[i] = v;
  }
}

/**
 * Checks Raft's safety properties after every Ready of every node (it only observes):
 * - Election Safety: at most one leader per term;
 * - Log Matching: entries with the same index and term hold the same command and follow the same
 *   previous term (by induction, the logs are identical up to there);
 * - Leader Completeness: a new leader of term T holds every entry committed in a term before T
 *   (a candidate of an old term may still win it, from grants of that term, after later terms
 *   committed more: that is no violation);
 * - State Machine Safety: no two nodes commit or apply different commands at one index;
 * - Durability: every committed entry stays in the persisted state of a majority (checked on
 *   every crash), so no crash can lose it;
 * - and the cheap variable-level invariants of sim/safety-vars.ts (monotonic terms, commit and
 *   match indices, a leader's quorum and its followers' real prefixes, saves before sends, term
 *   adoption), which catch a bug at the step that breaks the rule.
 */
export class SafetyMonitor implements ReadyObserver {
  private readonly leaders = new Map<Term, number>();
  /** Every (index, term) written anywhere. */
  private readonly written = new IndexTable<WrittenEntry>();
  private readonly committed = new IndexTable<CommittedEntry>();
  private readonly applied = new IndexTable<Uint8Array>();
  commitMax = 0;
  /**
   * Whether the variable-level invariants run (default on). The paper/ scenarios turn them off:
   * each tells a famous bug to its classic consequence (two leaders, a lost entry), which these
   * checks would cut short at the first broken rule.
   */
  variables = true;
  private hosts: readonly RaftHost[] = [];
  private readonly vars = new VariableMonitor(() => this.hosts,
    (invariant, details) => this.fail(invariant, details));

  setHosts(hosts: readonly RaftHost[]): void {
    this.hosts = hosts;
  }

  observe(host: RaftHost, before: NodeStatus, ready: Ready, after?: NodeStatus): void {
    const now = after ?? host.node!.status();
    if (now.role === 'leader') this.checkElection(host, now, before);
    // Indexed loops: a for-of over these lists allocated an iterator result per element.
    const writes = ready.logWrites;
    for (let k = 0; k < writes.length; k++) {
      const w = writes[k]!;
      this.checkWrites(host, now, w.fromIndex, w.entries.length, before.commitIndex);
    }
    if (now.commitIndex > before.commitIndex) this.checkCommits(host, before.commitIndex, now);
    const apply = ready.apply;
    for (let k = 0; k < apply.length; k++) {
      const a = apply[k]!;
      if (a.type === 'command') this.checkApply(host, a.index, a.command);
    }
    if (this.variables) this.vars.observe(host, before, ready, now);
  }

  stepped(host: RaftHost, m: Message): void {
    if (this.variables) this.vars.stepped(host, m);
  }

  /** Durability: call after a crash. */
  checkDurable(): void {
    const c = this.commitMax;
    const entry = this.committed.get(c);
    if (c === 0 || entry === undefined) return;
    let holders = 0;
    for (const h of this.hosts) {
      const t = persistedTerm(h.persister.read(), c);
      if (t === 'covered' || t === entry.term) holders += 1;
    }
    if (holders < Math.floor(this.hosts.length / 2) + 1) {
      this.fail('Durability', `committed entry ${c} (term ${entry.term}) is persisted on only ` +
        `${holders} of ${this.hosts.length} servers`);
    }
  }

  private checkElection(host: RaftHost, now: NodeStatus, before: NodeStatus): void {
    const other = this.leaders.get(now.term);
    if (other !== undefined && other !== host.id) {
      this.fail('Election Safety', `two leaders in term ${now.term}: ${other} and ${host.id}`);
    }
    this.leaders.set(now.term, host.id);
    if (before.role === 'leader' && before.term === now.term) return;
    const node = host.node!;
    for (let i = Math.max(now.snapshotIndex + 1, 1); i <= this.commitMax; i++) {
      const c = this.committed.get(i);
      if (c === undefined || c.inTerm >= now.term) continue;
      if (i > now.lastIndex) {
        this.fail('Leader Completeness', `new leader ${host.id} (term ${now.term}) has log ` +
          `through ${now.lastIndex} but ${i} was committed in term ${c.inTerm}`);
      }
      if (node.termAt(i) !== c.term) {
        this.fail('Leader Completeness', `new leader ${host.id} (term ${now.term}) has term ` +
          `${node.termAt(i)} at committed index ${i}, committed term ${c.term}`);
      }
    }
  }

  private checkWrites(host: RaftHost, now: NodeStatus, from: LogIndex, count: number,
    ownCommit: LogIndex): void {
    const node = host.node!;
    const start = Math.max(from, now.snapshotIndex + 1);
    const written = node.entries(start, Math.min(from + count - 1, now.lastIndex));
    let prevTerm = node.termAt(start - 1);
    for (let k = 0; k < written.length; k++) {
      const i = start + k;
      const e: Entry = written[k]!;
      this.checkMatching(host, i, e, prevTerm);
      prevTerm = e.term;
      // A follower may hold a stale entry where others committed another (it has not learned
      // of that commit); it may never replace an entry it had itself committed.
      const c = i <= ownCommit ? this.committed.get(i) : undefined;
      if (c !== undefined && (c.term !== e.term || !bytesEqual(c.command, e.command))) {
        this.fail('State Machine Safety', `server ${host.id} overwrites index ${i}, which it had ` +
          `committed (term ${c.term}), with an entry of term ${e.term}`);
      }
    }
  }

  /** Log Matching: one (index, term) always holds one command after one previous term. */
  private checkMatching(host: RaftHost, i: LogIndex, e: Entry, prevTerm: Term | undefined): void {
    const first = this.written.get(i);
    let seen = first;
    while (seen !== undefined && seen.term !== e.term) seen = seen.other;
    if (seen === undefined) {
      this.written.set(i, { term: e.term, command: e.command, prevTerm, other: first });
      return;
    }
    if (!bytesEqual(seen.command, e.command) ||
        (seen.prevTerm !== undefined && prevTerm !== undefined && seen.prevTerm !== prevTerm)) {
      this.fail('Log Matching', `server ${host.id} holds a different entry at index ${i} ` +
        `term ${e.term} (previous term ${prevTerm} vs ${seen.prevTerm})`);
    }
  }

  private checkCommits(host: RaftHost, from: LogIndex, now: NodeStatus): void {
    const start = Math.max(from + 1, now.snapshotIndex + 1);
    const committed = host.node!.entries(start, now.commitIndex);
    for (let k = 0; k < committed.length; k++) {
      const i = start + k;
      const e = committed[k]!;
      const c = this.committed.get(i);
      if (c === undefined) {
        this.committed.set(i, { term: e.term, command: e.command, inTerm: now.term });
      } else if (c.term !== e.term || !bytesEqual(c.command, e.command)) {
        this.fail('State Machine Safety', `server ${host.id} commits term ${e.term} at index ` +
          `${i}, but term ${c.term} was committed there`);
      } else if (now.term < c.inTerm) {
        c.inTerm = now.term;
      }
    }
    if (now.commitIndex > this.commitMax) this.commitMax = now.commitIndex;
  }

  private checkApply(host: RaftHost, index: LogIndex, command: Uint8Array): void {
    const seen = this.applied.get(index);
    if (seen === undefined) this.applied.set(index, command);
    else if (!bytesEqual(seen, command)) {
      this.fail('State Machine Safety',
        `server ${host.id} applies a different command at index ${index}`);
    }
  }

  private fail(invariant: string, details: string): never {
    const states = this.hosts.map((h) =>
      (h.node === null ? { id: h.id, down: true } : h.node.status()));
    throw new SafetyViolation(invariant, details, states);
  }
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The term a save holds at `index` ('covered' by its snapshot), without encoding it if lazy. */
function persistedTerm(s: PersistedState, index: LogIndex): Term | 'covered' | undefined {
  const h = s.hard;
  if (h === undefined) return persistedTermAt(s.raftState, index);
  if (index < h.snapshotIndex) return 'covered';
  if (index === h.snapshotIndex) return h.snapshotTerm;
  return h.entries[index - h.snapshotIndex - 1]?.term;
}
