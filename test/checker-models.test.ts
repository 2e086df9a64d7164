import test from 'ava';
import { kvModel, makeKeyModel, type KvInput } from '../checker/models/kv.ts';
import { kvVersionedModel, type VInput, type VOutput } from '../checker/models/kv-versioned.ts';
import { casRegisterModel } from '../checker/models/register.ts';
import { MODELS } from '../checker/models/index.ts';

const put = (key: string, value: string, version: number): VInput =>
  ({ op: 'put', key, value, version });

test('kv-versioned: put with the current version succeeds (OK or ErrMaybe)', (t) => {
  const m = kvVersionedModel;
  const s0 = m.init();
  const s1 = m.step(s0, put('k', 'a', 0), { err: 'OK' })!;
  t.is(m.describeState(s1), '{"k": "a"@1}');
  t.true(m.equal(m.step(s0, put('k', 'a', 0), { err: 'ErrMaybe' })!, s1));
  t.true(m.equal(m.step(s0, put('k', 'a', 0), null)!, s1), 'unknown outcome applies');
  t.is(m.step(s0, put('k', 'a', 0), { err: 'ErrVersion' }), undefined);
  t.is(m.step(s0, put('k', 'a', 0), { err: 'ErrNoKey' }), undefined, 'version 0 creates the key');
});

test('kv-versioned: put with another version changes nothing', (t) => {
  const m = kvVersionedModel;
  const s1 = m.step(m.init(), put('k', 'a', 0), { err: 'OK' })!;
  for (const err of ['ErrVersion', 'ErrMaybe'] as const) {
    t.is(m.step(s1, put('k', 'b', 5), { err }), s1, err);
  }
  t.is(m.step(s1, put('k', 'b', 5), { err: 'OK' }), undefined);
  t.is(m.step(s1, put('k', 'b', 5), { err: 'ErrNoKey' }), undefined, 'the key exists');
  t.is(m.step(m.init(), put('k', 'b', 3), { err: 'ErrNoKey' }), m.init(), 'absent key');
});

test('kv-versioned: get must return value and version (stricter than the course)', (t) => {
  const m = kvVersionedModel;
  const get: VInput = { op: 'get', key: 'k' };
  const s1 = m.step(m.init(), put('k', 'a', 0), { err: 'OK' })!;
  const ok = (value: string, version: number): VOutput => ({ err: 'OK', value, version });
  t.is(m.step(s1, get, ok('a', 1)), s1);
  t.is(m.step(s1, get, ok('a', 2)), undefined, 'right value, wrong version');
  t.is(m.step(s1, get, ok('b', 1)), undefined);
  t.is(m.step(m.init(), get, { err: 'ErrNoKey', value: '', version: 0 }), m.init());
  t.is(m.step(m.init(), get, ok('', 0)), undefined);
});

test('cas-register: cas applies iff from matches, and its output must agree', (t) => {
  const m = casRegisterModel;
  const cas = { op: 'cas', from: 1, to: 2 } as const;
  t.is(m.step(1, cas, { ok: true }), 2);
  t.is(m.step(1, cas, { ok: false }), undefined);
  t.is(m.step(3, cas, { ok: false }), 3);
  t.is(m.step(3, cas, null), 3, 'unknown output: applies only if it can');
  t.is(m.step(1, cas, null), 2);
  t.is(m.step(null, { op: 'read' }, { value: null }), null);
});

test('kv map states: equal maps hash equally whatever the order of the writes', (t) => {
  const m = kvModel;
  const apply = (steps: KvInput[]) =>
    steps.reduce((s, i) => m.step(s, i, { value: '' })!, m.init());
  const a = apply([{ op: 'put', key: 'x', value: '1' }, { op: 'append', key: 'y', value: 'ab' }]);
  const b = apply([{ op: 'append', key: 'y', value: 'a' }, { op: 'put', key: 'x', value: '1' },
    { op: 'append', key: 'y', value: 'b' }]);
  t.true(m.equal(a, b));
  t.is(m.hash(a), m.hash(b));
  const c = apply([{ op: 'put', key: 'x', value: '2' }, { op: 'append', key: 'y', value: 'ab' }]);
  t.false(m.equal(a, c));
  t.is(m.describeState(a), '{"x": "1", "y": "ab"}');
});

test('kv per-key model: values are numbered by content', (t) => {
  const m = makeKeyModel();
  const s1 = m.step(m.step(m.init(), { op: 'append', key: 'k', value: 'a' }, { value: '' })!,
    { op: 'append', key: 'k', value: 'b' }, { value: '' })!;
  const s2 = m.step(m.init(), { op: 'put', key: 'k', value: 'ab' }, { value: '' })!;
  t.is(s1, s2);
  t.is(m.step(s1, { op: 'get', key: 'k', value: '' }, { value: 'ab' }), s1);
  t.is(m.step(s1, { op: 'get', key: 'k', value: '' }, { value: 'a' }), undefined);
  t.is(m.describeState(s1), '"ab"');
});

test('every model: unknown outputs are legal in every state reached', (t) => {
  for (const [name, m] of MODELS) {
    t.truthy(m.parseOp, name);
  }
  const m = kvVersionedModel;
  const s = m.step(m.init(), put('k', 'a', 0), { err: 'OK' })!;
  t.not(m.step(s, put('k', 'z', 9), null), undefined);
  t.not(m.step(s, { op: 'get', key: 'k' }, null), undefined);
});
