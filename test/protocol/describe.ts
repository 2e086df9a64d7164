import { decodeHardState } from '../../core/raft/codec.ts';
import {
  NONE, type ApplyMsg, type Entry, type LogIndex, type Message, type NodeId, type NodeStatus,
  type PersistedState, type Ready,
} from '../../core/raft/types.ts';
import type { LogView } from './node-view.ts';

/**
 * The protocol harness's formatters (etcd's describe* functions): every line a testdata file
 * expects comes from one of these, so a format changes in one place. Indices and terms are
 * written `index/tTerm` (`3/t2`); commands and snapshot data as JSON strings.
 */
const decoder = new TextDecoder();

export const text = (bytes: Uint8Array): string => JSON.stringify(decoder.decode(bytes));

const who = (id: NodeId): string => (id === NONE ? '-' : String(id));

export function describeEntry(index: LogIndex, e: Entry): string {
  return `${index}/t${e.term} ${text(e.command)}`;
}

/** `from->to Type tTerm details`, one line. */
export function describeMessage(m: Message): string {
  const head = `${m.from}->${m.to} ${m.type} t${m.term}`;
  switch (m.type) {
    case 'RequestVote': return `${head} last=${m.lastLogIndex}/t${m.lastLogTerm}`;
    case 'RequestVoteReply': return `${head} ${m.granted ? 'granted' : 'refused'}`;
    case 'AppendEntries': {
      const entries = m.entries.map((e, k) => describeEntry(m.prevLogIndex + 1 + k, e));
      return `${head} prev=${m.prevLogIndex}/t${m.prevLogTerm} commit=${m.leaderCommit} ` +
        `[${entries.join(', ')}]`;
    }
    case 'AppendEntriesReply':
      return m.success ? `${head} ok match=${m.matchIndex}`
        : `${head} reject prev=${m.prevLogIndex} hint=${m.conflictIndex}/t${m.conflictTerm}`;
    case 'InstallSnapshot':
      return `${head} last=${m.lastIncludedIndex}/t${m.lastIncludedTerm} data=${text(m.data)}`;
    case 'InstallSnapshotReply': return `${head} have=${m.lastIncludedIndex}`;
  }
}

/** `1: leader term=2 vote=1 lead=1 commit=3 applied=3 last=3/t2 [snap=2/t1]`. */
export function describeStatus(s: NodeStatus): string {
  const snap = s.snapshotIndex > 0 ? ` snap=${s.snapshotIndex}/t${s.snapshotTerm}` : '';
  return `${s.id}: ${s.role} term=${s.term} vote=${who(s.votedFor)} lead=${who(s.leader)} ` +
    `commit=${s.commitIndex} applied=${s.lastApplied} last=${s.lastIndex}/t${s.lastTerm}${snap}`;
}

/** `[1/t1 "x", 2/t2 "y"]`, after the snapshot if there is one: `[snap 2/t1 | 3/t1 "z"]`. */
export function describeLog(log: LogView): string {
  const entries = log.entries.map((e, k) => describeEntry(log.snapshotIndex + 1 + k, e));
  const snap = log.snapshotIndex > 0 ? [`snap ${log.snapshotIndex}/t${log.snapshotTerm}`] : [];
  return `[${[...snap, entries.join(', ')].filter((s) => s !== '').join(' | ')}]`;
}

/** What a save holds: `term=1 vote=1 last=3/t1 [snap=2/t1]` (the log by its last entry). */
export function describeSaved(p: PersistedState): string {
  const h = decodeHardState(p.raftState);
  const lastIndex = h.snapshotIndex + h.entries.length;
  const lastTerm = h.entries.at(-1)?.term ?? h.snapshotTerm;
  const snap = h.snapshotIndex > 0 ? ` snap=${h.snapshotIndex}/t${h.snapshotTerm}` : '';
  return `term=${h.term} vote=${who(h.votedFor)} last=${lastIndex}/t${lastTerm}${snap}`;
}

export function describeApply(a: ApplyMsg): string {
  return a.type === 'command' ? describeEntry(a.index, a)
    : `snapshot ${a.index}/t${a.term} ${text(a.data)}`;
}

/**
 * A Ready, in the order the host carries it out (core/raft/types.ts): what changed in the
 * node's role, what is saved and written, the commit index, what is applied, the messages, and
 * the timer it arms. `before` is the node's status after its previous Ready.
 */
export function describeReady(r: Ready, before: NodeStatus, after: NodeStatus): string[] {
  const out: string[] = [];
  if (after.role !== before.role || after.term !== before.term || after.leader !== before.leader) {
    out.push(`state: ${after.role} term=${after.term} lead=${who(after.leader)}`);
  }
  if (r.persist !== null) out.push(`saved: ${describeSaved(r.persist)}`);
  for (const w of r.logWrites) {
    out.push(`write: ${w.entries.map((e, k) => describeEntry(w.fromIndex + k, e)).join(', ')}`);
  }
  if (after.commitIndex !== before.commitIndex) out.push(`commit: ${after.commitIndex}`);
  for (const a of r.apply) out.push(`apply: ${describeApply(a)}`);
  for (const m of r.messages) out.push(describeMessage(m));
  if (r.timer !== null) out.push(`timer: ${r.timer.afterMs} ms`);
  return out;
}

export function isEmptyReady(r: Ready): boolean {
  return r.persist === null && r.logWrites.length === 0 && r.messages.length === 0 &&
    r.apply.length === 0 && r.timer === null;
}

export function indent(lines: readonly string[]): string[] {
  return lines.map((l) => `  ${l}`);
}
