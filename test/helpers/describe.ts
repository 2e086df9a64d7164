import { decodeHardState } from '../../core/raft/codec.ts';
import type { Raft } from '../../core/raft/contract.ts';
import {
  NONE, type ApplyMsg, type Message, type NodeStatus, type PersistedState, type Ready,
} from '../../core/raft/types.ts';
import { logOf } from '../protocol/node-view.ts';
import { buildNode, drain, fireTimer, type NodeSpec } from './raft-state.ts';

/**
 * Compact, stable descriptions of what one step did (etcd's describe* formatters), so a table
 * row reads `'reply granted t3 | saved t3 vote=1'`. Parts, in this order, each only if present:
 * - `reply ...` / `send ...`: every message of the Ready;
 * - `saved ...`: the persisted state: term, vote, and the log if it changed (a changed log that
 *   is not saved shows as `log [...] NOT SAVED`);
 * - `now ...`: role and term if either changed; `commit N` if the commit index moved;
 * - `apply ...`: what the service is handed.
 * Logs are written as their entry terms, after the snapshot: `[snap 5/t1|2 2]`.
 */
export function describeMessage(m: Message): string {
  switch (m.type) {
    case 'RequestVoteReply': return `reply ${m.granted ? 'granted' : 'refused'} t${m.term}`;
    case 'AppendEntriesReply':
      return m.success ? `reply ok match=${m.matchIndex} t${m.term}`
        : `reply reject hint=${m.conflictIndex}/t${m.conflictTerm} t${m.term}`;
    case 'InstallSnapshotReply': return `reply have=${m.lastIncludedIndex} t${m.term}`;
    case 'RequestVote':
      return `send RV->${m.to} t${m.term} last=${m.lastLogIndex}/t${m.lastLogTerm}`;
    case 'AppendEntries':
      return `send AE->${m.to} t${m.term} prev=${m.prevLogIndex}/t${m.prevLogTerm} ` +
        `[${m.entries.map((e) => e.term).join(' ')}] commit=${m.leaderCommit}`;
    case 'InstallSnapshot':
      return `send snap->${m.to} t${m.term} last=${m.lastIncludedIndex}/t${m.lastIncludedTerm}`;
  }
}

export function describeLog(node: Raft): string {
  const { snapshotIndex: s, snapshotTerm, lastIndex } = node.status();
  const terms = node.entries(s + 1, lastIndex).map((e) => e.term).join(' ');
  return s === 0 ? `[${terms}]` : `[snap ${s}/t${snapshotTerm}|${terms}]`;
}

function describeSaved(p: PersistedState, logWritten: boolean): string {
  const h = decodeHardState(p.raftState);
  const vote = h.votedFor === NONE ? '-' : String(h.votedFor);
  if (!logWritten) return `saved t${h.term} vote=${vote}`;
  const terms = h.entries.map((e) => e.term).join(' ');
  const s = h.snapshotIndex;
  const log = s === 0 ? `[${terms}]` : `[snap ${s}/t${h.snapshotTerm}|${terms}]`;
  return `saved t${h.term} vote=${vote} log=${log}`;
}

function describeApply(a: readonly ApplyMsg[]): string {
  return 'apply ' + a.map((m) => (m.type === 'snapshot' ? `snap ${m.index}` : `${m.index}`))
    .join(' ');
}

/** Describe the Ready `r` drained from `node`, which was in state `before`. */
export function describeReady(before: NodeStatus, beforeLog: string, node: Raft,
  r: Ready): string {
  const now = node.status();
  const log = describeLog(node);
  const parts: string[] = r.messages.map(describeMessage);
  const logChanged = log !== beforeLog;
  if (r.persist !== null) parts.push(describeSaved(r.persist, logChanged));
  else if (logChanged) parts.push(`log ${log} NOT SAVED`);
  if (now.role !== before.role || now.term !== before.term) {
    parts.push(`now ${now.role} t${now.term}`);
  }
  if (now.commitIndex !== before.commitIndex) parts.push(`commit ${now.commitIndex}`);
  if (r.apply.length > 0) parts.push(describeApply(r.apply));
  return parts.length === 0 ? '(nothing)' : parts.join(' | ');
}

/** Step `node` with one message and describe the Ready it produced. */
export function stepAndDescribe(node: Raft, m: Message): string {
  const before = node.status();
  const beforeLog = describeLog(node);
  node.step({ type: 'message', message: m });
  return describeReady(before, beforeLog, node, drain(node));
}

/** Fire the node's timer and describe the Ready it produced. */
export function timeoutAndDescribe(node: Raft): string {
  const before = node.status();
  const beforeLog = describeLog(node);
  fireTimer(node);
  return describeReady(before, beforeLog, node, drain(node));
}

/** Propose a command on a leader and describe the Ready it produced. */
export function proposeAndDescribe(node: Raft, command = new Uint8Array([1])): string {
  const before = node.status();
  const beforeLog = describeLog(node);
  node.propose(command);
  return describeReady(before, beforeLog, node, drain(node));
}

/** The table-row form: build a node from `spec`, step each message, describe the last step. */
export function stepSpec(spec: NodeSpec, ...messages: Message[]): string {
  const node = buildNode(spec);
  let out = '';
  for (const m of messages) out = stepAndDescribe(node, m);
  return out;
}
