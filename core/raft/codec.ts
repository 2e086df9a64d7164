import { gobEntrySize, gobHardStateSize, gobMessageSize } from './gob-raft.ts';
import type { SnapshotHandle } from './snapshot.ts';
import type {
  Entry, HardStateImage, LogIndex, Message, PersistedState, Term,
} from './types.ts';

/**
 * Byte encodings, and the sizes the course's bounds measure.
 *
 * The persisted Raft state is stored in a binary encoding of our own (below), but its *size*,
 * which the course bounds (3D: < 2000 bytes; 4C: <= 8 x maxraftstate; a KV server snapshots at
 * maxraftstate), is counted as Go's gob would encode a course Raft's state: see gobHardStateSize.
 * RPC sizes (messageSize) are gob sizes too. The model is core/gob.ts, checked against Go.
 *
 * Layout (little endian): u8 magic 0x52 'R', u8 version 1, u32 term, i32 votedFor,
 * u32 snapshotIndex, u32 snapshotTerm, u32 entry count, then per entry: u32 term, u32 length,
 * the command bytes.
 */
const MAGIC = 0x52;
const VERSION = 1;
const HEADER_BYTES = 2 + 4 * 5;
const ENTRY_HEADER_BYTES = 8;

export type HardState = HardStateImage;

/**
 * A save whose bytes are encoded only when first read (a restart, a test). `size` is its gob size
 * (hardStateSize) when the caller knows it (then `hard.entries` is not read here).
 */
export function lazyPersistedState(hard: HardState, snapshot: Uint8Array,
  size: number = hardStateSize(hard)): PersistedState {
  let bytes: Uint8Array | null = null;
  return {
    get raftState(): Uint8Array {
      bytes ??= encodeHardState(hard);
      return bytes;
    },
    snapshot,
    raftStateSize: size,
    hard,
  };
}

/**
 * lazyPersistedState as a class, for a node's own saves (one per step that changes persistent
 * state): an object literal with a getter is built by a slow path. Its raftState and snapshot
 * are getters on the prototype, which an object spread does not copy: copy a save's fields by
 * name. The snapshot's bytes are made only if read (a restart), its size is known (snapshot.ts).
 */
export class LazySave implements PersistedState {
  private bytes: Uint8Array | null = null;

  constructor(readonly hard: HardState, readonly handle: SnapshotHandle,
    readonly raftStateSize: number) {}

  get raftState(): Uint8Array {
    this.bytes ??= encodeHardState(this.hard);
    return this.bytes;
  }

  get snapshot(): Uint8Array {
    return this.handle.bytes();
  }

  get snapshotSize(): number {
    return this.handle.size;
  }
}

export class PersistDecodeError extends Error {
  override name = 'PersistDecodeError';
}

export function encodeHardState(s: HardState): Uint8Array {
  let size = HEADER_BYTES;
  for (const e of s.entries) size += ENTRY_HEADER_BYTES + e.command.length;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, MAGIC);
  view.setUint8(1, VERSION);
  view.setUint32(2, s.term, true);
  view.setInt32(6, s.votedFor, true);
  view.setUint32(10, s.snapshotIndex, true);
  view.setUint32(14, s.snapshotTerm, true);
  view.setUint32(18, s.entries.length, true);
  let at = HEADER_BYTES;
  for (const e of s.entries) {
    view.setUint32(at, e.term, true);
    view.setUint32(at + 4, e.command.length, true);
    bytes.set(e.command, at + 8);
    at += ENTRY_HEADER_BYTES + e.command.length;
  }
  return bytes;
}

/** The persisted state's size as the course counts it (gob), from the whole state. */
export function hardStateSize(hard: HardState): number {
  let bytes = 0;
  for (const e of hard.entries) bytes += entrySize(e);
  return hardStateSizeOf(hard, bytes, hard.entries.length);
}

/** The bytes one entry adds to the persisted state and to an AppendEntries (gob, see below). */
export function entrySize(e: Entry): number {
  return gobEntrySize(e);
}

/**
 * The persisted state's size (gob) when its `count` entries take `entryBytes` (entrySize,
 * summed): O(1), so a save costs no pass over the log.
 */
export function hardStateSizeOf(hard: Omit<HardState, 'entries'>, entryBytes: number,
  count: number): number {
  return gobHardStateSize(hard, entryBytes, count);
}

/** Validates everything it reads: disk contents are input, not trusted state. */
export function decodeHardState(bytes: Uint8Array): HardState {
  const need = (n: number, what: string): void => {
    if (bytes.length < n) throw new PersistDecodeError(`raft state truncated in ${what}`);
  };
  need(HEADER_BYTES, 'header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== MAGIC || view.getUint8(1) !== VERSION) {
    throw new PersistDecodeError('raft state has a bad magic or version byte');
  }
  const count = view.getUint32(18, true);
  const entries: Entry[] = [];
  let at = HEADER_BYTES;
  for (let k = 0; k < count; k++) {
    need(at + ENTRY_HEADER_BYTES, `entry ${k}`);
    const term = view.getUint32(at, true);
    const len = view.getUint32(at + 4, true);
    need(at + ENTRY_HEADER_BYTES + len, `entry ${k} command`);
    entries.push({ term, command: bytes.slice(at + 8, at + 8 + len) });
    at += ENTRY_HEADER_BYTES + len;
  }
  if (at !== bytes.length) throw new PersistDecodeError('raft state has trailing bytes');
  return {
    term: view.getUint32(2, true),
    votedFor: view.getInt32(6, true),
    snapshotIndex: view.getUint32(10, true),
    snapshotTerm: view.getUint32(14, true),
    entries,
  };
}

/** Bytes of a message as labrpc counts them: its gob encoding by a fresh encoder (gob-raft.ts). */
export function messageSize(m: Message): number {
  return gobMessageSize(m);
}

/**
 * The term of the entry at `index` in an encoded raft state, without decoding commands:
 * the snapshot term when index == snapshotIndex, 'covered' when index is inside the snapshot,
 * undefined when the state does not hold it.
 */
export function persistedTermAt(bytes: Uint8Array, index: LogIndex): Term | 'covered' | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const snapshotIndex = view.getUint32(10, true);
  if (index < snapshotIndex) return 'covered';
  if (index === snapshotIndex) return view.getUint32(14, true);
  const count = view.getUint32(18, true);
  if (index > snapshotIndex + count) return undefined;
  let at = HEADER_BYTES;
  for (let k = snapshotIndex + 1; k < index; k++) {
    at += ENTRY_HEADER_BYTES + view.getUint32(at + 4, true);
  }
  return view.getUint32(at, true);
}
