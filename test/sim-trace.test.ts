import test from 'ava';
import fc from 'fast-check';
import { Trace } from '../sim/trace.ts';
import { assertProperty } from './helpers/property.ts';

/**
 * The trace hash is defined over the text of the lines `${time} ${who} ${what}\n`. Trace hashes
 * them part by part (the time's digits without building a string); this is the plain definition,
 * hashing the joined text, and the two must agree on every line.
 */
function referenceHash(lines: ReadonlyArray<readonly [number, string, string]>): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const [time, who, what] of lines) {
    const s = `${time} ${who} ${what}\n`;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
  }
  const hex = (h: number): string => (h >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}

const time = fc.oneof(
  fc.constantFrom(0, 1, 9, 10, 99, 100, 1000, 2 ** 31 - 1, 2 ** 31, 1e21, 0.5, -3),
  fc.nat({ max: 10_000_000 }),
  fc.double({ noNaN: true }),
);
const line = fc.tuple(time, fc.string({ maxLength: 6 }), fc.string({ unit: 'binary' }));

test('trace: the part-by-part hash equals the hash of the joined line text', (t) => {
  assertProperty(t, fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
    const trace = new Trace();
    for (const [tm, who, what] of lines) trace.event(tm, who, what);
    if (trace.hash() !== referenceHash(lines)) throw new Error(JSON.stringify(lines));
    if (trace.lines !== lines.length) throw new Error('line count');
  }), { numRuns: 2000 });
});

test('trace: a known line hashes to the value the joined-text code gave', (t) => {
  const trace = new Trace();
  trace.event(1234, 's0', 'leader in term 3');
  t.is(trace.hash(), referenceHash([[1234, 's0', 'leader in term 3']]));
  t.is(trace.hash(), '004d36634a997cbc');
});
