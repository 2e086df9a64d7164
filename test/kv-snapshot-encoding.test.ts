import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import { appendedBytes, jsonStringBytes } from '../core/kv/codec.ts';
import { KvStore } from '../core/kv/store.ts';
import type { KvRequest } from '../core/kv/types.ts';
import { SnapshotApplyMsg, SnapshotHandle } from '../core/raft/snapshot.ts';

/**
 * The store's lazy snapshot (a handle on the state as it was, its size counted from byte counts
 * kept per value and for the duplicate table, its bytes made when read) against the plain
 * one-shot encoding of a model of the state:
 * `JSON.stringify({data: [[key, value, version]...], dedup: [[client, seq]...]})` in UTF-8.
 * Values mix ASCII, characters JSON escapes, multi-byte characters and surrogate halves (so an
 * Append may complete or split a surrogate pair across the old value and the suffix), and a
 * snapshot may be taken after any op and read only later.
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

testProp('KvStore: a snapshot is the one-shot JSON encoding of the state when it was taken, ' +
  'and its size is known before its bytes',
[fc.array(step, { maxLength: 40 })],
(t, steps) => {
  const store = new KvStore();
  const model: Model = { data: new Map(), dedup: new Map() };
  const taken: Array<[SnapshotHandle, Uint8Array]> = [];
  let seq = 0;
  for (const s of steps) {
    const version = model.data.get(s.key)?.[1] ?? 0;
    const r: KvRequest = s.op === 'get' ? { op: 'get', key: s.key }
      : s.op === 'put' ? { op: 'put', key: s.key, value: s.value, version }
      : { op: s.op as 'append' | 'putPlain', key: s.key, value: s.value, client: s.client,
        seq: ++seq };
    store.doOp(r);
    applyToModel(model, r);
    if (s.snapshot) taken.push([store.snapshot(), reference(model)]);
  }
  taken.push([store.snapshot(), reference(model)]);
  for (const [h, want] of taken) {
    t.is(h.size, want.length);
    t.deepEqual(h.bytes(), want);
  }
  for (const h of [taken.at(-1)![0], SnapshotHandle.of(taken.at(-1)![1])]) {
    const restored = new KvStore();
    restored.restore(h);
    t.is(restored.digest(), store.digest());
    t.deepEqual(restored.snapshot().bytes(), reference(model));
  }
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
  const h = store.snapshot();
  t.is(h.size, want.length);
  t.deepEqual(h.bytes(), want);
});

/** A run of steps on each store and the model (fresh seqs from `seq`); the next seq. */
function play(stores: KvStore[], model: Model, steps: readonly { op: string; key: string;
  value: string; client: number }[], seq: number): number {
  for (const s of steps) {
    const version = model.data.get(s.key)?.[1] ?? 0;
    const r: KvRequest = s.op === 'put' ? { op: 'put', key: s.key, value: s.value, version }
      : { op: s.op as 'append' | 'putPlain', key: s.key, value: s.value, client: s.client,
        seq: ++seq };
    for (const store of stores) store.doOp(r);
    applyToModel(model, r);
  }
  return seq;
}

testProp('KvStore: a store restored from a snapshot, by its image or by its bytes, goes on ' +
  'like the store it came from, and never changes the snapshot it came from',
[fc.array(step, { maxLength: 20 }), fc.array(step, { maxLength: 20 }), fc.boolean()],
(t, before, after, fromBytes) => {
  const model: Model = { data: new Map(), dedup: new Map() };
  const source = new KvStore();
  const seq = play([source], model, before.filter((s) => s.op !== 'get'), 0);
  const h = source.snapshot();
  const want = reference(model);
  const restored = new KvStore();
  restored.restore(fromBytes ? SnapshotHandle.of(h.bytes()) : h);
  const twin = new KvStore();
  twin.restore(h);
  play([restored, twin, source], model, after.filter((s) => s.op !== 'get'), seq);
  const now = restored.snapshot();
  t.is(now.size, reference(model).length);
  t.deepEqual(now.bytes(), reference(model));
  t.deepEqual(twin.snapshot().bytes(), reference(model));
  t.deepEqual(source.snapshot().bytes(), reference(model));
  t.deepEqual(h.bytes(), want, 'later writes never show in an earlier snapshot');
},
{ numRuns: 500, seed: 2 },
);

test('KvStore: a snapshot written otherwise (spaced) restores, and snapshots canonically', (t) => {
  const store = new KvStore();
  store.restore(SnapshotHandle.of(encoder.encode('{"data":[ ["k","v",1]],"dedup":[ [7,2]]}')));
  const h = store.snapshot();
  t.is(h.size, h.bytes().length);
  t.deepEqual(h.bytes(), encoder.encode('{"data":[["k","v",1]],"dedup":[[7,2]]}'));
});

test('KvStore: an install through Raft\'s handle restores from the image, not the bytes', (t) => {
  const source = new KvStore();
  source.doOp({ op: 'append', key: 'k', value: 'x', client: 3, seq: 1 });
  const h = source.snapshot();
  const store = new KvStore();
  store.restore(new SnapshotApplyMsg(4, 1, h).handle);
  t.is(store.digest(), source.digest());
  t.is(h.size, h.bytes().length);
});

/** Any UTF-16 string: lone surrogates included. */
const units = fc.array(fc.oneof(fc.integer({ min: 0, max: 0x7f }),
  fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0, max: 0xffff })),
{ maxLength: 12 }).map((c) => String.fromCharCode(...c));

testProp('jsonStringBytes and appendedBytes count JSON.stringify\'s UTF-8 bytes',
  [units, units], (t, a, b) => {
    const bytes = (s: string) => encoder.encode(JSON.stringify(s)).length - 2;
    t.is(jsonStringBytes(a), bytes(a));
    t.is(appendedBytes(a, bytes(a), b), bytes(a + b));
  }, { numRuns: 5000, seed: 3 });
