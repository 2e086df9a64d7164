import { OpShapeError } from '../types.ts';

/** Small validators for Model.parseOp: each throws an OpShapeError that names the field. */

export type Obj = Record<string, unknown>;

export function object(x: unknown, what: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw new OpShapeError(`${what} must be an object, got ${show(x)}`);
  }
  return x as Obj;
}

export function stringField(o: Obj, field: string, what: string): string {
  const v = o[field];
  if (typeof v !== 'string') {
    throw new OpShapeError(`${what}.${field} must be a string, got ${show(v)}`);
  }
  return v;
}

export function optionalString(o: Obj, field: string, what: string, fallback: string): string {
  return o[field] === undefined ? fallback : stringField(o, field, what);
}

export function intField(o: Obj, field: string, what: string): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new OpShapeError(`${what}.${field} must be an integer >= 0, got ${show(v)}`);
  }
  return v;
}

export function oneOf<T extends string>(o: Obj, field: string, what: string, allowed: readonly T[])
  : T {
  const v = o[field];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    const list = allowed.map((a) => JSON.stringify(a)).join(', ');
    throw new OpShapeError(`${what}.${field} must be one of ${list}, got ${show(v)}`);
  }
  return v as T;
}

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A string for reports: JSON-quoted and cut to `max` characters. */
export function quote(s: string, max = 80): string {
  const q = JSON.stringify(s);
  return q.length > max ? `${q.slice(0, max - 4)}..."` : q;
}
