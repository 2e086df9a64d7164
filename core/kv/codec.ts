import type { Op } from '../rsm/rsm.ts';
import { jsonCodec } from '../rsm/rsm.ts';
import type { Codec } from '../rsm/types.ts';
import type { KvRequest, WriteReply } from './types.ts';

const OPS = new Set(['get', 'put', 'putPlain', 'append']);

/** Validates a decoded KV op: Raft commands come from the log, which is input. */
function validateOp(v: unknown): Op<KvRequest> {
  const o = v as Op<KvRequest>;
  const ok = typeof o === 'object' && o !== null && Number.isInteger(o.me) &&
    Number.isInteger(o.inc) && Number.isInteger(o.id) && typeof o.req === 'object' &&
    o.req !== null && OPS.has(o.req.op) && typeof o.req.key === 'string';
  if (!ok) throw new Error(`kv: malformed op in the log: ${JSON.stringify(v)}`);
  return o;
}

export const kvOpCodec: Codec<Op<KvRequest>> = jsonCodec(validateOp);

const textEncoder = new TextEncoder();

/** One key of a KvStore: immutable but for `valueBytes`, a cache of a function of `value`. */
export interface Versioned {
  readonly key: string;
  readonly value: string;
  readonly version: number;
  /** jsonStringBytes(value), or -1 until a snapshot first needs it. */
  valueBytes: number;
}

/** One client's last write in a KvStore's duplicate table (immutable). */
export interface LastWrite {
  readonly client: number;
  readonly seq: number;
  readonly reply: WriteReply;
}

/**
 * The state a KvStore snapshot encodes: its keys and duplicate table as they were, in order
 * (records are immutable, so a snapshot costs a copy of two short arrays). Its bytes are
 * `JSON.stringify({data: [[key, value, version]...], dedup: [[client, seq]...]})` in UTF-8,
 * made only when read (SnapshotHandle); a KvStore restores from the image itself otherwise.
 */
export class KvImage {
  constructor(readonly data: readonly Versioned[], readonly dedup: readonly LastWrite[],
    readonly dedupBytes: number) {}

  encode(): Uint8Array {
    const data = this.data.map((v) => [v.key, v.value, v.version]);
    const dedup = this.dedup.map((w) => [w.client, w.seq]);
    return textEncoder.encode(JSON.stringify({ data, dedup }));
  }

  /** The length of encode(), from the records (filling their valueBytes). */
  size(): number {
    // {"data":[ ... ],"dedup": ... }
    let size = 9 + Math.max(0, this.data.length - 1) + 10 + this.dedupBytes + 1;
    for (const v of this.data) {
      if (v.valueBytes < 0) v.valueBytes = jsonStringBytes(v.value);
      // ["key","value",version]
      size += 2 + jsonStringBytes(v.key) + 3 + v.valueBytes + 2 + numberBytes(v.version) + 1;
    }
    return size;
  }
}

/** Bytes of `[client,seq]` in a snapshot's duplicate table. */
export function dedupEntryBytes(client: number, seq: number): number {
  return 3 + numberBytes(client) + numberBytes(seq);
}

/** The length of JSON.stringify(n) (a finite number). */
export function numberBytes(n: number): number {
  if (!(n >= 0 && n < 1e9 && Number.isInteger(n))) return JSON.stringify(n).length;
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  return digits;
}

/**
 * The UTF-8 length of JSON.stringify(s) without its quotes: `"` and `\` and the short control
 * escapes take 2 bytes, other controls and lone surrogates 6 (`\u00XX`, `\udXXX`), and every
 * other character its UTF-8 length. JSON.stringify(a + b) is JSON.stringify(a) and (b) joined,
 * except when a ends with a high surrogate and b starts with a low one (see appendedBytes).
 */
export function jsonStringBytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += c === 0x22 || c === 0x5c ? 2 : c >= 0x20 ? 1 : SHORT_ESCAPE[c] ?? 6;
    else if (c < 0x800) n += 2;
    else if (c < 0xd800 || c > 0xdfff) n += 3;
    else if (c <= 0xdbff && isLow(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 6;
  }
  return n;
}

/** jsonStringBytes(value + suffix), given jsonStringBytes(value) = `bytes`. */
export function appendedBytes(value: string, bytes: number, suffix: string): number {
  const joined = suffix.length > 0 && isHigh(value.charCodeAt(value.length - 1)) &&
    isLow(suffix.charCodeAt(0));
  // Two escaped halves (6 + 6 bytes) become one 4-byte character.
  return bytes + jsonStringBytes(suffix) - (joined ? 8 : 0);
}

const SHORT_ESCAPE: Readonly<Record<number, number>> = { 8: 2, 9: 2, 10: 2, 12: 2, 13: 2 };

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
