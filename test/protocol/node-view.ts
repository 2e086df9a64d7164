import type { Raft } from '../../core/raft/contract.ts';
import type { Entry, LogIndex, Term } from '../../core/raft/types.ts';

/**
 * The protocol harness drives a node only through the Raft contract (core/raft/contract.ts):
 * step(), propose(), snapshot(), ready(), status() and the read-only log view entries().
 */
export type ProtocolNode = Pick<Raft, 'step' | 'propose' | 'snapshot' | 'ready' | 'status' |
  'entries'>;

/** A node's log as the harness prints it. */
export interface LogView {
  readonly snapshotIndex: LogIndex;
  readonly snapshotTerm: Term;
  /** The entries after the snapshot, oldest first (index snapshotIndex + 1 + k). */
  readonly entries: readonly Entry[];
}

/** A node's log, for printing (`log N`), through the contract's read-only view. */
export function logOf(node: ProtocolNode): LogView {
  const s = node.status();
  return { snapshotIndex: s.snapshotIndex, snapshotTerm: s.snapshotTerm,
    entries: node.entries(s.snapshotIndex + 1, s.lastIndex) };
}
