/**
 * Your Raft, for raftsim: the MIT 6.5840 Raft lab (3A-3D) as one TypeScript class that raftsim
 * drives through its contract (`import type { Raft } from 'raftsim'`, see node_modules/raftsim/
 * cli/api.ts). raftsim gives it messages and timeouts through step(), and carries out what
 * ready() hands back: save, send, apply, re-arm the timer. It never calls anything else.
 *
 * What is here already: the state of Figure 2, step() routing each message, ready() and the
 * read-only methods raftsim's checkers use, the timer and the log helpers. What you write is
 * marked `TODO(3A)` ... `TODO(3D)`, in the course's order; each method says what it must do.
 * Read Figure 2 of the Raft paper (extended version) beside it.
 *
 *   npx raftsim run '*3A' --impl ./raft.ts      the 3A tests (README.md walks you through)
 *   npx tsc --noEmit                            type-check
 *
 * Rules raftsim needs (it checks them): no clock, timers, Math.random or I/O; randomness only
 * from `random`; every request you step gets exactly one reply in the ready() that follows.
 */
import type {
  AppendEntries, AppendEntriesReply, ApplyMsg, Entry, HardStateImage, Input, InstallSnapshot,
  InstallSnapshotReply, LogIndex, LogWrite, Message, NodeId, NodeStatus, PersistedState, Raft,
  RaftConfig, RaftFactory, Random, Ready, RequestVote, RequestVoteReply, Role, Term,
} from 'raftsim';
import {
  decodeRaftState, electionTimeoutSite, NONE, persistedState, raftStateSize, rangeInclusive,
} from 'raftsim';

/** What raftsim loads: `npx raftsim run '*3A' --impl ./raft.ts`. */
export const createRaft: RaftFactory = (config, random, persisted) =>
  new MyRaft(config, random, persisted);

class MyRaft implements Raft {
  // Persistent state (Figure 2), saved by persist() before any message that depends on it.
  private term: Term = 0;
  private votedFor: NodeId = NONE;
  /** The entries after the snapshot: log[k] is the entry at index snapshotIndex + 1 + k. */
  private log: Entry[] = [];
  private snapshotIndex: LogIndex = 0;
  private snapshotTerm: Term = 0;
  private snapshotData: Uint8Array = new Uint8Array(0);

  // Volatile state.
  private role: Role = 'follower';
  private leader: NodeId = NONE;
  private commitIndex: LogIndex = 0;
  private lastApplied: LogIndex = 0;
  private votes = new Set<NodeId>();
  private readonly nextIndex = new Map<NodeId, LogIndex>();
  private readonly matchIndex = new Map<NodeId, LogIndex>();

  // Effects waiting for ready().
  private dirty = false;
  private messages: Message[] = [];
  private snapshotsToApply: ApplyMsg[] = [];
  private logWrites: LogWrite[] = [];
  private timer: { afterMs: number; gen: number } | null = null;
  private timerGen = 0;

  constructor(private readonly config: RaftConfig, private readonly random: Random,
    persisted: PersistedState) {
    this.restore(persisted);
    this.resetElectionTimer();
  }

  // ---- The contract: raftsim calls these. ----

  step(input: Input): void {
    if (input.type === 'timeout') {
      if (input.gen === this.timerGen) this.onTimeout(); // an older timer was replaced
      return;
    }
    const m = input.message;
    // Figure 2, all servers: a higher term in any message makes this server a follower.
    if (m.term > this.term) this.becomeFollower(m.term, NONE);
    switch (m.type) {
      case 'RequestVote': return this.send(this.handleRequestVote(m));
      case 'RequestVoteReply': return this.handleVoteReply(m);
      case 'AppendEntries': return this.send(this.handleAppendEntries(m));
      case 'AppendEntriesReply': return this.handleAppendReply(m);
      case 'InstallSnapshot': return this.send(this.handleInstallSnapshot(m));
      case 'InstallSnapshotReply': return this.handleSnapshotReply(m);
    }
  }

  /** The course's Start(): append a command if this server leads; null if it does not. */
  propose(command: Uint8Array): { index: LogIndex; term: Term } | null {
    // TODO(3B): if you lead, append { term, command } at lastIndex() + 1 (writeLog), persist(),
    // send it to every peer, advanceCommit() (a cluster of one commits at once), and return
    // its index and term. Otherwise return null.
    return null;
  }

  /** The service has snapshotted everything through `index`: drop the log up to there. */
  snapshot(index: LogIndex, data: Uint8Array): void {
    // TODO(3D): the service has applied and snapshotted everything through `index`: unless it
    // is older than your snapshot (or not applied yet), drop the log through `index`, keep its
    // term as snapshotTerm, keep `data`, and persist().
  }

  /** Hands over (and forgets) the effects of the calls since the last ready(). */
  ready(): Ready {
    const apply = this.snapshotsToApply;
    while (this.lastApplied < this.commitIndex) {
      const index = ++this.lastApplied;
      const e = this.log[index - this.snapshotIndex - 1]!;
      apply.push({ type: 'command', index, term: e.term, command: e.command });
    }
    const r: Ready = {
      persist: this.dirty ? this.savedState() : null, logWrites: this.logWrites,
      messages: this.messages, apply, timer: this.timer,
    };
    this.dirty = false;
    this.messages = [];
    this.snapshotsToApply = [];
    this.logWrites = [];
    this.timer = null;
    return r;
  }

  status(): NodeStatus {
    return {
      id: this.config.id, role: this.role, term: this.term, votedFor: this.votedFor,
      leader: this.leader, commitIndex: this.commitIndex, lastApplied: this.lastApplied,
      snapshotIndex: this.snapshotIndex, snapshotTerm: this.snapshotTerm,
      lastIndex: this.lastIndex(), lastTerm: this.lastTerm(),
    };
  }

  termAt(index: LogIndex): Term | undefined {
    if (index === this.snapshotIndex) return this.snapshotTerm;
    return this.log[index - this.snapshotIndex - 1]?.term;
  }

  entries(from: LogIndex, to: LogIndex): readonly Entry[] {
    return this.log.slice(from - this.snapshotIndex - 1, to - this.snapshotIndex);
  }

  persistedSize(): number {
    return raftStateSize(this.hardState());
  }

  // ---- Part 3A: leader election. ----

  /** The one timer: a leader's heartbeat, everyone else's election timeout. */
  private onTimeout(): void {
    if (this.role === 'leader') {
      for (const to of this.peers()) this.sendAppendEntries(to);
      this.armTimer(this.config.heartbeatMs);
    } else {
      this.startElection();
    }
  }

  /** Become a candidate in the next term, vote for yourself, and ask every peer for a vote. */
  private startElection(): void {
    // TODO(3A): become a candidate: next term, vote for yourself (this.votes), forget the
    // leader, persist(), reset the election timer, and send every peer a RequestVote with
    // your last log index and term. (With no peers, you already have a majority.)
  }

  /** Figure 2, RequestVote receiver (a higher term was adopted in step()). */
  private handleRequestVote(m: RequestVote): RequestVoteReply {
    // TODO(3A): grant the vote if m.term is your term, you have not voted for someone else in
    // it, and the candidate's log is at least as up to date as yours (§5.4.1: last term
    // first, then length). When you grant it: remember the vote, persist(), and reset your
    // election timer. Reply either way, with your term.
    return { type: 'RequestVoteReply', from: this.config.id, to: m.from, term: this.term,
      granted: false };
  }

  /** Count a vote for this term's candidacy; a majority makes this server the leader. */
  private handleVoteReply(m: RequestVoteReply): void {
    // TODO(3A): a granted vote for your current candidacy (same term, still a candidate)
    // counts; with votes from a majority (isMajority), becomeLeader().
  }

  /** Won the election: start replicating from the end of the log, and send heartbeats now. */
  private becomeLeader(): void {
    // TODO(3A): lead: set role and leader, start every peer's nextIndex just past your log
    // (matchIndex 0), send them all an AppendEntries at once (sendAppendEntries), and arm
    // the timer for the next heartbeat (armTimer(this.config.heartbeatMs)).
  }

  /** Step down to follower (in `term`, if it is newer: then no vote is cast in it yet). */
  private becomeFollower(term: Term, leader: NodeId): void {
    // TODO(3A): adopt a newer term (with no vote cast in it yet: persist() that), become a
    // follower of `leader` (NONE if unknown), and if you were the leader, turn the heartbeat
    // timer back into an election timer (resetElectionTimer).
  }

  /** Figure 2, AppendEntries receiver: the term and the timer here, the log in 3B. */
  private handleAppendEntries(m: AppendEntries): AppendEntriesReply {
    // TODO(3A): refuse a message from an older term (rejectAppend(m, 0, 0)); otherwise its
    // sender leads this term: become its follower, reset your election timer, and let
    // appendFromLeader (3B) check and extend the log and make the reply.
    return this.rejectAppend(m, 0, 0);
  }

  /** Send `to` what it lacks from nextIndex on (none: a heartbeat), or the snapshot (3D). */
  private sendAppendEntries(to: NodeId): void {
    // TODO(3A): send `to` an AppendEntries with your term and commit index. For 3A a
    // heartbeat is enough; for 3B it carries the entries from nextIndex on (at most
    // config.maxEntriesPerAppend) after prevLogIndex = nextIndex - 1 and its term; for 3D,
    // when nextIndex is at or below your snapshot, send an InstallSnapshot instead.
  }

  // ---- Part 3B: the log. ----

  /** Figure 2, AppendEntries receiver steps 2-5, from the leader of this term. */
  private appendFromLeader(m: AppendEntries): AppendEntriesReply {
    // TODO(3B): Figure 2, AppendEntries receiver steps 2-5. Reject (rejectAppend, with the
    // fast-backup hint: conflictTerm = your term at prevLogIndex and conflictIndex = the first
    // index of that term, or conflictTerm 0 and conflictIndex = lastIndex() + 1 if your log is
    // too short) unless your log holds prevLogIndex with prevLogTerm. Then append the entries,
    // truncating only at the first entry whose term differs (writeLog; persist()), and move
    // commitIndex up to min(leaderCommit, index of the last new entry). Reply success with
    // matchIndex = that last new index.
    return this.rejectAppend(m, this.lastIndex() + 1, 0);
  }

  /** The leader learns how far a follower's log matches, or backs up and tries again. */
  private handleAppendReply(m: AppendEntriesReply): void {
    // TODO(3B): as leader, for a reply of this term: on success raise matchIndex and
    // nextIndex (never lower them: replies arrive late and out of order) and advanceCommit();
    // on failure (for the probe you last sent: m.prevLogIndex === nextIndex - 1) back
    // nextIndex up using the hint (past your last entry of conflictTerm if you have one, else
    // to conflictIndex), never below matchIndex + 1, and send again.
  }

  /** Commit the highest entry of this term that a majority stores (§5.4.2: only this term's). */
  private advanceCommit(): void {
    // TODO(3B): commit the highest index N > commitIndex that a majority stores (you, and the
    // peers with matchIndex >= N) if the entry at N is of your current term (§5.4.2, Figure 8).
  }

  // ---- Part 3C: persistence. ----

  /**
   * Term, vote or log changed: save them with the next ready(), before its messages leave.
   * Call it whenever you change one (raftsim's monitor checks, from 3A on, that a server has
   * saved the term and vote a message of its carries before the message leaves).
   */
  private persist(): void {
    this.dirty = true;
  }

  /** A restarted server reads back its last save (a fresh one has an empty raftState). */
  private restore(persisted: PersistedState): void {
    // TODO(3C): a restarted server gets its last save back. If persisted.raftState is not
    // empty, decodeRaftState(it) and restore term, vote, log and snapshot point (with
    // persisted.snapshot); commitIndex and lastApplied restart at the snapshot.
  }

  // ---- Part 3D: snapshots. ----

  /** §7, InstallSnapshot receiver: take a snapshot newer than what this server committed. */
  private handleInstallSnapshot(m: InstallSnapshot): InstallSnapshotReply {
    // TODO(3D): §7. Refuse an older term; otherwise follow the sender and reset your election
    // timer. A snapshot at or below your commitIndex is stale: never roll back. A newer one
    // replaces your log through lastIncludedIndex (keep what follows if your log has that
    // index with lastIncludedTerm), moves commitIndex and lastApplied to it, is handed to the
    // service (push { type: 'snapshot', ... } on snapshotsToApply), and is persisted. Reply
    // with the index you now hold everything through.
    return { type: 'InstallSnapshotReply', from: this.config.id, to: m.from, term: this.term,
      lastIncludedIndex: 0 };
  }

  /** A follower holds everything through the snapshot it was sent. */
  private handleSnapshotReply(m: InstallSnapshotReply): void {
    // TODO(3D): as leader, for a reply of this term: the follower holds everything through
    // m.lastIncludedIndex: raise its matchIndex and nextIndex, and advanceCommit().
  }

  // ---- Helpers. ----

  private peers(): NodeId[] {
    return this.config.peers.filter((p) => p !== this.config.id);
  }

  private isMajority(count: number): boolean {
    return count * 2 > this.config.peers.length;
  }

  private lastIndex(): LogIndex {
    return this.snapshotIndex + this.log.length;
  }

  private lastTerm(): Term {
    return this.termAt(this.lastIndex())!;
  }

  /** Replace the log from `index` on with `entries` (what followed them is cut). */
  private writeLog(index: LogIndex, entries: readonly Entry[]): void {
    this.log = [...this.log.slice(0, index - this.snapshotIndex - 1), ...entries];
    this.logWrites.push({ fromIndex: index, entries });
  }

  private rejectAppend(m: AppendEntries, conflictIndex: LogIndex,
    conflictTerm: Term): AppendEntriesReply {
    return { type: 'AppendEntriesReply', from: this.config.id, to: m.from, term: this.term,
      success: false, prevLogIndex: m.prevLogIndex, matchIndex: 0, conflictIndex, conflictTerm };
  }

  private send(m: Message): void {
    this.messages.push(m);
  }

  /** Arm the one timer for `afterMs`; a timeout of any earlier one is ignored (its gen). */
  private armTimer(afterMs: number): void {
    this.timerGen += 1;
    this.timer = { afterMs, gen: this.timerGen };
  }

  /**
   * A new random election timeout, drawn at raftsim's site for it: `raftsim shrink` then
   * knows which timeout is calm (staggered by server), and a shrunk run keeps electing.
   */
  private resetElectionTimer(): void {
    const { electionTimeoutMinMs: min, electionTimeoutMaxMs: max } = this.config;
    this.armTimer(rangeInclusive(this.random, min, max, electionTimeoutSite(this.config)));
  }

  /** The state persist() saves: Figure 2's persistent fields, in raftsim's encoding. */
  private savedState(): PersistedState {
    return persistedState({ ...this.hardState(), entries: [...this.log] }, this.snapshotData);
  }

  /** Figure 2's persistent fields (the log not copied: read it before it changes). */
  private hardState(): HardStateImage {
    return { term: this.term, votedFor: this.votedFor, snapshotIndex: this.snapshotIndex,
      snapshotTerm: this.snapshotTerm, entries: this.log };
  }
}
