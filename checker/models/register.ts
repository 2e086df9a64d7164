import { hashScalar } from '../hash.ts';
import { OpShapeError, type Model, type Operation } from '../types.ts';
import { object, oneOf, show } from './shape.ts';

/**
 * A single register holding a number, a string or null (initially null: "nil, never written"),
 * as in Jepsen's register workloads. `register` has read and write; `cas-register` adds
 * compare-and-set, as in the etcd histories of Porcupine's corpus. An unknown output (null)
 * accepts any result: a read then says nothing, a write applies, a cas applies if it can (the
 * search may also place it last, which is the same as never).
 */
export type Value = number | string | null;

export type RegInput =
  | { readonly op: 'read' }
  | { readonly op: 'write'; readonly value: Value }
  | { readonly op: 'cas'; readonly from: Value; readonly to: Value };

export type RegOutput =
  | { readonly value: Value } | { readonly ok: boolean } | Record<string, never>;

function stepRegister(state: Value, input: RegInput, output: RegOutput | null): Value | undefined {
  switch (input.op) {
    case 'read':
      return output === null || (output as { value: Value }).value === state ? state : undefined;
    case 'write':
      return input.value;
    case 'cas': {
      const matches = input.from === state;
      if (output !== null && (output as { ok: boolean }).ok !== matches) return undefined;
      return matches ? input.to : state;
    }
  }
}

/** A pending read changes nothing; a pending cas whose `from` can never be the register's value
 * (not the initial null, never written) can never apply. */
function pendingHasNoEffect(op: Operation<RegInput, RegOutput>,
  part: readonly Operation<RegInput, RegOutput>[]): boolean {
  const input = op.input;
  if (input.op === 'read') return true;
  if (input.op !== 'cas' || input.from === null) return false;
  return !part.some((p) => (p.input.op === 'write' && p.input.value === input.from)
    || (p.input.op === 'cas' && p.input.to === input.from));
}

function parseValue(o: Record<string, unknown>, field: string, what: string): Value {
  const v = o[field];
  if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) {
    return v;
  }
  throw new OpShapeError(`${what}.${field} must be a number, a string or null, got ${show(v)}`);
}

function parseOkFlag(o: Record<string, unknown>): boolean {
  if (typeof o.ok !== 'boolean') {
    throw new OpShapeError(`output.ok must be true or false, got ${show(o.ok)}`);
  }
  return o.ok;
}

function makeParse(ops: readonly ('read' | 'write' | 'cas')[]) {
  return (rawInput: unknown, rawOutput: unknown): { input: RegInput; output: RegOutput | null } => {
    const i = object(rawInput, 'input');
    const op = oneOf(i, 'op', 'input', ops);
    const input: RegInput = op === 'read' ? { op }
      : op === 'write' ? { op, value: parseValue(i, 'value', 'input') }
        : { op, from: parseValue(i, 'from', 'input'), to: parseValue(i, 'to', 'input') };
    if (rawOutput === null) return { input, output: null };
    const o = object(rawOutput, 'output');
    if (op === 'read') return { input, output: { value: parseValue(o, 'value', 'output') } };
    if (op === 'cas') return { input, output: { ok: parseOkFlag(o) } };
    return { input, output: {} };
  };
}

const showValue = (v: Value): string => (v === null ? 'nil' : JSON.stringify(v));

export function describeRegister(input: RegInput, output: RegOutput | null): string {
  const res = output === null ? ' -> ?' : '';
  switch (input.op) {
    case 'read':
      return `read() -> ${output === null ? '?' : showValue((output as { value: Value }).value)}`;
    case 'write':
      return `write(${showValue(input.value)})${res}`;
    case 'cas': {
      const ok = output === null ? '?' : String((output as { ok: boolean }).ok);
      return `cas(${showValue(input.from)}, ${showValue(input.to)}) -> ${ok}`;
    }
  }
}

function makeRegisterModel(name: string, ops: readonly ('read' | 'write' | 'cas')[])
  : Model<Value, RegInput, RegOutput> {
  return {
    name,
    init: () => null,
    step: stepRegister,
    equal: (a, b) => a === b,
    hash: hashScalar,
    pendingHasNoEffect,
    readOnly: (input, output) => input.op === 'read'
      || (input.op === 'cas' && output !== null && (output as { ok: boolean }).ok === false),
    parseOp: makeParse(ops),
    describeOperation: describeRegister,
    describeState: showValue,
  };
}

export const registerModel = makeRegisterModel('register', ['read', 'write']);
export const casRegisterModel = makeRegisterModel('cas-register', ['read', 'write', 'cas']);
