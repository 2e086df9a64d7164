import type { Op } from '../rsm/rsm.ts';
import { jsonCodec } from '../rsm/rsm.ts';
import type { Codec } from '../rsm/types.ts';
import type { KvRequest } from './types.ts';

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

/**
 * One key's part of a KvStore snapshot, kept encoded between snapshots: the UTF-8 bytes of
 * `JSON.stringify([key, value, version])` without its last four-or-more characters
 * (`",<version>]`), in a buffer that grows by doubling. An Append extends it by the escaped
 * suffix alone, so a value of tens of kilobytes is not re-encoded at every snapshot (the
 * 2018-2024 suites snapshot every few ops while Appends grow values).
 */
export class EncodedEntry {
  private buf: Uint8Array;
  private len: number;
  /** The value's last UTF-16 unit (or -1): a high surrogate there stops in-place appends. */
  private lastUnit: number;

  /** `bytes` are the entry's part (see the class); appends never write into them. */
  private constructor(bytes: Uint8Array, value: string) {
    this.buf = bytes;
    this.len = bytes.length;
    this.lastUnit = value.length > 0 ? value.charCodeAt(value.length - 1) : -1;
  }

  static encode(key: string, value: string): EncodedEntry {
    const head = JSON.stringify([key, value]);
    // `["key","value"]` without the closing `"]`.
    return new EncodedEntry(textEncoder.encode(head.slice(0, -2)), value);
  }

  /** The entry whose part is `bytes` (a view of a snapshot: the first append copies it). */
  static of(bytes: Uint8Array, value: string): EncodedEntry {
    return new EncodedEntry(bytes, value);
  }

  /**
   * Extend the value by `suffix`; false when that cannot be done in place (the escaping of a
   * surrogate pair split across the two strings differs), and then the caller re-encodes.
   * Escaping is per UTF-16 unit otherwise, so JSON(a + b) is JSON(a) and JSON(b) joined.
   */
  append(suffix: string): boolean {
    if (suffix.length === 0) return true;
    if (this.lastUnit >= 0xd800 && this.lastUnit <= 0xdbff) return false;
    const escaped = JSON.stringify(suffix);
    this.reserve(escaped.length * 3);
    const r = textEncoder.encodeInto(escaped.slice(1, -1), this.buf.subarray(this.len));
    this.len += r.written;
    this.lastUnit = suffix.charCodeAt(suffix.length - 1);
    return true;
  }

  /** Bytes this entry takes in the snapshot at `version`. */
  size(version: number): number {
    return this.len + tailLength(version);
  }

  /** Writes the entry at `at` in `out`; returns the offset after it. */
  writeTo(out: Uint8Array, at: number, version: number): number {
    out.set(this.buf.subarray(0, this.len), at);
    return writeAscii(out, at + this.len, `",${version}]`);
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(2 * this.buf.length, this.len + extra));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Length of `",<version>]`. */
function tailLength(version: number): number {
  return 3 + String(version).length;
}

/** Writes an ASCII string (JSON punctuation and numbers) at `at`; returns the offset after. */
export function writeAscii(out: Uint8Array, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  return at + s.length;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Each entry's part (EncodedEntry) in a snapshot's bytes, as views of them, when the snapshot
 * is exactly what KvStore.snapshot writes for `data` with no escape in any string (the bytes
 * of a string are then its UTF-8 text, and each string ends at the next quote); else null,
 * and the entries are encoded when a snapshot next needs them. `bytes` must be valid UTF-8.
 * A restored store would otherwise re-encode every value (tens of kilobytes) at its next
 * snapshot.
 */
export function scanEntries(bytes: Uint8Array, open: string,
  data: readonly (readonly [string, string, number])[]): EncodedEntry[] | null {
  if (bytes.indexOf(BACKSLASH) !== -1 || !hasAscii(bytes, 0, open)) return null;
  const out: EncodedEntry[] = [];
  let at = open.length;
  for (let i = 0; i < data.length; i++) {
    const [key, value, version] = data[i]!;
    if (typeof key !== 'string' || typeof value !== 'string' || !Number.isInteger(version)) {
      return null;
    }
    if (i > 0 && !hasAscii(bytes, at++, ',')) return null;
    if (!hasAscii(bytes, at, '["')) return null;
    const keyEnd = bytes.indexOf(QUOTE, at + 2);
    if (keyEnd === -1 || !hasAscii(bytes, keyEnd, '","')) return null;
    const valueEnd = bytes.indexOf(QUOTE, keyEnd + 3);
    const tail = `",${version}]`;
    if (valueEnd === -1 || !hasAscii(bytes, valueEnd, tail)) return null;
    out.push(EncodedEntry.of(bytes.subarray(at, valueEnd), value));
    at = valueEnd + tail.length;
  }
  return out;
}

/** Whether `bytes` holds the ASCII string `s` at `at`. */
function hasAscii(bytes: Uint8Array, at: number, s: string): boolean {
  if (at + s.length > bytes.length) return false;
  for (let i = 0; i < s.length; i++) if (bytes[at + i] !== s.charCodeAt(i)) return false;
  return true;
}
