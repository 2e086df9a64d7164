import type { Random } from '../../core/random.ts';
import { encodeHardState } from '../../core/raft/codec.ts';
import type { Raft } from '../../core/raft/contract.ts';
import { RaftNode } from '../../core/raft/node.ts';
import {
  DEFAULT_TIMING, NONE, type Entry, type LogIndex, type Message, type NodeId, type RaftConfig,
  type Ready, type Role, type Term,
} from '../../core/raft/types.ts';

/**
 * Builds a RaftNode in a given state, for table tests (etcd's newTestRaft + becomeX shape).
 * Every node is server 0 of an n-server cluster unless `id` says otherwise.
 *
 * The state is reached only through the Raft contract, as a host would reach it: the node
 * restarts from a save, learns its commit index from a leader's heartbeat, times out into a
 * candidate, wins on granted votes, proposes the entries of its own term and hears its
 * followers' acknowledgements. So a spec must describe a reachable state (buildNode refuses a
 * candidate holding entries of its own term, for instance).
 */
export interface NodeSpec {
  readonly id?: NodeId;
  readonly n?: number;
  readonly term: Term;
  readonly votedFor?: NodeId;
  /** Terms of the log entries after the snapshot, oldest first. */
  readonly log?: readonly Term[];
  readonly snapshot?: { readonly index: LogIndex; readonly term: Term };
  /** commitIndex (and lastApplied): defaults to the snapshot index. Learnt before any election. */
  readonly commit?: LogIndex;
  readonly role?: Role;
  /** Leader only: match index of each server, acknowledged by it (its own is ignored). */
  readonly matches?: readonly LogIndex[];
}

/** Always the benign draw: the election timeout is exactly its minimum. */
export const zeroRandom: Random = { below: () => 0 };

const encoder = new TextEncoder();

/** The command of the entry (index, term): same index and term, same bytes (Log Matching). */
export function entry(index: LogIndex, term: Term): Entry {
  return { term, command: encoder.encode(`i${index}t${term}`) };
}

export function entries(fromIndex: LogIndex, terms: readonly Term[]): Entry[] {
  return terms.map((t, k) => entry(fromIndex + k, t));
}

export function configFor(id: NodeId, n: number): RaftConfig {
  return { id, peers: Array.from({ length: n }, (_, i) => i), ...DEFAULT_TIMING };
}

export function snapshotData(index: LogIndex): Uint8Array {
  return encoder.encode(`snapshot through ${index}`);
}

/** A node in the state `spec` describes, with every effect of getting there drained. */
export function buildNode(spec: NodeSpec): RaftNode {
  const id = spec.id ?? 0;
  const n = spec.n ?? 3;
  const snap = spec.snapshot ?? { index: 0, term: 0 };
  const terms = spec.log ?? [];
  const elected = spec.role === 'candidate' || spec.role === 'leader';
  // Entries of its own term are what a leader proposed; all others it held before the election.
  const own = elected ? terms.filter((t) => t === spec.term).length : 0;
  if (own > 0 && spec.role !== 'leader') {
    throw new Error(`buildNode: a ${spec.role} of term ${spec.term} holds no entry of it`);
  }
  const before = terms.slice(0, terms.length - own);
  const raftState = encodeHardState({
    term: elected ? spec.term - 1 : spec.term, votedFor: elected ? NONE : spec.votedFor ?? NONE,
    snapshotIndex: snap.index, snapshotTerm: snap.term, entries: entries(snap.index + 1, before),
  });
  const snapshot = snap.index > 0 ? snapshotData(snap.index) : new Uint8Array(0);
  const node = new RaftNode(configFor(id, n), zeroRandom, { raftState, snapshot });
  drain(node);
  const commit = spec.commit ?? snap.index;
  if (commit > snap.index) learnCommit(node, n, commit);
  if (elected) campaign(node);
  if (spec.role === 'leader') {
    win(node, n);
    for (let k = 0; k < own; k++) {
      node.propose(entry(node.status().lastIndex + 1, spec.term).command);
    }
    (spec.matches ?? []).forEach((m, p) => {
      if (p !== id && m > 0) stepDrained(node, ack(node, p, m));
    });
  }
  drain(node);
  return node;
}

/** The generation of each node's armed timer, as the last drained Ready set it. */
const timerGen = new WeakMap<Raft, number>();

/** node.ready(), remembering the timer it arms (for fireTimer). */
export function drain(node: Raft): Ready {
  const r = node.ready();
  if (r.timer !== null) timerGen.set(node, r.timer.gen);
  return r;
}

/** The node's armed timer fires (election timeout, or a leader's heartbeat). */
export function fireTimer(node: Raft): void {
  const gen = timerGen.get(node);
  if (gen === undefined) throw new Error('fireTimer: no timer armed');
  node.step({ type: 'timeout', gen });
}

function stepDrained(node: Raft, m: Message): void {
  node.step({ type: 'message', message: m });
  drain(node);
}

/** Another server leads the node's current term and says `commit` is committed. */
function learnCommit(node: Raft, n: number, commit: LogIndex): void {
  const s = node.status();
  if (commit > s.lastIndex) throw new Error(`buildNode: commit ${commit} beyond the log`);
  stepDrained(node, {
    type: 'AppendEntries', from: (s.id + 1) % n, to: s.id, term: s.term,
    prevLogIndex: s.lastIndex, prevLogTerm: s.lastTerm, entries: [], leaderCommit: commit,
  });
}

/** The election timeout: a candidate of the next term. */
function campaign(node: Raft): void {
  fireTimer(node);
  drain(node);
  if (node.status().role === 'follower') throw new Error('buildNode: did not campaign');
}

/** Granted votes from the other servers, in order, until the node leads. */
function win(node: Raft, n: number): void {
  const { id, term } = node.status();
  for (let p = 0; p < n && node.status().role !== 'leader'; p++) {
    if (p === id) continue;
    stepDrained(node, { type: 'RequestVoteReply', from: p, to: id, term, granted: true });
  }
}

/** Follower `from`'s acknowledgement that it holds the leader's log through `match`. */
function ack(node: Raft, from: NodeId, match: LogIndex): Message {
  const { id, term } = node.status();
  return {
    type: 'AppendEntriesReply', from, to: id, term, success: true, prevLogIndex: match,
    matchIndex: match, conflictIndex: 0, conflictTerm: 0,
  };
}
