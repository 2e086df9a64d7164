import type { Random } from '../../core/random.ts';
import { encodeHardState } from '../../core/raft/codec.ts';
import { RaftNode } from '../../core/raft/node.ts';
import {
  DEFAULT_TIMING, NONE, type Entry, type LogIndex, type NodeId, type RaftConfig, type Ready,
  type Role, type Term,
} from '../../core/raft/types.ts';

/**
 * Builds a RaftNode in a given state, for table tests (etcd's newTestRaft + becomeX shape).
 * Every node is server 0 of an n-server cluster unless `id` says otherwise.
 */
export interface NodeSpec {
  readonly id?: NodeId;
  readonly n?: number;
  readonly term: Term;
  readonly votedFor?: NodeId;
  /** Terms of the log entries after the snapshot, oldest first. */
  readonly log?: readonly Term[];
  readonly snapshot?: { readonly index: LogIndex; readonly term: Term };
  /** commitIndex (and lastApplied): defaults to the snapshot index. */
  readonly commit?: LogIndex;
  readonly role?: Role;
  /** Leader only: match index of each server (its own is ignored: it is the last index). */
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
  const snap = spec.snapshot ?? { index: 0, term: 0 };
  const raftState = encodeHardState({
    term: spec.term, votedFor: spec.votedFor ?? NONE, snapshotIndex: snap.index,
    snapshotTerm: snap.term, entries: entries(snap.index + 1, spec.log ?? []),
  });
  const snapshot = snap.index > 0 ? snapshotData(snap.index) : new Uint8Array(0);
  const node = new RaftNode(configFor(id, spec.n ?? 3), zeroRandom, { raftState, snapshot });
  node.commitIndex = spec.commit ?? snap.index;
  node.lastApplied = node.commitIndex;
  if (spec.role === 'candidate' || spec.role === 'leader') makeCandidate(node);
  if (spec.role === 'leader') makeLeader(node, spec.matches ?? []);
  drain(node);
  return node;
}

/** The generation of each node's armed timer, as the last drained Ready set it. */
const timerGen = new WeakMap<RaftNode, number>();

/** node.ready(), remembering the timer it arms (for fireTimer). */
export function drain(node: RaftNode): Ready {
  const r = node.ready();
  if (r.timer !== null) timerGen.set(node, r.timer.gen);
  return r;
}

/** The node's armed timer fires (election timeout, or a leader's heartbeat). */
export function fireTimer(node: RaftNode): void {
  const gen = timerGen.get(node);
  if (gen === undefined) throw new Error('fireTimer: no timer armed');
  node.step({ type: 'timeout', gen });
}

function makeCandidate(node: RaftNode): void {
  node.role = 'candidate';
  node.votedFor = node.config.id;
  node.votes = new Set([node.config.id]);
}

function makeLeader(node: RaftNode, matches: readonly LogIndex[]): void {
  node.votes = new Set(node.config.peers);
  node.becomeLeader();
  matches.forEach((m, p) => {
    if (p !== node.config.id && m > 0) node.progress.get(p)!.acknowledge(m);
  });
}
