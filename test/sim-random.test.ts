import test from 'ava';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { Arc4, RandomStreams, SeededRandom } from '../sim/random.ts';
import { assertProperty } from './helpers/property.ts';

/** Seeded random streams: reproducible, independent per name, integer-only. */
const draw = (r: { below(n: number): number }, k: number, n = 1_000_000): number[] =>
  Array.from({ length: k }, () => r.below(n));

test('random: same seed and name give the same sequence', (t) => {
  t.deepEqual(draw(new RandomStreams(42).get('net 0>1'), 50),
    draw(new RandomStreams(42).get('net 0>1'), 50));
});

test('random: different seeds or names give different sequences', (t) => {
  const base = draw(new RandomStreams(42).get('net 0>1'), 20);
  t.notDeepEqual(draw(new RandomStreams(43).get('net 0>1'), 20), base);
  t.notDeepEqual(draw(new RandomStreams(42).get('net 1>0'), 20), base);
});

test('random: extra draws on one stream never change another', (t) => {
  assertProperty(t, fc.property(fc.nat({ max: 200 }), fc.nat({ max: 5 }), (extra, when) => {
    const quiet = new RandomStreams(9);
    const busy = new RandomStreams(9);
    const want = draw(quiet.get('timer 1'), 30);
    draw(busy.get('net 0>1'), when); // interleave: before, during and after the other stream
    const got = draw(busy.get('timer 1'), 15);
    draw(busy.get('net 0>1'), extra);
    got.push(...draw(busy.get('timer 1'), 15));
    assert.deepEqual(got, want);
  }), { numRuns: 50 });
});

test('random: below(n) stays in [0, n) and covers it', (t) => {
  const r = new SeededRandom('cover');
  for (const n of [1, 2, 27, 1000]) {
    const seen = new Set(draw(r, 20 * n, n));
    t.true([...seen].every((x) => Number.isInteger(x) && x >= 0 && x < n));
    t.is(seen.size, n);
  }
});

test('random: below() refuses a bound that is not a positive integer', (t) => {
  const r = new SeededRandom('x');
  for (const n of [0, -1, 2.5, Number.NaN]) t.throws(() => r.below(n), { message: /positive/ });
});

test('random: Arc4 draws exactly what seedrandom\'s int32 draws', (t) => {
  const long = Array.from({ length: 700 }, (_, k) => String.fromCharCode(32 + (k * 37) % 900))
    .join('');
  for (const seed of ['raftsim/1/net 0>1', 'raftsim/7/timer 2', 'raftsim/123/client 45', '',
    'é日本', long]) {
    const ours = new Arc4(seed);
    const theirs = seedrandom(seed);
    for (let k = 0; k < 5000; k++) {
      const a = ours.uint32();
      const b = theirs.int32() >>> 0;
      if (a !== b) return t.fail(`seed ${JSON.stringify(seed)}, draw ${k}: ${a} != ${b}`);
    }
  }
  t.pass();
});
