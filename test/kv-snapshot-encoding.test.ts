import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import { EncodedEntry, scanEntries } from '../core/kv/codec.ts';
import { KvStore } from '../core/kv/store.ts';
import type { KvRequest } from '../core/kv/types.ts';

/**
 * The store's incremental snapshot encoding (per-key parts kept encoded, Appends extending them
 * in place) against the plain one-shot encoding of a model of the state:
 * `JSON.stringify({data: [[key, value, version]...], dedup: [[client, seq]...]})` in UTF-8.
 * Values mix ASCII, characters JSON escapes, multi-byte characters and surrogate halves (so an
 * Append may complete or split a surrogate pair across the old value and the suffix), and a
 * snapshot may be taken after any op.
 */
interface Model {
  data: Map<string, [string, number]>;
  dedup: Map<number, number>;
}

const encoder = new TextEncoder();

function reference(m: Model): Uint8Array {
  const data = [...m.data].map(([k, [v, ver]]) => [k, v, ver]);
  return encoder.encode(JSON.stringify({ data, dedup: [...m.dedup] }));
}

/** The model's effect of a write that the store applies (fresh seqs: never a duplicate). */
function applyToModel(m: Model, r: KvRequest): void {
  if (r.op === 'get') return;
  const cur = m.data.get(r.key);
  if (r.op === 'put') {
    if ((cur?.[1] ?? 0) === r.version) m.data.set(r.key, [r.value, r.version + 1]);
    return;
  }
  const value = r.op === 'append' ? (cur?.[0] ?? '') + r.value : r.value;
  m.data.set(r.key, [value, (cur?.[1] ?? 0) + 1]);
  m.dedup.set(r.client, r.seq);
}

const piece = fc.constantFrom('a', 'xy', '"', '\\', '\n', '\u0001', 'é', '日本', '\ud83d',
  '\ude00', '\ud83d\ude00', '');
const value = fc.array(piece, { maxLength: 4 }).map((p) => p.join(''));
const step = fc.record({
  op: fc.constantFrom('append', 'append', 'append', 'putPlain', 'put', 'get'),
  key: fc.constantFrom('k', 'j', '\ud83d', 'é"'),
  value,
  client: fc.integer({ min: 0, max: 3 }),
  snapshot: fc.boolean(),
});

testProp('KvStore: the incremental snapshot equals the one-shot JSON encoding',
  [fc.array(step, { maxLength: 40 })],
  (t, steps) => {
    const store = new KvStore();
    const model: Model = { data: new Map(), dedup: new Map() };
    let seq = 0;
    for (const s of steps) {
      const version = model.data.get(s.key)?.[1] ?? 0;
      const r: KvRequest = s.op === 'get' ? { op: 'get', key: s.key }
        : s.op === 'put' ? { op: 'put', key: s.key, value: s.value, version }
        : { op: s.op as 'append' | 'putPlain', key: s.key, value: s.value, client: s.client,
          seq: ++seq };
      store.doOp(r);
      applyToModel(model, r);
      if (s.snapshot) t.deepEqual(store.snapshot(), reference(model));
    }
    t.deepEqual(store.snapshot(), reference(model));
    const restored = new KvStore();
    restored.restore(store.snapshot());
    t.deepEqual(restored.snapshot(), reference(model));
  },
  { numRuns: 2000, seed: 1 },
);

test('KvStore: a long value grown by Appends snapshots the same as encoded at once', (t) => {
  const store = new KvStore();
  let v = '';
  for (let i = 0; i < 2000; i++) {
    const part = `x ${i % 20} ${i} y"\u00e9`;
    store.doOp({ op: 'append', key: 'k', value: part, client: 1, seq: i + 1 });
    v += part;
    if (i % 97 === 0) store.snapshot();
  }
  const want = encoder.encode(JSON.stringify({ data: [['k', v, 2000]], dedup: [[1, 2000]] }));
  t.deepEqual(store.snapshot(), want);
});

/** A run of steps on `store` and the model (fresh seqs from `seq`); the next seq. */
function play(store: KvStore, model: Model, steps: readonly { op: string; key: string;
  value: string; client: number }[], seq: number): number {
  for (const s of steps) {
    const version = model.data.get(s.key)?.[1] ?? 0;
    const r: KvRequest = s.op === 'put' ? { op: 'put', key: s.key, value: s.value, version }
      : { op: s.op as 'append' | 'putPlain', key: s.key, value: s.value, client: s.client,
        seq: ++seq };
    store.doOp(r);
    applyToModel(model, r);
  }
  return seq;
}

const plainStep = fc.record({
  op: fc.constantFrom('append', 'append', 'putPlain', 'put'),
  key: fc.constantFrom('k', 'j', 'ü'),
  value: fc.array(fc.constantFrom('a', 'xy', 'é', '日本', '\ud83d\ude00'), { maxLength: 3 })
    .map((p) => p.join('')),
  client: fc.integer({ min: 0, max: 3 }),
});

testProp('KvStore: a store restored from a snapshot without escapes keeps its parts as views ' +
  'of it, and its later snapshots are the one-shot encoding',
[fc.array(plainStep, { maxLength: 20 }), fc.array(plainStep, { maxLength: 20 })],
(t, before, after) => {
  const model: Model = { data: new Map(), dedup: new Map() };
  const source = new KvStore();
  const seq = play(source, model, before, 0);
  const bytes = source.snapshot();
  const data = [...model.data].map(([k, [v, ver]]) => [k, v, ver] as const);
  const parts = scanEntries(bytes, '{"data":[', data);
  t.not(parts, null);
  parts!.forEach((p, i) => t.deepEqual(p.size(data[i]![2]),
    EncodedEntry.encode(data[i]![0], data[i]![1]).size(data[i]![2])));
  const restored = new KvStore();
  restored.restore(bytes);
  t.deepEqual(restored.snapshot(), reference(model));
  play(restored, model, after, seq);
  t.deepEqual(restored.snapshot(), reference(model));
  t.deepEqual(bytes, source.snapshot(), 'appends after a restore never write into the snapshot');
},
{ numRuns: 500, seed: 2 },
);

test('scanEntries: a snapshot not written as snapshot() writes it is encoded again', (t) => {
  const data = [['k', 'v', 1]] as const;
  const spaced = encoder.encode('{"data":[ ["k","v",1]],"dedup":[]}');
  t.is(scanEntries(spaced, '{"data":[', data), null);
  const escaped = encoder.encode(JSON.stringify({ data: [['k', 'v"', 1]], dedup: [] }));
  t.is(scanEntries(escaped, '{"data":[', [['k', 'v"', 1]]), null);
  const store = new KvStore();
  store.restore(spaced);
  t.deepEqual(store.snapshot(), encoder.encode('{"data":[["k","v",1]],"dedup":[]}'));
});
