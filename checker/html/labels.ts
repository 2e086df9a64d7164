import type { Model } from '../types.ts';

/**
 * The text inside an operation's box in the HTML view: the call on the first line, the result
 * on the second, with the values that decide whether the op is legal where it is placed (what a
 * get returned, what a put wrote, versions, a cas's outcome). A box on a course-size page is a
 * few characters wide, so the page shortens labels to fit: a label is a list of segments in
 * which the odd ones are values it may cut in the middle ("x 0 0 y…x 7 7 y") and the even ones
 * (names, brackets, versions, results) stay. Models the view does not know get their
 * describeOperation text on the call line.
 */
export type Label = readonly string[];

export interface OpLabel {
  readonly call: Label;
  readonly result: Label;
}

/** Values longer than this are cut in the middle before they go into the page. */
const VALUE_CHARS = 120;

type Fields = Record<string, unknown>;

export function opLabel(model: Model, input: unknown, output: unknown): OpLabel {
  const i = input as Fields;
  const o = output as Fields | null;
  switch (model.name) {
    case 'kv':
      return kvLabel(i, o);
    case 'kv-versioned':
      return versionedLabel(i, o);
    case 'register':
    case 'cas-register':
      return registerLabel(i, o);
    default:
      return { call: [model.describeOperation(input, output)], result: [] };
  }
}

function kvLabel(i: Fields, o: Fields | null): OpLabel {
  const key = text(i.key);
  if (i.op === 'get') {
    const result = o === null ? ['-> ?'] : ['-> "', text(o.value), '"'];
    return { call: ['get(', key, ')'], result };
  }
  return { call: [`${String(i.op)}(`, key, ', "', text(i.value), '")'], result: unknown(o) };
}

function versionedLabel(i: Fields, o: Fields | null): OpLabel {
  const key = text(i.key);
  if (i.op === 'put') {
    const call = ['put(', key, ', "', text(i.value), `", v${String(i.version)})`];
    return { call, result: [o === null ? '-> ?' : `-> ${String(o.err)}`] };
  }
  const call = ['get(', key, ')'];
  if (o === null) return { call, result: ['-> ?'] };
  if (o.err !== 'OK') return { call, result: [`-> ${String(o.err)}`] };
  return { call, result: ['-> "', text(o.value), `"@${String(o.version)}`] };
}

function registerLabel(i: Fields, o: Fields | null): OpLabel {
  if (i.op === 'read') {
    return { call: ['read()'], result: o === null ? ['-> ?'] : join(['-> '], value(o.value)) };
  }
  if (i.op === 'write') {
    return { call: join(['write('], value(i.value), [')']), result: unknown(o) };
  }
  const call = join(['cas('], value(i.from), [', '], value(i.to), [')']);
  return { call, result: [o === null ? '-> ?' : `-> ${String(o.ok)}`] };
}

/** A register value as [before, shortenable, after]: nil, 3, or "text" with its quotes kept. */
function value(v: unknown): string[] {
  if (v === null) return ['', 'nil', ''];
  if (typeof v === 'string') return ['"', text(v), '"'];
  return ['', String(v), ''];
}

/** Concatenates segment lists, merging the fixed segments where two lists meet. */
function join(...lists: string[][]): string[] {
  const out: string[] = [];
  for (const list of lists) {
    list.forEach((s, k) => {
      if (k === 0 && out.length % 2 === 1) out[out.length - 1] += s;
      else out.push(s);
    });
  }
  return out;
}

function unknown(o: Fields | null): string[] {
  return o === null ? ['-> ?'] : [];
}

function text(v: unknown): string {
  const s = String(v);
  if (s.length <= VALUE_CHARS) return s;
  const head = Math.ceil((VALUE_CHARS - 1) / 2);
  return `${s.slice(0, head)}…${s.slice(s.length - (VALUE_CHARS - 1 - head))}`;
}
