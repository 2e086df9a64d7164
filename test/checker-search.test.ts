import test from 'ava';
import { readFileSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { loadHistory } from '../checker/formats/index.ts';
import { casRegisterModel, registerModel } from '../checker/models/register.ts';
import { kvModel } from '../checker/models/kv.ts';
import type { Operation } from '../checker/types.ts';

type Reg = Operation;
const w = (client: number, call: number, ret: number | null, value: number): Reg =>
  ({ client, call, return: ret, input: { op: 'write', value }, output: ret === null ? null : {} });
const r = (client: number, call: number, ret: number, value: number | null): Reg =>
  ({ client, call, return: ret, input: { op: 'read' }, output: { value } });

test('intervals are closed: an op returning at t is concurrent with one called at t', (t) => {
  // write(1) returns at 5, read() -> nil is called at 5: the read may go first.
  t.is(check(registerModel, [w(0, 0, 5, 1), r(1, 5, 6, null)]).verdict, 'ok');
  t.is(check(registerModel, [w(0, 0, 5, 1), r(1, 6, 7, null)]).verdict, 'illegal');
});

test('zero-length operations are allowed', (t) => {
  t.is(check(registerModel, [w(0, 3, 3, 1), r(1, 3, 3, 1), r(2, 4, 4, 1)]).verdict, 'ok');
  t.is(check(registerModel, [w(0, 3, 3, 1), r(1, 4, 4, null)]).verdict, 'illegal');
});

test('a pending op may take effect any time after its call, or never', (t) => {
  const pending = w(0, 2, null, 1);
  t.is(check(registerModel, [pending, r(1, 3, 4, 1), r(1, 5, 6, 1)]).verdict, 'ok');
  t.is(check(registerModel, [pending, r(1, 3, 4, null), r(1, 5, 6, null)]).verdict, 'ok');
  t.is(check(registerModel, [pending, r(1, 3, 4, 1), r(1, 5, 6, null)]).verdict, 'illegal');
  // ... but not before its call.
  t.is(check(registerModel, [pending, r(1, 0, 1, 1)]).verdict, 'illegal');
});

test('an unknown output with a return time: the op happened inside its interval', (t) => {
  const timedOutCas: Reg = {
    client: 0, call: 2, return: 3, input: { op: 'cas', from: 1, to: 2 }, output: null,
  };
  t.is(check(casRegisterModel, [w(1, 0, 1, 1), timedOutCas, r(2, 4, 5, 2)]).verdict, 'ok');
  // It did happen, with the register at 1, so it swapped in 2: a later read of 1 is illegal
  // (an op that may not have happened at all has return: null instead).
  t.is(check(casRegisterModel, [w(1, 0, 1, 1), timedOutCas, r(2, 4, 5, 1)]).verdict, 'illegal');
  t.is(check(casRegisterModel, [w(1, 0, 1, 1), { ...timedOutCas, return: null },
    r(2, 4, 5, 1)]).verdict, 'ok');
  t.is(check(casRegisterModel, [w(1, 0, 1, 3), timedOutCas, r(2, 4, 5, 2)]).verdict, 'illegal');
});

test('pending reads and impossible pending cas ops are dropped before the search', (t) => {
  const ops: Reg[] = [w(0, 0, 1, 1),
    { client: 1, call: 2, return: null, input: { op: 'read' }, output: null },
    { client: 2, call: 2, return: null, input: { op: 'cas', from: 7, to: 1 }, output: null },
    { client: 3, call: 2, return: null, input: { op: 'cas', from: 1, to: 2 }, output: null }];
  const result = check(casRegisterModel, ops);
  t.is(result.verdict, 'ok');
  t.deepEqual(result.parts[0]!.dropped, [1, 2]);
  t.deepEqual(result.parts[0]!.ops, [0, 3]);
});

const CORPUS = new URL('./fixtures/porcupine/', import.meta.url);
const corpus = (file: string) => loadHistory(readFileSync(new URL(file, CORPUS), 'utf8'), file);

test('a step budget gives "unknown", never "linearizable", and is exact', (t) => {
  const { model, ops } = corpus('jepsen/etcd_080.log');
  const a = check(model, ops, { maxSteps: 5000 });
  t.is(a.verdict, 'unknown');
  t.is(a.stoppedBy, 'steps');
  t.is(a.steps, 5000);
  t.deepEqual(check(model, ops, { maxSteps: 5000 }), a);
  t.is(check(model, ops).verdict, 'ok');
});

test('the stop callback gives "unknown" and is asked between slices', (t) => {
  const { model, ops } = corpus('jepsen/etcd_080.log');
  let asked = 0;
  const result = check(model, ops, { sliceSteps: 100, shouldStop: () => ++asked > 3 });
  t.is(result.verdict, 'unknown');
  t.is(result.stoppedBy, 'callback');
  t.is(result.steps, 300);
});

test('parts are interleaved: c50-bad is refuted without finishing its hardest key', (t) => {
  const { model, ops } = corpus('kv/c50-bad.txt');
  const result = check(model, ops);
  t.is(result.verdict, 'illegal');
  t.is(result.parts[result.illegalPart]!.verdict, 'illegal');
  t.true(result.parts.some((p) => p.verdict === 'unknown'), 'some key was never finished');
  t.true(result.steps < 1_000_000, `${result.steps} steps`);
});

test('results are deterministic: two runs give identical results', (t) => {
  for (const file of ['kv/c10-bad.txt', 'jepsen/etcd_040.log']) {
    const { model, ops } = corpus(file);
    t.is(JSON.stringify(check(model, ops)), JSON.stringify(check(model, ops)), file);
  }
});

test('an empty history is linearizable; so is one with only parts of no ops', (t) => {
  t.is(check(kvModel, []).verdict, 'ok');
  t.is(check(registerModel, []).parts.length, 1);
});

test('a linearizable part reports its whole linearization, legal in order', (t) => {
  const { model, ops } = corpus('kv/c10-ok.txt');
  const result = check(model, ops);
  for (const part of result.parts) {
    t.is(part.longest.length, part.ops.length);
    t.deepEqual([...part.longest].sort((a, b) => a - b), [...part.ops]);
  }
});

test('histories built in code are validated at the gateway', (t) => {
  t.throws(() => check(registerModel, [w(0, 5, 4, 1)]), { message: /call must be <= return/ });
  t.throws(() => check(registerModel, [w(0, 0.5, 4, 1)]), { message: /call must be an integer/ });
});

test('normalizeOps validates in-memory histories like the JSON parser', async (t) => {
  const { normalizeOps, getModel } = await import('../checker/index.ts');
  const model = getModel('kv-versioned')!;
  const ops = normalizeOps(model, [
    { client: 0, call: 0, return: 1, input: { op: 'get', key: 'k' }, output: { err: 'ErrNoKey' } },
    { client: 1, call: 0, return: null, input: { op: 'put', key: 'k', value: 'a', version: 0 },
      output: null },
  ]);
  t.deepEqual(ops[0]!.output, { err: 'ErrNoKey', value: '', version: 0 });
  t.is(check(model, ops).verdict, 'ok');
  t.throws(() => normalizeOps(model, [{ client: 0, call: 0, return: 1,
    input: { op: 'cas', key: 'k' }, output: {} }]), { message: /ops\[0\]: input\.op must be/ });
});
