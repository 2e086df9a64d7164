import test from 'ava';
import { GrowthCheck } from '../checker/growth.ts';
import { makeKeyModel, type KvInput, type KvOutput } from '../checker/models/kv.ts';
import { sortedEvents } from '../checker/order.ts';
import type { PartHistory } from '../checker/search.ts';

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
