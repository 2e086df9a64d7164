import test from 'ava';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { quorumIndex } from '../core/raft/progress.ts';
import { assertProperty } from './helpers/property.ts';
import { buildNode } from './helpers/raft-state.ts';

/**
 * Commit arithmetic against deliberately dumb oracles (etcd's quorum/quick_test.go): count, for
 * every candidate index, how many servers hold it.
 */
function countingQuorumIndex(matches: readonly number[]): number {
  const majority = Math.floor(matches.length / 2) + 1;
  let best = 0;
  for (const n of matches) {
    if (matches.filter((m) => m >= n).length >= majority && n > best) best = n;
  }
  return best;
}

const matchList = fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 7 });

test('quorumIndex equals the largest index held by a majority (counting oracle)', (t) => {
  assertProperty(t, fc.property(matchList, (matches) => {
    assert.equal(quorumIndex(matches), countingQuorumIndex(matches));
  }), { numRuns: 2000 });
});

test('quorumIndex does not mutate its argument', (t) => {
  const matches = [3, 1, 2];
  quorumIndex(matches);
  t.deepEqual(matches, [3, 1, 2]);
});

/** Figure 2 verbatim: the largest N > commitIndex on a majority with log[N].term == term. */
function figure2Commit(terms: readonly number[], term: number, matches: readonly number[],
  commit: number): number {
  const majority = Math.floor(matches.length / 2) + 1;
  let best = commit;
  for (let n = commit + 1; n <= terms.length; n++) {
    const held = matches.filter((m) => m >= n).length >= majority;
    if (held && terms[n - 1] === term && n > best) best = n;
  }
  return best;
}

/**
 * A leader's situation: non-decreasing log terms up to its own term, a commit index learnt
 * before its election (through a snapshot, so that one-server clusters have one too), and the
 * match index each follower acknowledges.
 */
const leaderCase = fc.record({
  n: fc.integer({ min: 1, max: 7 }),
  steps: fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 12 }),
  extra: fc.nat({ max: 2 }),
  seeds: fc.array(fc.nat({ max: 100 }), { minLength: 7, maxLength: 7 }),
  commitSeed: fc.nat({ max: 100 }),
}).map(({ n, steps, extra, seeds, commitSeed }) => {
  let term = 1;
  const terms = steps.map((d) => (term += d));
  const leaderTerm = term + extra;
  const last = terms.length;
  const matches = seeds.slice(0, n).map((s, i) => (i === 0 ? last : s % (last + 1)));
  const inherited = terms.filter((t) => t < leaderTerm).length;
  return { n, terms, leaderTerm, matches, commit: commitSeed % (inherited + 1) };
});

test('the commit rule agrees with Figure 2 read literally (every N, not just the quorum index)',
  (t) => {
    assertProperty(t, fc.property(leaderCase, ({ n, terms, leaderTerm, matches, commit }) => {
      const snapshot = commit > 0 ? { index: commit, term: terms[commit - 1]! } : undefined;
      const node = buildNode({ term: leaderTerm, n, log: terms.slice(commit), snapshot,
        role: 'leader', matches });
      assert.equal(node.status().commitIndex, figure2Commit(terms, leaderTerm, matches, commit));
    }), { numRuns: 1000 });
  });
