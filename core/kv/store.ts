import { assert } from '../assert.ts';
import type { StateMachine } from '../rsm/types.ts';
import type { GetReply, KvReply, KvRequest, PutReply, WriteReply } from './types.ts';

interface Versioned {
  value: string;
  version: number;
}

interface LastWrite {
  seq: number;
  reply: WriteReply;
}

/** Bound on the duplicate-detection table (one entry per client; TigerBeetle-style limit). */
export const MAX_CLIENTS = 100_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The KV state machine: one store serving both API eras. Versions count writes to a key (0 means
 * absent). Duplicate detection keeps each client's last (seq, reply) and is part of the snapshot,
 * so a retried Append is applied once even across snapshots and restarts.
 */
export class KvStore implements StateMachine<KvRequest, KvReply> {
  private data = new Map<string, Versioned>();
  private lastWrite = new Map<number, LastWrite>();
  /** Each key's `[key, value, version]` JSON as the snapshot writes it; dropped when it changes. */
  private encoded = new Map<string, string>();

  doOp(req: KvRequest): KvReply {
    switch (req.op) {
      case 'get': return this.get(req.key);
      case 'put': return this.put(req.key, req.value, req.version);
      case 'putPlain': return this.once(req.client, req.seq, () => this.write(req.key, req.value));
      case 'append': return this.once(req.client, req.seq, () => {
        this.write(req.key, (this.data.get(req.key)?.value ?? '') + req.value);
      });
    }
  }

  /**
   * JSON `{"data":[[key,value,version]...],"dedup":[[client,seq]...]}`. Each key's part is kept
   * between snapshots: the 2018-2024 suites snapshot every few ops while Appends grow values to
   * tens of kilobytes, and re-encoding every value each time made snapshots quadratic.
   */
  snapshot(): Uint8Array {
    const data: string[] = [];
    for (const [k, v] of this.data) {
      let part = this.encoded.get(k);
      if (part === undefined) {
        part = JSON.stringify([k, v.value, v.version]);
        this.encoded.set(k, part);
      }
      data.push(part);
    }
    const dedup = [...this.lastWrite].map(([c, w]) => [c, w.seq]);
    return encoder.encode(`{"data":[${data.join(',')}],"dedup":${JSON.stringify(dedup)}}`);
  }

  restore(bytes: Uint8Array): void {
    const s = JSON.parse(decoder.decode(bytes)) as {
      data: [string, string, number][]; dedup: [number, number][];
    };
    assert(Array.isArray(s.data) && Array.isArray(s.dedup), 'kv.restore: malformed snapshot');
    this.data = new Map(s.data.map(([k, value, version]) => [k, { value, version }]));
    this.encoded = new Map();
    this.lastWrite = new Map(s.dedup.map(([c, seq]) => [c, { seq, reply: { err: 'OK' } }]));
  }

  /** Read access for tests and checkers. */
  peek(key: string): Versioned | undefined {
    return this.data.get(key);
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
      this.set(key, { value, version: 1 });
      return { err: 'OK' };
    }
    if (v.version !== version) return { err: 'ErrVersion' };
    this.set(key, { value, version: version + 1 });
    return { err: 'OK' };
  }

  private write(key: string, value: string): void {
    const version = (this.data.get(key)?.version ?? 0) + 1;
    this.set(key, { value, version });
  }

  private set(key: string, v: Versioned): void {
    this.data.set(key, v);
    this.encoded.delete(key);
  }

  /** Apply a client's write at most once: a request at or below its last seq is a duplicate. */
  private once(client: number, seq: number, apply: () => void): WriteReply {
    const last = this.lastWrite.get(client);
    if (last !== undefined && seq <= last.seq) return last.reply;
    assert(last !== undefined || this.lastWrite.size < MAX_CLIENTS, 'kv: too many clients');
    apply();
    const reply: WriteReply = { err: 'OK' };
    this.lastWrite.set(client, { seq, reply });
    return reply;
  }
}
