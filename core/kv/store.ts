import { assert } from '../assert.ts';
import type { StateMachine } from '../rsm/types.ts';
import { EncodedEntry, scanEntries, writeAscii } from './codec.ts';
import type { GetReply, KvReply, KvRequest, PutReply, WriteReply } from './types.ts';

interface Versioned {
  value: string;
  version: number;
}

interface LastWrite {
  readonly seq: number;
  readonly reply: WriteReply;
  /** `JSON.stringify([client, seq])`, the entry's part of a snapshot, made when first needed:
   * the table changes by a few entries between snapshots, and formatting every client's
   * (64-bit) id at every snapshot was half the cost of one. */
  part: string | null;
}

/** Bound on the duplicate-detection table (one entry per client; TigerBeetle-style limit). */
export const MAX_CLIENTS = 100_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Refuses malformed UTF-8 (whose bytes are not the text's encoding): see restore(). */
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const DATA_OPEN = '{"data":[';
const DEDUP_OPEN = '],"dedup":';

/**
 * The KV state machine: one store serving both API eras. Versions count writes to a key (0 means
 * absent). Duplicate detection keeps each client's last (seq, reply) and is part of the snapshot,
 * so a retried Append is applied once even across snapshots and restarts.
 */
export class KvStore implements StateMachine<KvRequest, KvReply> {
  private data = new Map<string, Versioned>();
  private lastWrite = new Map<number, LastWrite>();
  /**
   * Each key's snapshot part, encoded when a snapshot first needs it, extended in place by
   * Appends, dropped when a Put replaces the value.
   */
  private encoded = new Map<string, EncodedEntry>();

  doOp(req: KvRequest): KvReply {
    switch (req.op) {
      case 'get': return this.get(req.key);
      case 'put': return this.put(req.key, req.value, req.version);
      case 'putPlain': return this.once(req.client, req.seq, () => this.write(req.key, req.value));
      case 'append': return this.once(req.client, req.seq, () => this.append(req.key, req.value));
    }
  }

  /**
   * JSON `{"data":[[key,value,version]...],"dedup":[[client,seq]...]}` (UTF-8). Each key's part
   * stays encoded between snapshots (EncodedEntry) and the snapshot is assembled by copying
   * bytes: the 2018-2024 suites snapshot every few ops while Appends grow values to tens of
   * kilobytes, and re-encoding every value each time made snapshots quadratic.
   */
  snapshot(): Uint8Array {
    const parts: EncodedEntry[] = [];
    const dedup = this.dedupJson();
    let size = DATA_OPEN.length + Math.max(0, this.data.size - 1) + DEDUP_OPEN.length +
      dedup.length + 1;
    for (const [k, v] of this.data) {
      let part = this.encoded.get(k);
      if (part === undefined) {
        part = EncodedEntry.encode(k, v.value);
        this.encoded.set(k, part);
      }
      parts.push(part);
      size += part.size(v.version);
    }
    const out = new Uint8Array(size);
    let at = writeAscii(out, 0, DATA_OPEN);
    let i = 0;
    for (const v of this.data.values()) {
      if (i > 0) at = writeAscii(out, at, ',');
      at = parts[i++]!.writeTo(out, at, v.version);
    }
    at = writeAscii(out, at, DEDUP_OPEN);
    // Copied natively: the table holds one entry per client that ever wrote (ASCII: numbers).
    at = writeAscii(out, at + encoder.encodeInto(dedup, out.subarray(at)).written, '}');
    assert(at === size, 'kv.snapshot: size mismatch', { at, size });
    return out;
  }

  /** `JSON.stringify([...lastWrite].map(([c, w]) => [c, w.seq]))`, from the entries' parts. */
  private dedupJson(): string {
    let out = '[';
    for (const [c, w] of this.lastWrite) {
      w.part ??= JSON.stringify([c, w.seq]);
      out += out.length === 1 ? w.part : `,${w.part}`;
    }
    return `${out}]`;
  }

  restore(bytes: Uint8Array): void {
    let text: string;
    let valid = true;
    try {
      text = strictDecoder.decode(bytes);
    } catch {
      text = decoder.decode(bytes);
      valid = false;
    }
    const s = JSON.parse(text) as {
      data: [string, string, number][]; dedup: [number, number][];
    };
    assert(Array.isArray(s.data) && Array.isArray(s.dedup), 'kv.restore: malformed snapshot');
    this.data = new Map(s.data.map(([k, value, version]) => [k, { value, version }]));
    this.encoded = new Map();
    // The snapshot's own bytes are the entries' parts when it is what snapshot() writes.
    const parts = valid && this.data.size === s.data.length
      ? scanEntries(bytes, DATA_OPEN, s.data) : null;
    parts?.forEach((p, i) => this.encoded.set(s.data[i]![0], p));
    this.lastWrite = new Map(s.dedup.map(([c, seq]) =>
      [c, { seq, reply: { err: 'OK' }, part: null }]));
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

  /** Append to a key (a missing key counts as ""); its encoded part grows in place. */
  private append(key: string, suffix: string): void {
    const v = this.data.get(key);
    const part = this.encoded.get(key);
    this.write(key, (v?.value ?? '') + suffix);
    if (part !== undefined && part.append(suffix)) this.encoded.set(key, part);
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
    this.lastWrite.set(client, { seq, reply, part: null });
    return reply;
  }
}
