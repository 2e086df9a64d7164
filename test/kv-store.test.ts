import test from 'ava';
import { KvStore } from '../core/kv/store.ts';
import { SnapshotHandle } from '../core/raft/snapshot.ts';
import { describeReply, req } from './helpers/kv/dsl.ts';

/**
 * The KV state machine (course-tests.md §4): each row is a sequence of requests applied in log
 * order to a fresh store, with the reply expected for each. Notation: test/helpers/kv/dsl.ts.
 */
type Step = readonly [request: string, reply: string];

const table: Array<[string, Step[]]> = [
  ['Get of a missing key: ErrNoKey with ""', [
    ['get k', 'ErrNoKey "" v0']]],
  ['Append to a missing key acts like Put', [
    ['append k a c1#1', 'OK'],
    ['get k', 'OK "a" v1']]],
  ['Appends concatenate in log order', [
    ['append k a c1#1', 'OK'],
    ['append k b c2#1', 'OK'],
    ['append k c c1#2', 'OK'],
    ['get k', 'OK "abc" v3']]],
  ['putPlain overwrites and bumps the version', [
    ['putPlain k a c1#1', 'OK'],
    ['putPlain k b c1#2', 'OK'],
    ['get k', 'OK "b" v2']]],
  ['keys are independent', [
    ['append k a c1#1', 'OK'],
    ['get j', 'ErrNoKey "" v0'],
    ['get k', 'OK "a" v1']]],
  ['versioned Put: a missing key is created at version 1 from version 0', [
    ['put k a v0', 'OK'],
    ['get k', 'OK "a" v1']]],
  ['versioned Put: a missing key with version != 0 is ErrNoKey (and stays missing)', [
    ['put k a v3', 'ErrNoKey'],
    ['get k', 'ErrNoKey "" v0']]],
  ['versioned Put: a version mismatch is ErrVersion (value unchanged)', [
    ['put k a v0', 'OK'],
    ['put k b v0', 'ErrVersion'],
    ['put k b v2', 'ErrVersion'],
    ['get k', 'OK "a" v1']]],
  ['versioned Put: a match installs the value and bumps the version', [
    ['put k a v0', 'OK'],
    ['put k b v1', 'OK'],
    ['put k c v2', 'OK'],
    ['get k', 'OK "c" v3']]],
  ['an Append counts as a write for versions', [
    ['put k a v0', 'OK'],
    ['append k b c1#1', 'OK'],
    ['put k c v1', 'ErrVersion'],
    ['put k c v2', 'OK'],
    ['get k', 'OK "c" v3']]],
  ['a duplicate Append (same client, seq) is applied once, answered the same', [
    ['append k a c1#1', 'OK'],
    ['append k a c1#1', 'OK'],
    ['get k', 'OK "a" v1']]],
  ['an older seq of the same client is a duplicate too', [
    ['append k a c1#1', 'OK'],
    ['append k b c1#2', 'OK'],
    ['append k a c1#1', 'OK'],
    ['get k', 'OK "ab" v2']]],
  ['a duplicate putPlain does not overwrite a later value of another client', [
    ['putPlain k a c1#1', 'OK'],
    ['putPlain k b c2#1', 'OK'],
    ['putPlain k a c1#1', 'OK'],
    ['get k', 'OK "b" v2']]],
  ['the same seq from another client is not a duplicate', [
    ['append k a c1#1', 'OK'],
    ['append k b c2#1', 'OK'],
    ['get k', 'OK "ab" v2']]],
  ['seqs may skip (a client only needs them increasing)', [
    ['append k a c1#1', 'OK'],
    ['append k b c1#5', 'OK'],
    ['append k c c1#3', 'OK'],
    ['get k', 'OK "ab" v2']]],
  ['dedup is per client, not per key', [
    ['append k a c1#1', 'OK'],
    ['append j a c1#1', 'OK'],
    ['get j', 'ErrNoKey "" v0']]],
];

for (const [name, steps] of table) {
  test(`KvStore: ${name}`, (t) => {
    const store = new KvStore();
    const got = steps.map(([r]) => `${r} -> ${describeReply(store.doOp(req(r)))}`);
    t.deepEqual(got, steps.map(([r, want]) => `${r} -> ${want}`));
  });
}

/**
 * A store after some history, restored into a fresh store from its snapshot: from the handle
 * itself (a KvStore restores from its image) or from the handle's bytes alone (a restart).
 */
function roundTrip(history: string[], how: 'image' | 'bytes'): { before: KvStore;
  after: KvStore } {
  const before = new KvStore();
  for (const r of history) before.doOp(req(r));
  const after = new KvStore();
  const h = before.snapshot();
  after.restore(how === 'image' ? h : SnapshotHandle.of(h.bytes()));
  return { before, after };
}

const restoreTable: Array<[string, string[], Step[]]> = [
  ['values and versions survive',
    ['put k a v0', 'put k b v1', 'append j x c1#1'],
    [['get k', 'OK "b" v2'], ['get j', 'OK "x" v1'], ['get m', 'ErrNoKey "" v0']]],
  ['a duplicate Append after restore is still detected (dedup table in the snapshot)',
    ['append k a c1#1', 'append k b c2#7'],
    [['append k a c1#1', 'OK'], ['append k b c2#7', 'OK'], ['append k b c2#6', 'OK'],
      ['get k', 'OK "ab" v2']]],
  ['a new seq after restore is applied',
    ['append k a c1#1'],
    [['append k b c1#2', 'OK'], ['append k b c1#2', 'OK'], ['get k', 'OK "ab" v2']]],
  ['versioned Put continues from the restored version',
    ['put k a v0'],
    [['put k b v0', 'ErrVersion'], ['put k b v1', 'OK'], ['get k', 'OK "b" v2']]],
];

for (const [name, history, steps] of restoreTable) {
  for (const how of ['image', 'bytes'] as const) {
    test(`KvStore snapshot/restore (from its ${how}): ${name}`, (t) => {
      const { after } = roundTrip(history, how);
      const got = steps.map(([r]) => `${r} -> ${describeReply(after.doOp(req(r)))}`);
      t.deepEqual(got, steps.map(([r, want]) => `${r} -> ${want}`));
    });
  }
}

test('KvStore snapshot/restore: the snapshot of a restored store is identical', (t) => {
  for (const how of ['image', 'bytes'] as const) {
    const { before, after } = roundTrip(['put k a v0', 'append j x c3#2', 'putPlain m y c4#1'],
      how);
    t.deepEqual(after.snapshot().bytes(), before.snapshot().bytes());
    t.is(after.digest(), before.digest());
  }
});

test('KvStore snapshot/restore: restore replaces the whole state (no leftovers)', (t) => {
  const empty = new KvStore().snapshot();
  const store = new KvStore();
  store.doOp(req('append k a c1#1'));
  store.restore(empty);
  t.is(describeReply(store.doOp(req('get k'))), 'ErrNoKey "" v0');
  t.is(describeReply(store.doOp(req('append k a c1#1'))), 'OK');
  t.is(describeReply(store.doOp(req('get k'))), 'OK "a" v1');
});

test('KvStore: a malformed snapshot is rejected', (t) => {
  for (const v of [{ data: 'nope' }, { data: [['k', 'v', '1']], dedup: [] },
    { data: [], dedup: [[1]] }]) {
    const bad = SnapshotHandle.of(new TextEncoder().encode(JSON.stringify(v)));
    t.throws(() => new KvStore().restore(bad), { message: /malformed snapshot/ });
  }
});
