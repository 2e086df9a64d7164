import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import { check } from '../checker/check.ts';
import { MODELS } from '../checker/models/index.ts';
import { bruteForceLinearizable } from './fixtures/checker/brute.ts';
import { historyArbitrary } from './fixtures/checker/random-history.ts';

/**
 * The checker against the brute-force oracle (every permutation) on random tiny histories of
 * every model, pending ops and unknown outputs included: with and without partitioning they
 * must never disagree. This covers the shortcuts the oracle does not take: partitions, per-key
 * models, dropping pending ops, read-only forcing, pending ops tried last, the memo.
 */
for (const [name, model] of MODELS) {
  testProp(
    `${name}: the checker agrees with brute force on random tiny histories`,
    [historyArbitrary(model, 7)],
    (t, ops) => {
      const truth = bruteForceLinearizable(model, ops) ? 'ok' : 'illegal';
      t.is(check(model, ops).verdict, truth, 'partitioned');
      t.is(check(model, ops, { partition: false }).verdict, truth, 'not partitioned');
    },
    { numRuns: 1500, seed: 1 },
  );
}

test('the random histories go both ways (sanity of the generator)', (t) => {
  for (const [name, model] of MODELS) {
    const samples = fc.sample(historyArbitrary(model, 7), { numRuns: 300, seed: 7 });
    const ok = samples.filter((ops) => bruteForceLinearizable(model, ops)).length;
    const pending = samples.filter((ops) => ops.some((o) => o.return === null)).length;
    t.true(ok > 30 && ok < 285, `${name}: ${ok} of 300 linearizable`);
    t.true(pending > 30, `${name}: ${pending} of 300 with a pending op`);
  }
});
