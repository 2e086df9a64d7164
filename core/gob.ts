import { assert } from './assert.ts';

/**
 * The size model: how many bytes Go's encoding/gob would write for a value, so that raftsim
 * counts RPC bytes and persisted-state sizes as the course's tester does (its bounds were set
 * for gob: TestRPCBytes3B's slack, MAXLOGSIZE, maxraftstate, SnapshotSize). Only sizes are
 * modelled; raftsim's own encodings stay what they are.
 *
 * Wire format (encoding/gob, Go 1.19, checked byte for byte in test/gob-size.test.ts):
 * - An unsigned int < 128 is one byte; a larger one is a byte -n and n big-endian bytes. A
 *   signed int i is sent as the unsigned 2i (i >= 0) or 2(-i) - 1 (i < 0).
 * - A message is its length (unsigned) and its bytes: a type id (signed), then the value. A
 *   non-struct top-level value is preceded by a 0 byte (its one field's delta).
 * - A struct sends each non-zero field as (field-number delta, value), then a 0 byte. Zero
 *   fields (0, false, "", empty slices, maps, nil interfaces) are left out.
 * - Strings and []byte: length and bytes; slices and maps: count and elements (no deltas).
 * - An interface: the concrete type's registered name (length, bytes; "" for nil), its type id,
 *   then the value as a message of its own.
 * - Every encoder sends the descriptor of each struct, slice and map type the first time it
 *   meets it (a message with the negated id and a wireType). labrpc makes a new encoder for
 *   every request and every reply, so every RPC carries its descriptors; a persister save is one
 *   encoder too.
 * - A descriptor carries the type's name as gob first met it in the process: a named type's
 *   name, except where gob passes none (a top-level unnamed type, a map's key and element
 *   types: these get ""); a slice field's type is named like "[]raft.LogEntry". GoType.name is
 *   that name.
 * - User type ids are assumed to lie in 64..127 (2 bytes; a tester process defines a few dozen
 *   types); built-in ids (bool 1, int 2, uint 3, []byte 5, string 6, interface 8) take 1 byte.
 */
export type GoType =
  | { readonly kind: 'bool' | 'int' | 'uint' | 'string' | 'bytes' | 'interface' }
  | { readonly kind: 'slice'; readonly name: string; readonly elem: GoType }
  | { readonly kind: 'map'; readonly name: string; readonly key: GoType; readonly elem: GoType }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly GoField[] };

export interface GoField {
  readonly name: string;
  readonly type: GoType;
}

/** A value of an interface type: the registered name and type of what it holds, or nil. */
export interface GoIface {
  readonly name: string;
  readonly type: GoType;
  readonly value: GoValue;
}

/**
 * Values by kind: bool boolean; int and uint number; string string (its UTF-8 length counts);
 * bytes Uint8Array or a byte count; interface GoIface or null; slice an array; map an array of
 * [key, value] pairs; struct an object keyed by field name (a missing field is zero).
 */
export type GoValue =
  | boolean | number | string | Uint8Array | GoIface | null | readonly GoValue[]
  | { readonly [field: string]: GoValue };

export const GO_BOOL: GoType = { kind: 'bool' };
export const GO_INT: GoType = { kind: 'int' };
export const GO_UINT: GoType = { kind: 'uint' };
export const GO_STRING: GoType = { kind: 'string' };
export const GO_BYTES: GoType = { kind: 'bytes' };
export const GO_ANY: GoType = { kind: 'interface' };

const BUILTIN_ID: Record<string, number> = {
  bool: 1, int: 2, uint: 3, bytes: 5, string: 6, interface: 8,
};
/** A user type id as gob sends it (ids 64..127; see the header). */
export const USER_ID_BYTES = 2;

export function uintSize(x: number): number {
  assert(Number.isSafeInteger(x) && x >= 0, 'gob: bad unsigned', { x });
  if (x < 128) return 1;
  let n = 0;
  for (let v = x; v > 0; v = Math.floor(v / 256)) n += 1;
  return 1 + n;
}

export function intSize(i: number): number {
  assert(Number.isSafeInteger(i), 'gob: bad int', { i });
  return uintSize(i >= 0 ? 2 * i : -2 * i - 1);
}

const utf8 = new TextEncoder();

/** Any UTF-16 unit above 0x7f. */
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * UTF-8 length without allocating for ASCII. The test is a regular expression, not a loop of
 * charCodeAt: several times faster on the long values a KV reply carries.
 */
function strBytes(s: string): number {
  return NON_ASCII.test(s) ? utf8.encode(s).length : s.length;
}

/** A string or []byte of n bytes: its length, then the bytes. */
export function lenPrefixed(n: number): number {
  return uintSize(n) + n;
}

/** A message of `contentBytes` bytes: its length, then the bytes. */
export function messageSize(contentBytes: number): number {
  return uintSize(contentBytes) + contentBytes;
}

function typeIdBytes(t: GoType): number {
  const id = BUILTIN_ID[t.kind];
  return id === undefined ? USER_ID_BYTES : intSize(id);
}

function isComposite(t: GoType): t is Extract<GoType, { name: string }> {
  return t.kind === 'slice' || t.kind === 'map' || t.kind === 'struct';
}

/**
 * One gob Encoder: it remembers which type descriptors it has sent. `encode` returns the bytes
 * one Encode(value) call writes (descriptors first, then the value's message).
 */
export class GobEncoder {
  private readonly sent = new Set<GoType>();

  encode(type: GoType, value: GoValue): number {
    return this.describe(type) + this.valueMessage(type, value);
  }

  /** The value's message alone (what encode writes once the descriptors were sent). */
  valueMessage(type: GoType, value: GoValue): number {
    const body = type.kind === 'struct'
      ? this.structBody(type, value as Record<string, GoValue>)
      : 1 + this.valueSize(type, value);
    return this.message(typeIdBytes(type) + body);
  }

  private message(contentBytes: number): number {
    return messageSize(contentBytes);
  }

  /** Descriptors of `type` and the composite types inside it not sent yet (gob's sendType). */
  describe(type: GoType): number {
    if (!isComposite(type) || this.sent.has(type)) return 0;
    this.sent.add(type);
    let bytes = this.message(USER_ID_BYTES + wireTypeBytes(type));
    if (type.kind === 'struct') for (const f of type.fields) bytes += this.describe(f.type);
    else if (type.kind === 'slice') bytes += this.describe(type.elem);
    else { bytes += this.describe(type.key); bytes += this.describe(type.elem); }
    return bytes;
  }

  private structBody(type: Extract<GoType, { kind: 'struct' }>,
    value: Readonly<Record<string, GoValue>>): number {
    let bytes = 1; // the terminator
    let last = -1;
    const fields = type.fields;
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      const v = value[f.name];
      if (v === undefined || isZero(f.type, v)) continue;
      bytes += uintSize(k - last) + this.valueSize(f.type, v);
      last = k;
    }
    return bytes;
  }

  /** The bytes of a value inside a message (no delta, no framing). */
  private valueSize(type: GoType, v: GoValue): number {
    switch (type.kind) {
      case 'bool': return 1;
      case 'int': return intSize(v as number);
      case 'uint': return uintSize(v as number);
      case 'string': return lenPrefixed(strBytes(v as string));
      case 'bytes': return lenPrefixed(typeof v === 'number' ? v : (v as Uint8Array).length);
      case 'interface': return this.ifaceSize(v as GoIface | null);
      case 'struct': return this.structBody(type, v as Record<string, GoValue>);
      case 'slice': {
        const xs = v as readonly GoValue[];
        let bytes = uintSize(xs.length);
        for (const x of xs) bytes += this.valueSize(type.elem, x);
        return bytes;
      }
      case 'map': {
        const pairs = v as readonly (readonly [GoValue, GoValue])[];
        let bytes = uintSize(pairs.length);
        for (const [k, x] of pairs) {
          bytes += this.valueSize(type.key, k) + this.valueSize(type.elem, x);
        }
        return bytes;
      }
    }
  }

  private ifaceSize(v: GoIface | null): number {
    if (v === null) return 1;
    const inner = v.type.kind === 'struct'
      ? this.structBody(v.type, v.value as Record<string, GoValue>)
      : 1 + this.valueSize(v.type, v.value);
    return lenPrefixed(strBytes(v.name)) + this.describe(v.type) + typeIdBytes(v.type) +
      this.message(inner);
  }
}

function isZero(type: GoType, v: GoValue): boolean {
  switch (type.kind) {
    case 'bool': return v === false;
    case 'int': case 'uint': return v === 0;
    case 'string': return v === '';
    case 'bytes': return typeof v === 'number' ? v === 0 : (v as Uint8Array).length === 0;
    case 'interface': return v === null;
    case 'slice': case 'map': return (v as readonly unknown[]).length === 0;
    case 'struct': return false;
  }
}

/**
 * A wireType value: one set field (ArrayT 0, SliceT 1, StructT 2, MapT 3: delta field + 1), the
 * pointed-to type struct, the terminator. CommonType{Name, Id} leads every type struct.
 */
function wireTypeBytes(t: Extract<GoType, { name: string }>): number {
  const field = t.kind === 'slice' ? 1 : t.kind === 'struct' ? 2 : 3;
  return uintSize(field + 1) + typeStructBytes(t) + 1;
}

function commonTypeBytes(name: string): number {
  // CommonType: Name (left out when ""), Id (delta 1 after Name, 2 without), terminator.
  const n = strBytes(name);
  return 1 + (n > 0 ? 1 + lenPrefixed(n) : 0) + 1 + USER_ID_BYTES + 1;
}

function typeStructBytes(t: Extract<GoType, { name: string }>): number {
  let bytes = commonTypeBytes(t.name) + 1; // CommonType (delta 1 + body) + terminator
  if (t.kind === 'slice') bytes += 1 + typeIdBytes(t.elem);
  else if (t.kind === 'map') bytes += 1 + typeIdBytes(t.key) + 1 + typeIdBytes(t.elem);
  else if (t.fields.length > 0) {
    bytes += 1 + uintSize(t.fields.length);
    for (const f of t.fields) {
      bytes += 1 + lenPrefixed(strBytes(f.name)) + 1 + typeIdBytes(f.type) + 1;
    }
  }
  return bytes;
}

/** The bytes one fresh encoder writes for one value (what labrpc counts per request/reply). */
export function gobSize(type: GoType, value: GoValue): number {
  const descriptors = freshDescriptors(type);
  if (descriptors === null) return new GobEncoder().encode(type, value);
  // No interface inside: encoding the value sends no descriptor, so the encoder's memory of
  // sent types is never read, and one encoder serves every call (it runs for every KV RPC).
  return descriptors + shared.valueMessage(type, value);
}

/** An encoder for values whose types hold no interface (see gobSize): it sends nothing. */
const shared = new GobEncoder();
const describedFresh = new WeakMap<GoType, number | null>();

/**
 * The descriptors a fresh encoder sends for `type` (memoized), or null when an interface lies
 * inside it: what an interface holds may bring descriptors of its own, so its size depends on
 * the value.
 */
function freshDescriptors(type: GoType): number | null {
  let d = describedFresh.get(type);
  if (d === undefined) {
    d = hasInterface(type, new Set()) ? null : new GobEncoder().describe(type);
    describedFresh.set(type, d);
  }
  return d;
}

function hasInterface(t: GoType, seen: Set<GoType>): boolean {
  if (seen.has(t)) return false;
  seen.add(t);
  switch (t.kind) {
    case 'interface': return true;
    case 'slice': return hasInterface(t.elem, seen);
    case 'map': return hasInterface(t.key, seen) || hasInterface(t.elem, seen);
    case 'struct': return t.fields.some((f) => hasInterface(f.type, seen));
    default: return false;
  }
}

export function goStruct(name: string, fields: ReadonlyArray<readonly [string, GoType]>): GoType {
  return { kind: 'struct', name, fields: fields.map(([n, type]) => ({ name: n, type })) };
}
