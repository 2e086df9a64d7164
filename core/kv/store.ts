import { assert } from '../assert.ts';
import { SnapshotHandle } from '../raft/snapshot.ts';
import type { StateMachine } from '../rsm/types.ts';
import {
  appendedBytes, dedupEntryBytes, KvImage, type LastWrite, type Versioned,
} from './codec.ts';
import type { GetReply, KvReply, KvRequest, PutReply, WriteReply } from './types.ts';

/** Bound on the duplicate-detection table (one entry per client; TigerBeetle-style limit). */
export const MAX_CLIENTS = 100_000;

const decoder = new TextDecoder();

/**
 * The KV state machine: one store serving both API eras. Versions count writes to a key (0 means
 * absent). Duplicate detection keeps each client's last (seq, reply) and is part of the snapshot,
 * so a retried Append is applied once even across snapshots and restarts.
 */
export class KvStore implements StateMachine<KvRequest, KvReply> {
  private data = new Map<string, Versioned>();
  private lastWrite = new Map<number, LastWrite>();
  /** Bytes of the duplicate table's JSON (`[[client,seq],...]`), kept as it changes. */
  private dedupBytes = 2;

  doOp(req: KvRequest): KvReply {
    switch (req.op) {
      case 'get': return this.get(req.key);
      case 'put': return this.put(req.key, req.value, req.version);
      case 'putPlain': return this.once(req.client, req.seq, () => this.write(req.key, req.value));
      case 'append': return this.once(req.client, req.seq, () => this.append(req.key, req.value));
    }
  }

  /**
   * JSON `{"data":[[key,value,version]...],"dedup":[[client,seq]...]}` (UTF-8), as a handle:
   * the 2018-2024 suites snapshot every few ops while Appends grow values to tens of kilobytes,
   * and hardly any snapshot is read (a restart, an install on a server that lags). Records are
   * immutable, so the handle keeps the two lists as they are now (KvImage) and knows its size
   * from byte counts kept per value and for the table; bytes are made only if read.
   */
  snapshot(): SnapshotHandle {
    const image = new KvImage([...this.data.values()], [...this.lastWrite.values()],
      this.dedupBytes);
    return new SnapshotHandle(image.size(), () => image.encode(), image);
  }

  /** From the image when this store's class made the snapshot, else from the bytes. */
  restore(snapshot: SnapshotHandle): void {
    const image = snapshot.image();
    if (image instanceof KvImage) {
      this.data = new Map(image.data.map((v) => [v.key, v]));
      this.lastWrite = new Map(image.dedup.map(({ client, seq }) =>
        [client, { client, seq, reply: { err: 'OK' } }]));
      this.dedupBytes = image.dedupBytes;
      return;
    }
    const s = JSON.parse(decoder.decode(snapshot.bytes())) as { data: unknown; dedup: unknown };
    assert(Array.isArray(s.data) && Array.isArray(s.dedup) && s.data.every(isEntry) &&
      s.dedup.every(isDedup), 'kv.restore: malformed snapshot');
    const data = s.data as [string, string, number][];
    this.data = new Map(data.map(([key, value, version]) =>
      [key, { key, value, version, valueBytes: -1 }]));
    const dedup = s.dedup as [number, number][];
    this.lastWrite = new Map(dedup.map(([client, seq]) =>
      [client, { client, seq, reply: { err: 'OK' } }]));
    this.dedupBytes = 2 + Math.max(0, this.lastWrite.size - 1);
    for (const w of this.lastWrite.values()) this.dedupBytes += dedupEntryBytes(w.client, w.seq);
  }

  /** Read access for tests and checkers. */
  peek(key: string): { value: string; version: number } | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : { value: v.value, version: v.version };
  }

  /**
   * The whole replicated state (every key's value and version, and the duplicate table) as
   * canonical JSON, read from memory rather than through snapshot(): replicas that applied the
   * same log prefix must give equal strings (the convergence check of generated runs).
   */
  digest(): string {
    const data = [...this.data].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, v.value, v.version]);
    const dedup = [...this.lastWrite].sort(([a], [b]) => a - b).map(([c, w]) => [c, w.seq]);
    return JSON.stringify({ data, dedup });
  }

  private get(key: string): GetReply {
    const v = this.data.get(key);
    return v === undefined ? { err: 'ErrNoKey', value: '', version: 0 }
      : { err: 'OK', value: v.value, version: v.version };
  }

  private put(key: string, value: string, version: number): PutReply {
    const v = this.data.get(key);
    if (v === undefined) {
      if (version !== 0) return { err: 'ErrNoKey' };
      this.data.set(key, { key, value, version: 1, valueBytes: -1 });
      return { err: 'OK' };
    }
    if (v.version !== version) return { err: 'ErrVersion' };
    this.data.set(key, { key, value, version: version + 1, valueBytes: -1 });
    return { err: 'OK' };
  }

  private write(key: string, value: string): void {
    const version = (this.data.get(key)?.version ?? 0) + 1;
    this.data.set(key, { key, value, version, valueBytes: -1 });
  }

  /** Append to a key (a missing key counts as ""); its byte count grows by the suffix's. */
  private append(key: string, suffix: string): void {
    const v = this.data.get(key);
    const value = v?.value ?? '';
    const bytes = v === undefined ? 0 : v.valueBytes;
    this.data.set(key, { key, value: value + suffix, version: (v?.version ?? 0) + 1,
      valueBytes: bytes < 0 ? -1 : appendedBytes(value, bytes, suffix) });
  }

  /** Apply a client's write at most once: a request at or below its last seq is a duplicate. */
  private once(client: number, seq: number, apply: () => void): WriteReply {
    const last = this.lastWrite.get(client);
    if (last !== undefined && seq <= last.seq) return last.reply;
    assert(last !== undefined || this.lastWrite.size < MAX_CLIENTS, 'kv: too many clients');
    apply();
    const reply: WriteReply = { err: 'OK' };
    this.lastWrite.set(client, { client, seq, reply });
    this.dedupBytes += last === undefined
      ? dedupEntryBytes(client, seq) + (this.lastWrite.size > 1 ? 1 : 0)
      : dedupEntryBytes(client, seq) - dedupEntryBytes(client, last.seq);
    return reply;
  }
}

function isEntry(e: unknown): boolean {
  return Array.isArray(e) && e.length === 3 && typeof e[0] === 'string' &&
    typeof e[1] === 'string' && Number.isInteger(e[2]);
}

function isDedup(e: unknown): boolean {
  return Array.isArray(e) && e.length === 2 && Number.isFinite(e[0]) && Number.isInteger(e[1]);
}
