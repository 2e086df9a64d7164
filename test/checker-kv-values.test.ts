import { fc, testProp } from '@fast-check/ava';
import { ValueTable } from '../checker/models/kv-values.ts';

/**
 * The kv model's value table (checker/models/kv-values.ts) against plain strings: values built
 * by Appends and Puts are numbered by content, and its prefix and equality tests (which walk
 * back through appended pieces and remember what they showed) agree with startsWith and ===,
 * whatever order the questions come in and however often the same output is asked about.
 */
const piece = fc.constantFrom('a', 'b', 'ab', 'x 1 2 y', '\ud83d', '\ude00', '');
const op = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), from: fc.nat(), piece }),
  fc.record({ kind: fc.constant('put' as const), from: fc.nat(),
    piece: fc.array(piece, { maxLength: 3 }).map((p) => p.join('')) }),
);

testProp('ValueTable: numbers, prefixes and equality are those of the strings',
  [fc.array(op, { minLength: 1, maxLength: 30 }),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 40 })],
  (t, ops, questions) => {
    const table = new ValueTable();
    const ids = [0];
    const strings = [''];
    for (const o of ops) {
      const from = ids[o.from % ids.length]!;
      const s = o.kind === 'append' ? strings[o.from % ids.length]! + o.piece : o.piece;
      const id = o.kind === 'append' ? table.appended(from, o.piece) : table.whole(o.piece);
      ids.push(id);
      strings.push(s);
    }
    for (let i = 0; i < ids.length; i++) {
      for (let j = 0; j < ids.length; j++) t.is(ids[i] === ids[j], strings[i] === strings[j]);
      t.is(table.value(ids[i]!), strings[i]);
    }
    // Outputs: one object per string, asked about many times (the table remembers per object).
    const outputs = strings.map((value) => ({ value: `${value}` }));
    for (const [a, b, equal] of questions) {
      const i = a % ids.length;
      const out = outputs[b % outputs.length]!;
      if (equal) t.is(table.equals(ids[i]!, out), strings[i] === out.value);
      else t.is(table.isPrefixOf(ids[i]!, out), out.value.startsWith(strings[i]!));
    }
  }, { numRuns: 1000, seed: 4 });
