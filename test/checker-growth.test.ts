import test from 'ava';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { GrowthCheck } from '../checker/growth.ts';
import { kvModel, makeKeyModel, type KvInput, type KvOutput } from '../checker/models/kv.ts';
import { sortedEvents } from '../checker/order.ts';
import type { PartHistory } from '../checker/search.ts';
import type { Operation } from '../checker/types.ts';

/**
 * Model.growth's pruning (checker/growth.ts) on one kv key: after a prefix, the Get still to
 * come with the earliest return must be reachable, by Appends from the current value or from
 * the value of a Put left that real time lets come before it. Soundness against brute force is
 * test/checker-differential.test.ts; this pins what is pruned.
 */
const put = (value: string): KvInput => ({ op: 'put', key: 'k', value });
const get: KvInput = { op: 'get', key: 'k', value: '' };

/** put("a") [0, 1], put("x") [2, 50], put("y") [40, 41], then a Get [20, 30] that saw `seen`. */
function growthAfterPutA(seen: string) {
  const model = makeKeyModel();
  const inputs = [put('a'), put('x'), put('y'), get];
  const none = { value: '' };
  const outputs: (KvOutput | null)[] = [none, none, none, { value: seen }];
  const part: PartHistory = { inputs, outputs, calls: [0, 2, 40, 20], returns: [1, 50, 41, 30],
    readOnly: Uint8Array.from([0, 0, 0, 1]) };
  const growth = new GrowthCheck(model.growth!, part, sortedEvents(part));
  const afterPutA = model.step(model.init(), put('a'), outputs[0]!)!;
  return growth.viable(0, afterPutA);
}

test('a Get the current value can grow to keeps the prefix', (t) => {
  t.true(growthAfterPutA('ab'));
});

test('a Get a Put left (called before it returned) can explain keeps the prefix', (t) => {
  t.true(growthAfterPutA('xb'));
});

test('a Get that neither the current value nor any Put left can explain ends it', (t) => {
  // put("y") could explain "yb", but it was called after the Get returned: it comes after.
  t.false(growthAfterPutA('yb'));
});

test('a pruned prefix is extended to the op that really fails (checker/extend.ts)', (t) => {
  // Puts of v0..v9 one after another, then a Get of v0: the pruning stops after two Puts.
  const ops: Operation[] = Array.from({ length: 10 }, (_, i) => ({ client: 0, call: 2 * i,
    return: 2 * i + 1, input: put(`v${i}`), output: {} }));
  ops.push({ client: 1, call: 30, return: 31, input: get, output: { value: 'v0' } });
  const result = check(kvModel, ops);
  t.is(result.verdict, 'illegal');
  t.deepEqual(result.parts[0]!.longest, ops.slice(0, 10).map((_, i) => i));
  const why = explain(kvModel, ops, result)!;
  t.deepEqual(why.stuck.map((s) => [s.op, s.reason]), [[10, 'illegal']]);
});
