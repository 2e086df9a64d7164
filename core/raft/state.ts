import { assert, unreachable } from '../assert.ts';
import { rangeInclusive, type DrawSite, type Random } from '../random.ts';
import { decodeHardState, hardStateSizeOf, LazySave } from './codec.ts';
import { campaign, handleRequestVote, handleVoteReply } from './election.ts';
import { handleAppendEntries, handleInstallSnapshot } from './follower.ts';
import { RaftLog, type FrozenEntries } from './log.ts';
import { Progress } from './progress.ts';
import {
  broadcastAppend, broadcastHeartbeat, handleAppendReply, handleSnapshotReply,
} from './replication.ts';
import type { RaftRules } from './rules.ts';
import { SnapshotApplyMsg, SnapshotHandle } from './snapshot.ts';
import {
  NONE, type ApplyMsg, type Entry, type HardStateImage, type Input, type LogIndex,
  type LogWrite, type Message, type NodeId, type NodeStatus, type PersistedState, type RaftConfig,
  type Ready, type Role, type Term,
} from './types.ts';

/**
 * The whole state of one Raft node and the transitions its role handlers share (etcd's `raft`
 * struct): one `step()`, role changes (`become*`), effects queued as data for `ready()`.
 *
 * Internal to core/raft: its fields are open to the role handlers (election.ts, follower.ts,
 * replication.ts) and to the rules (rules.ts), and to nothing else. Everyone else sees a node
 * through the narrow `Raft` contract (contract.ts) that RaftNode (node.ts) implements over it.
 * Nothing here does I/O, reads a clock, or draws unseeded randomness.
 */
export class RaftState {
  readonly config: RaftConfig;
  readonly random: Random;
  readonly rules: RaftRules;
  /** The election timeout's draw site (see electionTimeoutSite). */
  private readonly timeoutSite: DrawSite;
  private readonly others: readonly NodeId[];
  // Persistent state (Figure 2). Invariant: saved before any message that depends on it leaves.
  term: Term = 0;
  votedFor: NodeId = NONE;
  readonly log: RaftLog;
  snapshotData: SnapshotHandle = SnapshotHandle.EMPTY;
  // Volatile state. Invariant: lastApplied <= commitIndex <= log.lastIndex();
  // commitIndex only grows.
  role: Role = 'follower';
  leader: NodeId = NONE;
  commitIndex: LogIndex = 0;
  lastApplied: LogIndex = 0;
  /** The grants received in this term as a candidate, in arrival order (its own first). */
  votes: NodeId[] = [];
  progress = new Map<NodeId, Progress>();
  // Effects waiting for ready().
  private dirty = false;
  private messages: Message[] = [];
  private applies: ApplyMsg[] = [];
  private logWrites: LogWrite[] = [];
  private timer: { afterMs: number; gen: number } | null = null;
  private timerGen = 0;

  /** A fresh node, or one restarted from its last persisted state. */
  constructor(config: RaftConfig, random: Random, rules: RaftRules,
    persisted?: PersistedState) {
    assert(config.peers.includes(config.id), 'raft: peers must include the node itself', config);
    assert(config.electionTimeoutMinMs > config.heartbeatMs, 'raft: election timeout <= heartbeat');
    this.config = config;
    this.random = random;
    this.rules = rules;
    this.timeoutSite = electionTimeoutSite(config);
    this.others = config.peers.filter((p) => p !== config.id);
    if (persisted !== undefined && (persisted.hard !== undefined ||
      persisted.raftState.length > 0)) {
      // A save that carries its fields (a node's own) restarts from them: encoding its raft
      // state only to decode it again copied every command twice.
      const s = persisted.hard ?? decodeHardState(persisted.raftState);
      this.term = s.term;
      this.votedFor = s.votedFor;
      this.log = new RaftLog(s.snapshotIndex, s.snapshotTerm, [...s.entries]);
      this.snapshotData = SnapshotHandle.of(persisted.snapshot);
      this.commitIndex = s.snapshotIndex;
      this.lastApplied = s.snapshotIndex;
    } else {
      this.log = new RaftLog(0, 0, []);
    }
    this.resetElectionTimer();
  }

  /** The single entry point for messages and timer events. */
  step(input: Input): void {
    const dirtyBefore = this.dirty;
    if (input.type === 'timeout') {
      if (input.gen === this.timerGen) this.tick();
    } else {
      const m = input.message;
      assert(m.to === this.config.id, 'raft.step: message for another node', m);
      if (m.term > this.term) {
        const leader = m.type === 'AppendEntries' || m.type === 'InstallSnapshot' ? m.from : NONE;
        this.rules.adoptTerm(this, m.term, leader);
      }
      this.dispatch(m);
      this.checkInvariants();
    }
    if (!this.rules.persistsStep(input)) this.dirty = dirtyBefore;
  }

  /** Start(): append a command if leader. Returns its index and term, or null if not leader. */
  propose(command: Uint8Array): { index: LogIndex; term: Term } | null {
    if (this.role !== 'leader') return null;
    const index = this.log.append({ term: this.term, command });
    this.noteWrite(index, [this.log.entryAt(index)]);
    this.markDirty();
    this.progress.get(this.config.id)!.maybeUpdate(index);
    this.maybeCommit();
    broadcastAppend(this);
    return { index, term: this.term };
  }

  /** The service has a snapshot of everything through `index` (which it has applied). */
  snapshot(index: LogIndex, data: SnapshotHandle): void {
    assert(index <= this.lastApplied, 'raft.snapshot: index not yet applied',
      { index, lastApplied: this.lastApplied });
    if (index <= this.log.snapshotIndex) return;
    this.log.compactTo(index);
    this.snapshotData = data;
    this.markDirty();
  }

  /**
   * The effects since the last call. A host drains until a Ready is empty, so every drain ends
   * with one: that one, and any list with nothing in it, is a shared frozen constant.
   */
  ready(): Ready {
    this.collectApplies();
    if (!this.dirty && this.timer === null && this.messages.length === 0 &&
      this.applies.length === 0 && this.logWrites.length === 0) return EMPTY_READY;
    const ready: Ready = {
      persist: this.dirty ? this.persistedState() : null,
      logWrites: this.logWrites.length === 0 ? NOTHING : this.logWrites,
      messages: this.messages.length === 0 ? NOTHING : this.messages,
      apply: this.applies.length === 0 ? NOTHING : this.applies,
      timer: this.timer,
    };
    this.dirty = false;
    if (ready.messages !== NOTHING) this.messages = [];
    if (ready.apply !== NOTHING) this.applies = [];
    if (ready.logWrites !== NOTHING) this.logWrites = [];
    this.timer = null;
    return ready;
  }

  status(): NodeStatus {
    return {
      id: this.config.id, role: this.role, term: this.term, votedFor: this.votedFor,
      leader: this.leader, commitIndex: this.commitIndex, lastApplied: this.lastApplied,
      snapshotIndex: this.log.snapshotIndex, snapshotTerm: this.log.snapshotTerm,
      lastIndex: this.log.lastIndex(), lastTerm: this.log.lastTerm(),
    };
  }

  /** Bytes of the raft state as the course counts them (gob, codec.ts), without encoding it. */
  persistedSize(): number {
    return hardStateSizeOf(this.hardHeader(), this.log.entryBytes(), this.log.all().length);
  }

  private hardHeader(): Omit<HardStateImage, 'entries'> {
    return { term: this.term, votedFor: this.votedFor, snapshotIndex: this.log.snapshotIndex,
      snapshotTerm: this.log.snapshotTerm };
  }

  // ---- Used by the role handlers and the rules. ----

  send(m: Message): void {
    this.messages.push(m);
  }

  /** Persistent state changed: the next ready() carries a save of (raft state, snapshot). */
  markDirty(): void {
    this.dirty = true;
  }

  noteWrite(fromIndex: LogIndex, entries: readonly Entry[]): void {
    this.logWrites.push({ fromIndex, entries });
  }

  /** Replace the log from `fromIndex` on by `entries`; saved and reported to observers. */
  writeLog(fromIndex: LogIndex, entries: readonly Entry[]): void {
    this.log.truncateAndAppend(fromIndex, entries);
    this.noteWrite(fromIndex, entries);
    this.markDirty();
  }

  /** The other members (made once: every broadcast walks them). */
  peers(): readonly NodeId[] {
    return this.others;
  }

  quorum(): number {
    return Math.floor(this.config.peers.length / 2) + 1;
  }

  resetElectionTimer(): void {
    const c = this.config;
    this.armTimer(rangeInclusive(this.random, c.electionTimeoutMinMs, c.electionTimeoutMaxMs,
      this.timeoutSite));
  }

  advanceCommit(index: LogIndex): void {
    if (index <= this.commitIndex) return;
    assert(index <= this.log.lastIndex(), 'raft: commit beyond the log',
      { index, lastIndex: this.log.lastIndex() });
    this.commitIndex = index;
  }

  /** Leader: commit the index a majority stores, if the commit rule allows (Raft §5.4.2). */
  maybeCommit(): boolean {
    const n = this.rules.quorumIndex(this.config.peers.map((p) => this.progress.get(p)!.match));
    if (n <= this.commitIndex || !this.rules.commitsByCounting(this.log.termAt(n), this.term)) {
      return false;
    }
    this.advanceCommit(n);
    return true;
  }

  /** A snapshot arrived from the leader: deliver pending commands first, then the snapshot. */
  applySnapshot(index: LogIndex, term: Term, data: SnapshotHandle): void {
    this.collectApplies();
    this.applies.push(new SnapshotApplyMsg(index, term, data));
    this.snapshotData = data;
    this.commitIndex = Math.max(this.commitIndex, index);
    this.lastApplied = index;
    this.markDirty();
  }

  becomeFollower(term: Term, leader: NodeId): void {
    assert(term >= this.term, 'raft: term must not go back', { term, current: this.term });
    if (term > this.term) {
      this.term = term;
      this.votedFor = NONE;
      this.markDirty();
    }
    const wasLeader = this.role === 'leader';
    this.role = 'follower';
    this.leader = leader;
    this.progress.clear();
    // Figure 2 resets the election timer only on a granted vote or a valid leader message; a
    // candidate keeps its running timer, and a deposed leader swaps its heartbeat timer for one.
    if (wasLeader) this.resetElectionTimer();
  }

  becomeCandidate(): void {
    assert(this.role !== 'leader', 'raft: a leader cannot become candidate');
    this.term += 1;
    this.votedFor = this.config.id;
    this.role = 'candidate';
    this.leader = NONE;
    this.votes = [this.config.id];
    this.markDirty();
    this.resetElectionTimer();
  }

  becomeLeader(): void {
    assert(this.role === 'candidate', 'raft: only a candidate becomes leader', { role: this.role });
    assert(new Set(this.votes).size >= this.quorum(), 'raft: leader without a quorum of votes',
      { term: this.term, me: this.config.id, grants: this.votes });
    this.role = 'leader';
    this.leader = this.config.id;
    this.progress.clear();
    for (const p of this.config.peers) {
      this.progress.set(p, new Progress(this.log.lastIndex() + 1, this.rules.matchAfterAck));
    }
    this.progress.get(this.config.id)!.maybeUpdate(this.log.lastIndex());
    broadcastHeartbeat(this);
    this.armTimer(this.config.heartbeatMs);
  }

  // ---- Internals. ----

  private tick(): void {
    if (this.role === 'leader') {
      broadcastHeartbeat(this);
      this.armTimer(this.config.heartbeatMs);
    } else {
      campaign(this);
    }
  }

  private armTimer(afterMs: number): void {
    this.timerGen += 1;
    this.timer = { afterMs, gen: this.timerGen };
  }

  /** Role-specific handling of one message (term handling is already done in step). */
  private dispatch(m: Message): void {
    switch (m.type) {
      case 'RequestVote': return handleRequestVote(this, m);
      case 'RequestVoteReply': return handleVoteReply(this, m);
      case 'AppendEntries': return handleAppendEntries(this, m);
      case 'AppendEntriesReply': return handleAppendReply(this, m);
      case 'InstallSnapshot': return handleInstallSnapshot(this, m);
      case 'InstallSnapshotReply': return handleSnapshotReply(this, m);
      default: return unreachable(m, 'raft.step: unknown message type');
    }
  }

  private collectApplies(): void {
    while (this.lastApplied < this.commitIndex) {
      const index = this.lastApplied + 1;
      const e = this.log.entryAt(index);
      this.applies.push({ type: 'command', index, term: e.term, command: e.command });
      this.lastApplied = index;
    }
  }

  /** The state to save: a frozen copy of the fields, encoded to bytes only when read. */
  private persistedState(): PersistedState {
    const frozen = this.log.freeze();
    const hard = new SavedHardState(this.term, this.votedFor, this.log.snapshotIndex,
      this.log.snapshotTerm, frozen);
    return new LazySave(hard, this.snapshotData,
      hardStateSizeOf(hard, frozen.bytes, this.log.all().length));
  }

  private checkInvariants(): void {
    assert(this.lastApplied <= this.commitIndex, 'raft: lastApplied > commitIndex', this.status());
    const s = this.status();
    assert(s.commitIndex <= s.lastIndex, 'raft: commitIndex > lastIndex', s);
    assert(s.snapshotIndex <= s.commitIndex, 'raft: snapshot beyond commit', s);
    if (this.role === 'leader') assert(this.leader === this.config.id, 'raft: leader field wrong');
  }
}

/**
 * A save's fields, its entries a frozen view of the log (copied on first read). A class with
 * `entries` a getter on its prototype: an object literal with an own getter is built by a slow
 * runtime path, once per save. An object spread does not copy a prototype's getter: copy a
 * save's fields by name.
 */
class SavedHardState implements HardStateImage {
  constructor(readonly term: Term, readonly votedFor: NodeId, readonly snapshotIndex: LogIndex,
    readonly snapshotTerm: Term, private readonly frozen: FrozenEntries) {}

  get entries(): readonly Entry[] {
    return this.frozen.get();
  }
}

/** An empty list of effects (shared: a Ready's lists are read-only to the host). */
const NOTHING: readonly never[] = Object.freeze([]);
const EMPTY_READY: Ready = Object.freeze({
  persist: null, logWrites: NOTHING, messages: NOTHING, apply: NOTHING, timer: null,
});

/**
 * The election timeout as a draw site. Its benign value staggers the peers: the k-th of n peers
 * waits min + k/n of the range, so in a calm run the lowest live peer times out first and wins
 * before the next one starts (no split votes), and a run whose timeouts are all benign elects a
 * leader and keeps it. A benign timeout equal for all peers would split every vote forever: a
 * shrinker would then meet a different failure (no leader) whenever it made timeouts calm.
 */
export function electionTimeoutSite(config: RaftConfig): DrawSite {
  const range = config.electionTimeoutMaxMs - config.electionTimeoutMinMs + 1;
  const k = config.peers.indexOf(config.id);
  const min = config.electionTimeoutMinMs;
  return {
    name: 'election timeout',
    benign: Math.floor((k * range) / config.peers.length),
    describe: (v) => `election timeout ${min + v} ms`,
  };
}
