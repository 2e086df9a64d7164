import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import { check } from '../checker/check.ts';
import { decideAppends } from '../checker/models/kv-appends.ts';
import { kvModel, type KvOperation } from '../checker/models/kv.ts';
import { findScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner.ts';

/**
 * The kv model's fast path for one key's Appends (checker/models/kv-appends.ts) against the
 * plain search, on random small histories of that shape: Puts (one, several, concurrent with
 * Gets), Gets in the middle, unknown outputs, pending ops, and Append values that repeat or are
 * prefixes of one another (where the fast path must decline).
 */
const VALUES = ['a', 'b', 'c', 'd', 'ab', 'e'];

const opArbitrary: fc.Arbitrary<RawOp> = fc.record({
  kind: fc.constantFrom('append', 'append', 'append', 'get', 'get', 'put' as const),
  value: fc.constantFrom(...VALUES),
  seen: fc.array(fc.constantFrom(...VALUES), { maxLength: 4 }),
  fromPut: fc.boolean(),
  call: fc.integer({ min: 0, max: 12 }),
  length: fc.integer({ min: 0, max: 6 }),
  pending: fc.integer({ min: 0, max: 9 }),
});

interface RawOp {
  kind: 'append' | 'get' | 'put';
  value: string;
  seen: string[];
  fromPut: boolean;
  call: number;
  length: number;
  /** 0: pending; 1: a Get with unknown output. */
  pending: number;
}

function toOp(r: RawOp, client: number): KvOperation {
  const ret = r.pending === 0 ? null : r.call + r.length;
  if (r.kind === 'get') {
    const value = (r.fromPut ? 'p' : '') + r.seen.join('');
    const output = ret === null || r.pending === 1 ? null : { value };
    return { client, call: r.call, return: ret, input: { op: 'get', key: 'k', value: '' }, output };
  }
  const value = r.kind === 'put' ? (r.fromPut ? 'p' : '') : r.value;
  const input = { op: r.kind, key: 'k', value } as const;
  return { client, call: r.call, return: ret, input, output: ret === null ? null : { value: '' } };
}

/** Mostly distinct Append values (the shape the fast path decides), sometimes not. */
const historyArbitrary = fc.array(opArbitrary, { minLength: 1, maxLength: 8 })
  .map((rs) => rs.map(toOp))
  .chain((ops) => fc.boolean().map((distinct) => distinct ? distinctAppends(ops) : ops));

function distinctAppends(ops: KvOperation[]): KvOperation[] {
  const used = new Set<string>();
  return ops.filter((op) => {
    if (op.input.op !== 'append') return true;
    if (used.has(op.input.value)) return false;
    used.add(op.input.value);
    return true;
  });
}

const search = (ops: readonly KvOperation[]) => check(kvModel, ops, { decideAfter: Infinity });

testProp(
  'the fast path agrees with the search whenever it decides, and its witnesses replay',
  [historyArbitrary],
  (t, ops) => {
    const truth = search(ops).verdict;
    const fast = decideAppends(ops);
    if (fast !== undefined) t.is(fast.verdict as string, truth);
    const first = check(kvModel, ops, { decideAfter: 0 });
    t.is(first.verdict, truth);
    // Decided without a single search step: an 'ok' witness was replayed and accepted.
    if (fast !== undefined) t.is(first.steps, 0);
    if (first.verdict === 'ok') t.deepEqual([...first.parts[0]!.longest].sort((a, b) => a - b),
      first.parts[0]!.ops.slice().sort((a, b) => a - b));
  },
  { numRuns: 4000, seed: 1 },
);

test('the random histories exercise every outcome of the fast path', (t) => {
  const samples = fc.sample(historyArbitrary, { numRuns: 2000, seed: 3 });
  const outcomes = samples.map((ops) => decideAppends(ops)?.verdict ?? 'declined');
  for (const outcome of ['ok', 'illegal', 'declined']) {
    t.true(outcomes.filter((o) => o === outcome).length >= 100, outcome);
  }
});

test('it declines repeated Append values and values that prefix others', (t) => {
  const op = (value: string, call: number): KvOperation =>
    ({ client: call, call, return: call + 1, input: { op: 'append', key: 'k', value },
      output: {} as { value: string } });
  const get = (value: string): KvOperation =>
    ({ client: 9, call: 10, return: 11, input: { op: 'get', key: 'k', value: '' },
      output: { value } });
  t.is(decideAppends([op('a', 0), op('a', 0), get('aa')]), undefined);
  t.is(decideAppends([op('a', 0), op('ab', 0), get('aab')]), undefined);
  t.is(decideAppends([op('a', 0), op('b', 0), get('ba')])?.verdict, 'ok');
  t.is(decideAppends([op('a', 0), op('b', 3), get('ba')])?.verdict, 'illegal');
  t.is(decideAppends([op('a', 0), op('b', 0), get('aba')])?.verdict, 'illegal');
});

/** The course's TestUnreliableOneKey: 50 concurrent Appends, one Get; the search alone does
 * not finish. */
function oneKeyHistory(): KvOperation[] {
  const r = runScenario(findScenario('kv2024/UnreliableOneKey4A')!, 1);
  if (r.histories[0]!.model !== 'kv') throw new Error('expected a kv history');
  return r.histories[0]!.ops as unknown as KvOperation[];
}

test('kv2024/UnreliableOneKey4A seed 1: linearizable, decided fast; tampered: not', (t) => {
  const ops = oneKeyHistory();
  t.true(ops.filter((o) => o.input.op === 'append').length >= 50);
  const ok = check(kvModel, ops, { maxSteps: 100_000 });
  t.is(ok.verdict, 'ok');
  t.true(ok.steps <= 1000);
  const last = ops.length - 1;
  const get = ops[last]!;
  t.is(get.input.op, 'get');
  const pieces = get.output!.value.match(/x \d+ \d+ y/g)!;
  const withValue = (value: string) =>
    ops.map((o, i) => (i === last ? { ...o, output: { value } } : o));
  // Swap two elements whose Appends are ordered by real time.
  const byValue = new Map(ops.map((o) => [o.input.value, o]));
  const j = pieces.findIndex((p) => byValue.get(pieces[0]!)!.return! < byValue.get(p)!.call);
  t.true(j > 0);
  const swapped = [...pieces];
  [swapped[0], swapped[j]] = [pieces[j]!, pieces[0]!];
  const verdictOf = (value: string) =>
    check(kvModel, withValue(value), { maxSteps: 100_000 }).verdict;
  t.is(verdictOf(swapped.join('')), 'illegal');
  t.is(verdictOf([...pieces.slice(0, 5), pieces[2]!, ...pieces.slice(5)].join('')), 'illegal');
  // An Append called after the Put returned, and returned before the Get was called, cannot
  // be missing (ones called as the Put returned may be overwritten by it).
  const m = pieces.findIndex((p) => byValue.get(p)!.call > ops[0]!.return!);
  t.true(m > 0 && byValue.get(pieces[m]!)!.return! < get.call);
  t.is(verdictOf(pieces.filter((_, i) => i !== m).join('')), 'illegal');
});
