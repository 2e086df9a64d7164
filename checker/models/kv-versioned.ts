import { simplifyVersioned } from './versioned-simplify.ts';
import { fnvString, mix2 } from '../hash.ts';
import type { Model } from '../types.ts';
import { intField, object, oneOf, optionalString, quote, stringField } from './shape.ts';
import {
  EMPTY_MAP, describeMap, equalMaps, indexOf, partitionByKey, setEntry, type SmallMap,
} from './smallmap.ts';

/**
 * The 6.5840 (2025) versioned key/value model. Per key a {value, version}, initially {"", 0}.
 * Put(k, v, ver): if ver equals the current version it succeeds (OK, or ErrMaybe when a retry
 * cannot tell) and the version goes up by one; otherwise nothing changes and the reply is
 * ErrVersion, ErrMaybe, or ErrNoKey when the key does not exist. Get is stricter than the course
 * (which compares only the value): it must return the current value AND version, or ErrNoKey
 * with "" and 0 for a key never put.
 */
export type PutErr = 'OK' | 'ErrVersion' | 'ErrMaybe' | 'ErrNoKey';
export type GetErr = 'OK' | 'ErrNoKey';

export type VInput =
  | { readonly op: 'get'; readonly key: string }
  | { readonly op: 'put'; readonly key: string; readonly value: string; readonly version: number };

export interface PutOutput {
  readonly err: PutErr;
}

export interface GetOutput {
  readonly err: GetErr;
  readonly value: string;
  readonly version: number;
}

export type VOutput = PutOutput | GetOutput;

export interface Versioned {
  readonly value: string;
  readonly version: number;
}

export type VState = SmallMap<Versioned>;

const PUT_ERRS = ['OK', 'ErrVersion', 'ErrMaybe', 'ErrNoKey'] as const;

const ABSENT: Versioned = { value: '', version: 0 };

function current(state: VState, key: string): Versioned {
  const i = indexOf(state, key);
  return i >= 0 ? state.values[i]! : ABSENT;
}

function stepPut(state: VState, input: VInput & { op: 'put' }, err: PutErr | null)
  : VState | undefined {
  const cur = current(state, input.key);
  if (input.version === cur.version) {
    if (err !== null && err !== 'OK' && err !== 'ErrMaybe') return undefined;
    const next = { value: input.value, version: cur.version + 1 };
    return setEntry(state, input.key, next, hashVersioned(next));
  }
  if (err === null || err === 'ErrVersion' || err === 'ErrMaybe') return state;
  return err === 'ErrNoKey' && cur.version === 0 ? state : undefined;
}

function legalGet(cur: Versioned, out: GetOutput): boolean {
  if (cur.version === 0) return out.err === 'ErrNoKey' && out.value === '' && out.version === 0;
  return out.err === 'OK' && out.value === cur.value && out.version === cur.version;
}

function hashVersioned(v: Versioned): number {
  return mix2(fnvString(v.value), v.version);
}

export const kvVersionedModel: Model<VState, VInput, VOutput> = {
  name: 'kv-versioned',
  init: () => EMPTY_MAP,
  step(state, input, output) {
    if (input.op === 'put') {
      return stepPut(state, input, output === null ? null : (output as PutOutput).err);
    }
    if (output === null) return state;
    return legalGet(current(state, input.key), output as GetOutput) ? state : undefined;
  },
  equal: (a, b) => equalMaps(a, b, (x, y) => x.value === y.value && x.version === y.version),
  hash: (state) => state.hash,
  partition: (ops) => partitionByKey(ops.map((op) => op.input.key)),
  pendingHasNoEffect(op, part) {
    if (op.input.op === 'get') return true;
    // A key's version only grows by one per successful put, so a put whose expected version
    // exceeds the number of puts on that key can never match and never changes anything.
    const key = op.input.key;
    const puts = part.filter((p) => p.input.op === 'put' && p.input.key === key).length;
    return op.input.version > puts;
  },
  simplify: simplifyVersioned,
  readOnly: (input, output) => input.op === 'get'
    || (output !== null && (output.err === 'ErrVersion' || output.err === 'ErrNoKey')),
  parseOp: parseVersionedOp,
  describeOperation: describeVersioned,
  describeState: (state) => describeMap(state, (v) => `${quote(v.value)}@${v.version}`),
};

function parseVersionedOp(rawInput: unknown, rawOutput: unknown)
  : { input: VInput; output: VOutput | null } {
  const i = object(rawInput, 'input');
  const op = oneOf(i, 'op', 'input', ['get', 'put'] as const);
  const key = stringField(i, 'key', 'input');
  if (op === 'put') {
    const input = {
      op, key, value: stringField(i, 'value', 'input'), version: intField(i, 'version', 'input'),
    };
    if (rawOutput === null) return { input, output: null };
    const o = object(rawOutput, 'output');
    return { input, output: { err: oneOf(o, 'err', 'output', PUT_ERRS) } };
  }
  if (rawOutput === null) return { input: { op, key }, output: null };
  const o = object(rawOutput, 'output');
  const err = oneOf(o, 'err', 'output', ['OK', 'ErrNoKey'] as const);
  const value = optionalString(o, 'value', 'output', '');
  const version = o.version === undefined ? 0 : intField(o, 'version', 'output');
  return { input: { op, key }, output: { err, value, version } };
}

export function describeVersioned(input: VInput, output: VOutput | null): string {
  const k = quote(input.key);
  if (input.op === 'put') {
    const call = `put(${k}, ${quote(input.value)}, v${input.version})`;
    return `${call} -> ${output === null ? '?' : output.err}`;
  }
  if (output === null) return `get(${k}) -> ?`;
  const o = output as GetOutput;
  return o.err === 'OK' ? `get(${k}) -> ${quote(o.value)}@${o.version}` : `get(${k}) -> ${o.err}`;
}
