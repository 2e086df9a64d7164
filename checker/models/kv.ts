import { fnvString } from '../hash.ts';
import type { Decision, Growth, Model, Operation } from '../types.ts';
import { decideAppends } from './kv-appends.ts';
import { ValueTable } from './kv-values.ts';
import { object, oneOf, optionalString, quote, stringField } from './shape.ts';
import {
  EMPTY_MAP, describeMap, equalMaps, indexOf, partitionByKey, setEntry, type SmallMap,
} from './smallmap.ts';

/**
 * The 6.824/6.5840 (2018-2024) key/value model: Get/Put/Append on string keys, a missing key
 * reads as "". Partitioned by key; the state is a map so the same model also checks a whole
 * history with partitioning off.
 */
export interface KvInput {
  readonly op: 'get' | 'put' | 'append';
  readonly key: string;
  /** The value to put or append; "" for get. */
  readonly value: string;
}

/** Get's result; put and append return nothing. */
export interface KvOutput {
  readonly value: string;
}

export type KvState = SmallMap<string>;

function valueOf(state: KvState, key: string): string {
  const i = indexOf(state, key);
  return i >= 0 ? state.values[i]! : '';
}

function valueHashOf(state: KvState, key: string): number {
  const i = indexOf(state, key);
  return i >= 0 ? state.valueHashes[i]! : fnvString('');
}

export const kvModel: Model<KvState, KvInput, KvOutput> = {
  name: 'kv',
  init: () => EMPTY_MAP,
  step(state, input, output) {
    if (input.op === 'get') {
      if (output === null) return state;
      return valueOf(state, input.key) === output.value ? state : undefined;
    }
    if (input.op === 'put') return setEntry(state, input.key, input.value, fnvString(input.value));
    // FNV continues over the appended piece, so long values are never rehashed.
    const hash = fnvString(input.value, valueHashOf(state, input.key));
    return setEntry(state, input.key, valueOf(state, input.key) + input.value, hash);
  },
  equal: (a, b) => equalMaps(a, b, (x, y) => x === y),
  hash: (state) => state.hash,
  partition: (ops) => partitionByKey(ops.map((op) => op.input.key))
    .map((part) => ({ ...part, model: makeKeyModel() })),
  pendingHasNoEffect: (op) => op.input.op === 'get',
  readOnly: (input) => input.op === 'get',
  parseOp(rawInput, rawOutput) {
    const i = object(rawInput, 'input');
    const op = oneOf(i, 'op', 'input', ['get', 'put', 'append'] as const);
    const key = stringField(i, 'key', 'input');
    const value = op === 'get' ? '' : stringField(i, 'value', 'input');
    if (rawOutput === null) return { input: { op, key, value }, output: null };
    const o = object(rawOutput, 'output');
    const out = op === 'get'
      ? stringField(o, 'value', 'output') : optionalString(o, 'value', 'output', '');
    return { input: { op, key, value }, output: { value: out } };
  },
  describeOperation: describeKv,
  describeState: (state) => describeMap(state, (v) => quote(v)),
};

/**
 * The model of one key's part: the state is the number of the key's value in a table owned by
 * the part, numbered by content (0 is ""; kv-values.ts). Values appended in different orders are
 * different strings, so a part has many values (tens of thousands in c50-ok), and a step usually
 * makes a new one; comparing and hashing states is then comparing integers.
 */
export function makeKeyModel(): Model<number, KvInput, KvOutput> {
  return new KeyValues();
}

/** A class rather than closures so that every part shares one `step` function: the search's
 * call site stays monomorphic and V8 inlines it. */
class KeyValues implements Model<number, KvInput, KvOutput> {
  readonly name = 'kv';
  readonly numberedStates = true;
  /** A value only grows by Appends; a Put may set anything. A Get that must still come, with
   * no Put able to come first, must see the current value extended (checker/growth.ts). */
  readonly growth: Growth<number, KvInput, KvOutput> = {
    isReset: (input) => input.op === 'put',
    canGrowTo: (state, _input, output) => this.table.isPrefixOf(state, output),
    canGrowFrom: (put, _input, output) => output.value.startsWith(put.value),
  };
  private readonly table = new ValueTable();
  /** Numbers of the values Puts wrote and Gets returned, by the op's input or output object,
   * so that those steps compare integers. Filled on first use (a Get: when it first matches). */
  private readonly known = new Map<KvInput | KvOutput, number>();

  init(): number {
    return 0;
  }

  step(state: number, input: KvInput, output: KvOutput | null): number | undefined {
    if (input.op === 'get') return output === null || this.sees(state, output) ? state : undefined;
    if (input.op === 'put') {
      let n = this.known.get(input);
      if (n === undefined) {
        n = this.table.whole(input.value);
        this.known.set(input, n);
      }
      return n;
    }
    return this.table.appended(state, input.value);
  }

  /** Whether a Get in `state` returns `output`. */
  private sees(state: number, output: KvOutput): boolean {
    const n = this.known.get(output);
    if (n !== undefined) return n === state;
    if (!this.table.equals(state, output)) return false;
    this.known.set(output, state);
    return true;
  }

  equal(a: number, b: number): boolean {
    return a === b;
  }

  hash(state: number): number {
    return state;
  }

  readOnly(input: KvInput): boolean {
    return input.op === 'get';
  }

  pendingHasNoEffect(op: KvOperation): boolean {
    return op.input.op === 'get';
  }

  decide(part: readonly KvOperation[]): Decision | undefined {
    return decideAppends(part);
  }

  parseOp(input: unknown, output: unknown): { input: KvInput; output: KvOutput | null } {
    return kvModel.parseOp(input, output);
  }

  describeOperation(input: KvInput, output: KvOutput | null): string {
    return describeKv(input, output);
  }

  describeState(state: number): string {
    return quote(this.table.value(state));
  }
}

export function describeKv(input: KvInput, output: KvOutput | null): string {
  const k = quote(input.key);
  if (input.op === 'get') return `get(${k}) -> ${output === null ? '?' : quote(output.value)}`;
  const call = `${input.op}(${k}, ${quote(input.value)})`;
  return output === null ? `${call} -> ?` : call;
}

export type KvOperation = Operation<KvInput, KvOutput>;
