import test from 'ava';
import { readFileSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { loadHistory } from '../checker/formats/index.ts';
import type { KvInput, KvOutput } from '../checker/models/kv.ts';
import type { Model, Operation } from '../checker/types.ts';

const CORPUS = new URL('./fixtures/porcupine/', import.meta.url);
const corpus = (file: string) => loadHistory(readFileSync(new URL(file, CORPUS), 'utf8'), file);

function explained(model: Model, ops: Operation[]) {
  const result = check(model, ops);
  const e = explain(model, ops, result);
  if (e === null) throw new Error(`expected an illegal history, got ${result.verdict}`);
  return { result, e };
}

/** Can op `o` be legal after some of the other ops, in some order (real time ignored)? */
function explainable(model: Model, rest: readonly Operation[], o: Operation): boolean {
  const out = (op: Operation) => (op.return === null ? null : op.output);
  const others = rest.filter((x) => x !== o);
  const failed = new Set<string>(); // (ops used, state) already known to lead nowhere
  const search = (used: number, state: unknown): boolean => {
    if (model.step(state, o.input, out(o)) !== undefined) return true;
    const key = `${used} ${JSON.stringify(state)}`;
    if (failed.has(key)) return false;
    failed.add(key);
    return others.some((x, i) => {
      if (used & (1 << i)) return false;
      const next = model.step(state, x.input, out(x));
      return next !== undefined && search(used | (1 << i), next);
    });
  };
  return search(0, model.init());
}

/**
 * The contract of the minimal failing sub-history, checked by brute force: it is not
 * linearizable, and without any one op the rest is linearizable or holds a result that no
 * remaining op could have produced (a read of a value nobody wrote is no explanation).
 */
function assertMinimal(t: import('ava').ExecutionContext, model: Model, ops: Operation[],
  minimal: readonly number[], label: string) {
  const sub = (ids: readonly number[]) => ids.map((i) => ops[i]!);
  t.is(check(model, sub(minimal)).verdict, 'illegal', `${label}: the sub-history fails`);
  for (const drop of minimal) {
    const rest = sub(minimal.filter((i) => i !== drop));
    const needed = check(model, rest).verdict !== 'illegal'
      || rest.some((o) => !explainable(model, rest, o));
    t.true(needed, `${label}: op ${drop} is needed`);
  }
}

for (const file of ['kv/c10-bad.txt', 'jepsen/etcd_000.log', 'jepsen/etcd_099.log']) {
  test(`${file}: a handful of ops, non-linearizable, each one needed`, (t) => {
    const { model, ops } = corpus(file);
    const { e } = explained(model, ops);
    t.true(e.minimal.minimal);
    t.true(e.minimal.ops.length >= 2 && e.minimal.ops.length <= 8, `${e.minimal.ops.length} ops`);
    assertMinimal(t, model, ops, e.minimal.ops, file);
  });
}

test('c50-bad: a get that missed an append; the appends it saw, that one and the get', (t) => {
  const { model, ops } = corpus('kv/c50-bad.txt');
  const { e } = explained(model, ops);
  t.true(e.minimal.minimal);
  const sub = (ids: readonly number[]) => ids.map((i) => ops[i]!);
  t.is(check(model, sub(e.minimal.ops)).verdict, 'illegal');
  // Each one needed, checked directly (brute force would try 11! orders of the appends).
  const get = ops[e.minimal.ops.at(-1)!]! as Operation<KvInput, KvOutput>;
  const appends = e.minimal.ops.slice(0, -1).map((i) => ops[i]! as Operation<KvInput, KvOutput>);
  t.is(get.input.op, 'get');
  t.true(appends.every((a) => a.input.op === 'append'));
  const seen = appends.filter((a) => get.output!.value.includes(a.input.value));
  const missed = appends.filter((a) => !get.output!.value.includes(a.input.value));
  t.is(seen.length, appends.length - 1);
  t.is(missed.length, 1);
  t.true(missed[0]!.return! < get.call, 'the missed append returned before the get was called');
  // Without the get or the missed append, the rest is linearizable; without an append the get
  // saw, the get's value holds a piece that no remaining op writes.
  const without = (op: Operation) => e.minimal.ops.filter((i) => ops[i] !== op);
  t.not(check(model, sub(without(get))).verdict, 'illegal');
  t.not(check(model, sub(without(missed[0]!))).verdict, 'illegal');
  const values = appends.map((a) => a.input.value);
  t.is(new Set(values).size, values.length, 'each append writes its own piece');
});

test('c10-bad: the stale get of key "0" is what could not come next', (t) => {
  const { model, ops } = corpus('kv/c10-bad.txt');
  const { result, e } = explained(model, ops);
  t.is(e.label, 'key "0"');
  t.is(e.part, result.illegalPart);
  t.deepEqual(e.stuck.map((s) => [ops[s.op]!.line, s.reason]), [[158, 'illegal']]);
  t.is(e.stuck[0]!.description, 'get("0") -> "x 9 0 yx 0 0 yx 8 0 y"');
  t.deepEqual(e.minimal.ops.map((i) => ops[i]!.line), [1, 3, 18, 82, 158]);
});

test('the longest prefix replays legally and respects real time', (t) => {
  const { model, ops } = corpus('jepsen/etcd_040.log');
  const { e } = explained(model, ops);
  t.true(e.prefix.length > 10);
  const order = e.prefix.map((p) => p.op);
  order.forEach((a, k) => {
    for (const b of order.slice(k + 1)) {
      const before = ops[b]!;
      t.false(before.return !== null && before.return < ops[a]!.call, `${b} returned before ${a}`);
    }
  });
});

test('no explanation for linearizable histories; explanations are deterministic', (t) => {
  const ok = corpus('kv/c10-ok.txt');
  t.is(explain(ok.model, ok.ops, check(ok.model, ok.ops)), null);
  const bad = corpus('jepsen/etcd_057.log');
  const once = explained(bad.model, bad.ops).e;
  t.deepEqual(explained(bad.model, bad.ops).e, once);
});

test('a read of a value nobody wrote is its own minimal history', (t) => {
  const ops: Operation[] = [
    { client: 0, call: 0, return: 1, input: { op: 'write', value: 1 }, output: {} },
    { client: 1, call: 2, return: 3, input: { op: 'read' }, output: { value: 9 } },
  ];
  const { casRegisterModel } = { casRegisterModel: corpus('jepsen/etcd_000.log').model };
  const { e } = explained(casRegisterModel, ops);
  t.deepEqual(e.minimal.ops, [1]);
  t.deepEqual(e.stuck.map((s) => s.reason), ['illegal']);
});

test('the issue\'s example history is not linearizable: nothing can produce "ab"', (t) => {
  const text = readFileSync(new URL('./fixtures/checker/issue-example.json', import.meta.url),
    'utf8');
  const { model, ops } = loadHistory(text, 'issue-example.json');
  const { e } = explained(model, ops);
  // append("a") then the pending put("b") gives "b", never "ab": a put replaces the value.
  t.deepEqual(e.stuck.map((s) => s.description), ['get("x") -> "ab"']);
  t.deepEqual(e.minimal.ops, [2]);
});
