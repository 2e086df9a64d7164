import { decodeHardState } from '../core/raft/codec.ts';
import {
  NONE, isRequest, type HardStateImage, type LogIndex, type Message, type NodeId, type NodeStatus,
  type PersistedState, type Ready, type Request, type Term,
} from '../core/raft/types.ts';
import type { RaftHost } from './raft-host.ts';

/**
 * Cheap variable-level invariants (raft-bugs.md §4): each looks at a few variables of one or two
 * nodes after every Ready, so a bug is caught at the step that breaks the rule, long before a
 * client could see it (SandTable's short counterexamples come from exactly such checks):
 * - Term Monotonicity: a server's currentTerm never decreases, across restarts too (it is
 *   saved before any message that carries it leaves);
 * - Commit Monotonicity: a node's commitIndex never decreases (within one incarnation: it is
 *   volatile);
 * - Match Monotonicity: a leader's matchIndex for a follower never decreases within its term;
 * - Match Prefix: a leader's matchIndex for a follower of its term never exceeds the prefix the
 *   follower really shares with it (same term at that index, or covered by its snapshot);
 * - Leader Quorum: a leader of term t was granted votes in term t by a quorum (itself included),
 *   counting the granted RequestVoteReplies the voters sent;
 * - Persist Before Send: every message leaves after the state it depends on is saved: the
 *   sender's term, and for a granted vote the vote itself (Figure 2, "updated on stable storage
 *   before responding to RPCs");
 * - Term Adoption: after a node handles a message of term T, its term is at least T (Figure 2,
 *   "if RPC request or response contains term T > currentTerm: set currentTerm = T");
 * - Current Term Commit: a leader advances its commitIndex only to an entry of its own term
 *   (§5.4.2; Figure 8 is what happens otherwise);
 * - Vote Rule: a granted vote went to a candidate whose log, as its RequestVote described it,
 *   is at least as up to date as the voter's (§5.4.1);
 * - Known Leader: a node that names a leader of its term names the one server that led it.
 * - Timer Discipline: a request the node refuses without changing its term or role (an
 *   AppendEntries or InstallSnapshot of an older term, a RequestVote it does not grant) does not
 *   re-arm its timer (Figure 2: only a current leader's RPC or a granted vote resets it; the
 *   Students' Guide's "only three events"). Elections of a server that resets it on every
 *   request slow down, or never end; no other check sees that.
 * Per-index applied-command agreement is State Machine Safety in sim/safety.ts.
 *
 * The node is read through status(), its log's termAt (as sim/safety.ts does), and one
 * optional read-only accessor of the Raft contract: matchIndexOf(peer) (core/raft/contract.ts).
 */
export class VariableMonitor {
  private readonly maxTerm = new Map<NodeId, Term>();
  /** The leader's match per follower, for the (host, term) it was recorded in. */
  private readonly matches = new Map<NodeId, { term: Term; inc: number; match: LogIndex[] }>();
  /** term -> candidate -> voters that sent it a granted vote in that term. */
  private readonly grants = new Map<Term, Map<NodeId, Set<NodeId>>>();
  /** The leader of each term, once seen (Election Safety makes it unique). */
  private readonly leaderOf = new Map<Term, NodeId>();
  /** "term/candidate" -> the last log entry its RequestVote described. */
  private readonly asked = new Map<string, { index: LogIndex; term: Term }>();
  /**
   * The request each node stepped last, until the Ready it produced (its reply is in it), by
   * server id. An array: a Map set and emptied at every step reallocated its table each time.
   */
  private readonly request: Array<Request | undefined> = [];

  constructor(private readonly hosts: () => readonly RaftHost[],
    private readonly fail: (invariant: string, details: string) => never) {}

  /** `after`: the node's status as the Ready was drained (asked of the node when absent). */
  observe(host: RaftHost, before: NodeStatus, ready: Ready, after?: NodeStatus): void {
    const now = after ?? host.node!.status();
    this.checkTerm(host, before, now);
    const request = this.request[host.id];
    if (request !== undefined) {
      this.request[host.id] = undefined;
      this.checkTimer(host, request, before, ready, now);
    }
    if (now.commitIndex < before.commitIndex) {
      this.fail('Commit Monotonicity', `server ${host.id}'s commitIndex went back from ` +
        `${before.commitIndex} to ${now.commitIndex}`);
    }
    if (ready.messages.length > 0) this.checkSends(host, ready, now);
    if (now.role === 'leader') {
      this.leaderOf.set(now.term, host.id);
      if (before.role !== 'leader' || before.term !== now.term) this.checkQuorum(host, now);
      if (now.commitIndex > before.commitIndex) this.checkCommitTerm(host, now);
      this.checkMatches(host, now);
    } else {
      this.checkKnownLeader(host, now);
      this.checkFollower(host, now);
    }
  }

  /** Timer Discipline, on the Ready that answers `m` (a request always gets its reply there). */
  private checkTimer(host: RaftHost, m: Request, before: NodeStatus, ready: Ready,
    now: NodeStatus): void {
    if (ready.timer === null || now.term !== before.term || now.role !== before.role) return;
    const reply = ready.messages.find((r) => r.to === m.from && !isRequest(r));
    if (reply === undefined || !refuses(m, reply, before.term)) return;
    this.fail('Timer Discipline', `server ${host.id} (${now.role}, term ${now.term}) re-armed ` +
      `its timer on ${m.type} from ${m.from} of term ${m.term}, which it answered with a refusal`);
  }

  private checkCommitTerm(host: RaftHost, now: NodeStatus): void {
    const t = host.node!.termAt(now.commitIndex);
    if (t !== now.term) {
      this.fail('Current Term Commit', `leader ${host.id} (term ${now.term}) advanced its ` +
        `commitIndex to ${now.commitIndex}, an entry of term ${t}`);
    }
  }

  private checkKnownLeader(host: RaftHost, now: NodeStatus): void {
    if (now.leader === NONE || now.leader === host.id) return;
    const led = this.leaderOf.get(now.term);
    if (led !== now.leader) {
      this.fail('Known Leader', `server ${host.id} follows ${now.leader} in term ${now.term}, ` +
        `but ${led === undefined ? 'no server' : `server ${led}`} led that term`);
    }
  }

  /** Term Adoption: called after the node stepped `m`. */
  stepped(host: RaftHost, m: Message): void {
    this.request[host.id] = isRequest(m) ? m : undefined;
    const term = host.node?.status().term;
    if (term !== undefined && term < m.term) {
      this.fail('Term Adoption', `server ${host.id} handled ${m.type} from ${m.from} of term ` +
        `${m.term} and stayed in term ${term}`);
    }
  }

  private checkTerm(host: RaftHost, before: NodeStatus, now: NodeStatus): void {
    const max = this.maxTerm.get(host.id) ?? 0;
    const low = Math.min(before.term, now.term);
    if (low < max) {
      this.fail('Term Monotonicity', `server ${host.id}'s currentTerm went back from ${max} to ` +
        `${low}`);
    }
    if (now.term > max) this.maxTerm.set(host.id, now.term);
  }

  /** Persist Before Send, the Vote Rule, and the grants Leader Quorum counts. */
  private checkSends(host: RaftHost, ready: Ready, now: NodeStatus): void {
    const saved = hardState(ready.persist ?? host.persister.read());
    const messages = ready.messages;
    for (let k = 0; k < messages.length; k++) {
      const m = messages[k]!;
      if (saved.term < m.term) {
        this.fail('Persist Before Send', `server ${host.id} sends ${m.type} of term ${m.term} ` +
          `to ${m.to} while its saved term is ${saved.term}`);
      }
      if (m.type === 'RequestVote') {
        this.asked.set(`${m.term}/${m.from}`, { index: m.lastLogIndex, term: m.lastLogTerm });
      }
      if (m.type !== 'RequestVoteReply' || !m.granted) continue;
      this.checkVote(host, m.to, m.term, now);
      if (saved.term !== m.term || saved.votedFor !== m.to) {
        this.fail('Persist Before Send', `server ${host.id} grants ${m.to} its vote in term ` +
          `${m.term}, but its saved state is term ${saved.term}, vote ${saved.votedFor}`);
      }
      let byCandidate = this.grants.get(m.term);
      if (byCandidate === undefined) {
        byCandidate = new Map();
        this.grants.set(m.term, byCandidate);
      }
      let voters = byCandidate.get(m.to);
      if (voters === undefined) {
        voters = new Set();
        byCandidate.set(m.to, voters);
      }
      voters.add(host.id);
    }
  }

  /** Vote Rule: the candidate's log (as it asked) is at least as up to date as the voter's. */
  private checkVote(host: RaftHost, candidate: NodeId, term: Term, now: NodeStatus): void {
    const c = this.asked.get(`${term}/${candidate}`);
    if (c === undefined) return;
    if (c.term > now.lastTerm || (c.term === now.lastTerm && c.index >= now.lastIndex)) return;
    this.fail('Vote Rule', `server ${host.id} grants ${candidate} its vote in term ${term}, but ` +
      `${candidate}'s log (last entry ${c.index}, term ${c.term}) is behind its own (last entry ` +
      `${now.lastIndex}, term ${now.lastTerm})`);
  }

  private checkQuorum(host: RaftHost, now: NodeStatus): void {
    const voters = new Set(this.grants.get(now.term)?.get(host.id) ?? []);
    if (now.votedFor === host.id) voters.add(host.id);
    const n = this.hosts().length;
    const quorum = Math.floor(n / 2) + 1;
    if (voters.size < quorum) {
      this.fail('Leader Quorum', `server ${host.id} leads term ${now.term} with votes from ` +
        `${voters.size} of ${n} servers (${[...voters].join(', ') || 'none'}); a quorum is ` +
        `${quorum}`);
    }
  }

  /** Match Monotonicity and Match Prefix for every follower of a leader. */
  private checkMatches(host: RaftHost, now: NodeStatus): void {
    const node = host.node!;
    if (node.matchIndexOf === undefined) return;
    // The hosts by index (a host's index is its id); no list of ids made per Ready.
    const hosts = this.hosts();
    const inc = host.currentIncarnation;
    let last = this.matches.get(host.id);
    if (last === undefined || last.term !== now.term || last.inc !== inc) {
      last = { term: now.term, inc, match: hosts.map(() => 0) };
      this.matches.set(host.id, last);
    }
    for (let k = 0; k < hosts.length; k++) {
      const p = hosts[k]!.id;
      if (p === host.id) continue;
      const m = node.matchIndexOf!(p);
      if (m === undefined) continue;
      if (m < last.match[k]!) {
        this.fail('Match Monotonicity', `leader ${host.id} (term ${now.term}) lowered its ` +
          `matchIndex for ${p} from ${last.match[k]} to ${m}`);
      }
      last.match[k] = m;
      this.checkPrefix(host, now, hosts[p], m);
    }
  }

  /** A follower's Ready: its leader's match for it must still hold (Match Prefix). */
  private checkFollower(host: RaftHost, now: NodeStatus): void {
    const id = this.leaderOf.get(now.term);
    const l = id === undefined ? undefined : this.hosts()[id];
    if (l === undefined || l === host || l.node === null) return;
    const ls = l.node.status();
    if (ls.role !== 'leader' || ls.term !== now.term) return;
    const m = l.node.matchIndexOf?.(host.id);
    if (m !== undefined) this.checkPrefix(l, ls, host, m, now);
  }

  /** `known`: the follower's status, when the caller has it (the Ready being observed). */
  private checkPrefix(leader: RaftHost, ls: NodeStatus, f: RaftHost | undefined,
    m: LogIndex, known?: NodeStatus): void {
    if (m === 0 || f === undefined || f.node === null) return;
    const fs = known ?? f.node.status();
    if (fs.term !== ls.term || m <= fs.snapshotIndex) return;
    const mine = leader.node!.termAt(m);
    const theirs = f.node.termAt(m);
    if (mine !== undefined && theirs !== mine) {
      this.fail('Match Prefix', `leader ${leader.id} (term ${ls.term}) has matchIndex ${m} for ` +
        `${f.id}, but ${f.id} holds ${theirs === undefined ? 'no entry' : `term ${theirs}`} ` +
        `there (the leader: term ${mine})`);
    }
  }
}

/**
 * Does `reply` refuse `m`? A vote not granted; an AppendEntries of an older term that did not
 * succeed (a same-term one that failed on a log mismatch came from the leader: that resets the
 * timer); an InstallSnapshot of an older term (its reply has no flag).
 */
function refuses(m: Request, reply: Message, term: Term): boolean {
  if (reply.type === 'RequestVoteReply') return !reply.granted;
  if (reply.type === 'AppendEntriesReply') return !reply.success && m.term < term;
  return m.type === 'InstallSnapshot' && m.term < term;
}

/** The saved term and vote (decoded only for a save that does not carry its fields). */
function hardState(s: PersistedState): Pick<HardStateImage, 'term' | 'votedFor'> {
  if (s.hard !== undefined) return s.hard;
  if (s.raftState.length === 0) return { term: 0, votedFor: -1 };
  return decodeHardState(s.raftState);
}
