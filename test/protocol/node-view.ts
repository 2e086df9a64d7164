import type { RaftNode } from '../../core/raft/node.ts';
import type { Entry, LogIndex, Term } from '../../core/raft/types.ts';

/**
 * The protocol harness drives a node only through its public surface: step(), propose(),
 * snapshot(), ready() and status(). This is the surface it uses (so a narrower node contract
 * can replace RaftNode here without touching the harness).
 */
export type ProtocolNode = Pick<RaftNode, 'step' | 'propose' | 'snapshot' | 'ready' | 'status'>;

/** A node's log as the harness prints it. */
export interface LogView {
  readonly snapshotIndex: LogIndex;
  readonly snapshotTerm: Term;
  /** The entries after the snapshot, oldest first (index snapshotIndex + 1 + k). */
  readonly entries: readonly Entry[];
}

/**
 * THE ONE READ OF NODE INTERNALS in the protocol harness: the log, for printing (`log N`). The
 * public surface shows only its bounds (status()), and a node keeps no copy elsewhere that the
 * harness could read. When the node contract exposes its log, port this function alone.
 */
export function logOf(node: ProtocolNode): LogView {
  const log = (node as RaftNode).log;
  return { snapshotIndex: log.snapshotIndex, snapshotTerm: log.snapshotTerm, entries: log.all() };
}
