import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import { Bitset } from '../checker/bitset.ts';
import { check, preparePart, splitParts } from '../checker/check.ts';
import { Memo } from '../checker/memo.ts';
import { casRegisterModel } from '../checker/models/register.ts';
import { sortedEvents } from '../checker/order.ts';
import { PartSearch, type PartHistory } from '../checker/search.ts';
import type { Operation } from '../checker/types.ts';

/**
 * The memo's representation (checker/bitset.ts, checker/memo.ts): a set is stored as its
 * windows, the words that are neither full nor empty, which must be canonical (a function of the
 * set alone) for comparing windows to be comparing sets.
 */

/** The window of words lo..hi computed from scratch, as the class comment defines it. */
function windowOf(words: Uint32Array, start: number, end: number, fullOf: (w: number) => number) {
  let lo = start;
  while (lo < end && words[lo] === fullOf(lo)) lo++;
  let hi = end - 1;
  while (hi >= start && words[hi] === 0) hi--;
  return { lo, hi };
}

const REGIONS = [70, 37];
const fullOf = (w: number): number => {
  if (w === 2) return 2 ** 6 - 1; // region 0: bits 64..69 of its last word
  if (w === 4) return 2 ** 5 - 1; // region 1 (words 3..4): 37 bits, 5 in its last word
  return 0xffffffff;
};

testProp('a bitset window is the one its members define, whatever the order of updates',
  [fc.array(fc.integer({ min: 0, max: REGIONS[0]! + REGIONS[1]! - 1 }), { maxLength: 300 })],
  (t, toggles) => {
    const bits = new Bitset(REGIONS);
    const members = new Set<number>();
    const bitOf = (k: number) => (k < REGIONS[0]! ? k : 96 + (k - REGIONS[0]!));
    for (const k of toggles) {
      const i = bitOf(k);
      const r = k < REGIONS[0]! ? 0 : 1;
      if (members.has(k)) bits.clear(i, r);
      else bits.set(i, r);
      if (members.has(k)) members.delete(k);
      else members.add(k);
      for (const region of [0, 1]) {
        const want = windowOf(bits.words, bits.start[region]!, bits.end[region]!, fullOf);
        t.deepEqual({ lo: bits.lo[region], hi: bits.hi[region] }, want);
        t.true(bits.windowHolds(region));
      }
    }
    t.is(bits.count, members.size);
    const fresh = new Bitset(REGIONS);
    for (const k of [...members].sort((a, b) => b - a)) fresh.set(bitOf(k), k < 70 ? 0 : 1);
    t.deepEqual([...fresh.words], [...bits.words]);
    t.is(fresh.hash, bits.hash);
  }, { numRuns: 300, seed: 3 });

test('the memo finds a set by content, and a shared hash never makes two sets equal', (t) => {
  const a = new Bitset([200, 0]);
  const b = new Bitset([200, 0]);
  for (const i of [0, 1, 2, 40, 41]) a.set(i, 0);
  for (const i of [41, 40, 2, 1, 0]) b.set(i, 0);
  const memo = new Memo(2);
  t.true(memo.addIfAbsent(7, a, 3));
  t.false(memo.addIfAbsent(7, b, 3), 'the same set, built in another order, is found');
  t.true(memo.addIfAbsent(7, b, 4), 'same set and hash, another state: a new entry');
  b.clear(40, 0);
  t.true(memo.addIfAbsent(7, b, 3), 'same hash and state, another set: a new entry');
  b.set(40, 0);
  b.clear(0, 0);
  b.set(199, 0);
  t.false(memo.has(7, b, 3));
  t.is(memo.size, 3);
});

/** n register ops by 3 clients in turn, each write followed by reads of it; calls overlap. */
function longRegisterHistory(n: number): Operation[] {
  return Array.from({ length: n }, (_, i): Operation => {
    const call = 2 * i;
    const value = Math.floor(i / 3);
    return i % 3 === 0
      ? { client: i % 3, call, return: call + 3, input: { op: 'write', value }, output: {} }
      : { client: i % 3, call, return: call + 3, input: { op: 'read' }, output: { value } };
  });
}

test('100,000 ops in one part: the memo keeps a few words per configuration, not n / 32', (t) => {
  const ops = longRegisterHistory(100_000);
  const part = preparePart(casRegisterModel, ops, splitParts(casRegisterModel, ops, true)[0]!);
  const search = new PartSearch(part.model, part.history);
  t.is(search.run(Infinity), 'ok');
  t.true(search.configurations >= 100_000);
  // A whole bitset would be 3,125 words (12.5 KB) per entry; a window is one or two words.
  const bytesPerEntry = search.memoBytes / search.configurations;
  t.true(bytesPerEntry < 64, `${bytesPerEntry.toFixed(1)} bytes per configuration`);
  t.is(check(casRegisterModel, ops).verdict, 'ok');
});

test('events sort by time, calls before returns, then op index; pending returns last', (t) => {
  fc.assert(fc.property(
    fc.array(fc.record({ call: fc.integer({ min: -5, max: 5 }),
      span: fc.integer({ min: 0, max: 4 }), pending: fc.boolean() }), { maxLength: 30 }),
    fc.constantFrom(1, 2 ** 50),
    (specs, scale) => {
      const part: PartHistory = {
        inputs: specs.map(() => null), outputs: specs.map(() => null), readOnly: new Uint8Array(),
        calls: specs.map((s) => s.call * scale),
        returns: specs.map((s) => (s.pending ? Infinity : (s.call + s.span) * scale)),
      };
      const n = specs.length;
      const time = (ev: number) => (ev < n ? part.calls[ev]! : part.returns[ev - n]!);
      const cmp = (x: number, y: number) => (x < y ? -1 : x > y ? 1 : 0);
      const want = Array.from({ length: 2 * n }, (_, i) => i).sort((a, b) =>
        cmp(time(a), time(b)) || Number(a >= n) - Number(b >= n) || (a % n) - (b % n));
      t.deepEqual([...sortedEvents(part)], want);
    }), { numRuns: 300, seed: 5 });
});
