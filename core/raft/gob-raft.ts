import {
  GO_ANY, GO_BOOL, GO_BYTES, GO_INT, GobEncoder, USER_ID_BYTES, goStruct, intSize, lenPrefixed,
  messageSize, uintSize, type GoType,
} from '../gob.ts';
import type { Entry, HardStateImage, Message } from './types.ts';

/**
 * The course Raft's Go shapes (Figure 2's names, the fields raftsim's messages carry), and the
 * sizes gob gives them (core/gob.ts): what labrpc counts as RPC bytes (a fresh encoder per
 * request and per reply, so each carries its type descriptors) and what the persister holds
 * (one encoder: Encode(currentTerm), Encode(votedFor), Encode(lastIncludedIndex),
 * Encode(lastIncludedTerm), Encode(log)).
 *
 * Commands: a log entry is LogEntry{Term int; Command interface{}}. The Raft suite's commands
 * (raftsim carries them as JSON text) count as the Go ints and strings the course's tester
 * passes to Start(); any other command (the KV service's ops) counts as a Go string of its
 * bytes, as if the service had encoded its op itself. docs/families.md gives the figures.
 *
 * The []LogEntry type: gob names a type after where the process first meets it; a Raft saves
 * its state (top level: no name) before it sends its first AppendEntries (a struct field would
 * name it "[]raft.LogEntry", 17 bytes more in every AppendEntries).
 *
 * The functions below are closed forms of GobEncoder for these shapes (O(1) per entry; a test
 * checks them against GobEncoder on random values). Every struct here has under 128 fields, so
 * each field delta is one byte.
 */
export const GO_LOG_ENTRY = goStruct('LogEntry', [['Term', GO_INT], ['Command', GO_ANY]]);
export const GO_LOG: GoType = { kind: 'slice', name: '', elem: GO_LOG_ENTRY };
export const GO_RAFT = {
  RequestVote: goStruct('RequestVoteArgs', [['Term', GO_INT], ['CandidateId', GO_INT],
    ['LastLogIndex', GO_INT], ['LastLogTerm', GO_INT]]),
  RequestVoteReply: goStruct('RequestVoteReply', [['Term', GO_INT], ['VoteGranted', GO_BOOL]]),
  AppendEntries: goStruct('AppendEntriesArgs', [['Term', GO_INT], ['LeaderId', GO_INT],
    ['PrevLogIndex', GO_INT], ['PrevLogTerm', GO_INT], ['Entries', GO_LOG],
    ['LeaderCommit', GO_INT]]),
  AppendEntriesReply: goStruct('AppendEntriesReply', [['Term', GO_INT], ['Success', GO_BOOL],
    ['PrevLogIndex', GO_INT], ['MatchIndex', GO_INT], ['ConflictIndex', GO_INT],
    ['ConflictTerm', GO_INT]]),
  InstallSnapshot: goStruct('InstallSnapshotArgs', [['Term', GO_INT], ['LeaderId', GO_INT],
    ['LastIncludedIndex', GO_INT], ['LastIncludedTerm', GO_INT], ['Data', GO_BYTES]]),
  InstallSnapshotReply: goStruct('InstallSnapshotReply', [['Term', GO_INT],
    ['LastIncludedIndex', GO_INT]]),
} as const;

/** Type descriptors a fresh encoder sends for each message type. */
const DESCRIPTORS = Object.fromEntries(Object.entries(GO_RAFT)
  .map(([k, t]) => [k, new GobEncoder().describe(t)])) as Record<keyof typeof GO_RAFT, number>;
const LOG_DESCRIPTORS = new GobEncoder().describe(GO_LOG);
/** Interface names: length and bytes of "int", "string". */
const INT_NAME = lenPrefixed(3);
const STRING_NAME = lenPrefixed(6);
/** Built-in type ids (int 2, string 6) as signed ints: one byte. */
const BUILTIN_ID = 1;

/** A non-zero int field: delta and value; a zero one is left out. */
function intField(v: number): number {
  return v === 0 ? 0 : 1 + intSize(v);
}

function boolField(b: boolean): number {
  return b ? 2 : 0;
}

/** A top-level struct: its descriptors and its message (type id, fields, terminator). */
function structMessage(kind: keyof typeof GO_RAFT, fieldBytes: number): number {
  return DESCRIPTORS[kind] + messageSize(USER_ID_BYTES + fieldBytes + 1);
}

/** A JSON integer's value, or null (the Raft suite's numbers; at most 15 digits). */
function jsonInt(b: Uint8Array): number | null {
  const neg = b[0] === 0x2d;
  const start = neg ? 1 : 0;
  if (b.length === start || b.length - start > 15) return null;
  let v = 0;
  for (let k = start; k < b.length; k++) {
    const d = b[k]! - 0x30;
    if (d < 0 || d > 9) return null;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/** A JSON string's UTF-8 length when it has no escapes, else null. */
function jsonPlainString(b: Uint8Array): number | null {
  const n = b.length;
  if (n < 2 || b[0] !== 0x22 || b[n - 1] !== 0x22) return null;
  for (let k = 1; k < n - 1; k++) if (b[k] === 0x5c) return null;
  return n - 2;
}

/** The Command interface value: name, type id, then the value as a message of its own. */
function commandBytes(cmd: Uint8Array): number {
  const v = jsonInt(cmd);
  if (v !== null) return INT_NAME + BUILTIN_ID + messageSize(1 + intSize(v));
  const n = jsonPlainString(cmd) ?? cmd.length;
  return STRING_NAME + BUILTIN_ID + messageSize(1 + lenPrefixed(n));
}

/** One LogEntry in a []LogEntry: Term, Command (never nil), terminator. */
export function gobEntrySize(e: Entry): number {
  return intField(e.term) + 1 + commandBytes(e.command) + 1;
}

/** A top-level int: its message (type id int, the singleton's 0 delta, the value). */
function topInt(v: number): number {
  return messageSize(BUILTIN_ID + 1 + intSize(v));
}

export function gobHardStateSize(h: Omit<HardStateImage, 'entries'>, entryBytes: number,
  count: number): number {
  return topInt(h.term) + topInt(h.votedFor) + topInt(h.snapshotIndex) +
    topInt(h.snapshotTerm) +
    LOG_DESCRIPTORS + messageSize(USER_ID_BYTES + 1 + uintSize(count) + entryBytes);
}

function entriesField(entries: readonly Entry[]): number {
  if (entries.length === 0) return 0;
  let bytes = 1 + uintSize(entries.length);
  for (const e of entries) bytes += gobEntrySize(e);
  return bytes;
}

/** The Data field of InstallSnapshotArgs: omitted when empty (gob skips zero values). */
function snapshotField(length: number): number {
  return length === 0 ? 0 : 1 + lenPrefixed(length);
}

export function gobMessageSize(m: Message): number {
  const head = intField(m.term);
  switch (m.type) {
    case 'RequestVote': return structMessage(m.type,
      head + intField(m.from) + intField(m.lastLogIndex) + intField(m.lastLogTerm));
    case 'RequestVoteReply': return structMessage(m.type, head + boolField(m.granted));
    case 'AppendEntries': return structMessage(m.type, head + intField(m.from) +
      intField(m.prevLogIndex) + intField(m.prevLogTerm) + entriesField(m.entries) +
      intField(m.leaderCommit));
    case 'AppendEntriesReply': return structMessage(m.type, head + boolField(m.success) +
      intField(m.prevLogIndex) + intField(m.matchIndex) + intField(m.conflictIndex) +
      intField(m.conflictTerm));
    case 'InstallSnapshot': return structMessage(m.type, head + intField(m.from) +
      intField(m.lastIncludedIndex) + intField(m.lastIncludedTerm) +
      snapshotField(m.handle?.size ?? m.data.length));
    case 'InstallSnapshotReply':
      return structMessage(m.type, head + intField(m.lastIncludedIndex));
  }
}
