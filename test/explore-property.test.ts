import { fc, testProp } from '@fast-check/ava';
import {
  checkSpec, exploreSpec, type ExploreView, type WorkloadSpec,
} from '../scenarios/explore/index.ts';

/**
 * The library entry of raftsim explore (docs/explore.md, "Your own property"): the same
 * generated clusters and faults, over a workload of our own (Appends only, to a few keys, from
 * 2-4 clients) and an invariant of our own, checked with @fast-check/ava. fast-check shrinks a
 * failing spec like any value.
 */
const appendsOnly: fc.Arbitrary<WorkloadSpec> = fc.record({
  clients: fc.integer({ min: 2, max: 4 }),
  api: fc.constant('appends' as const),
  keys: fc.integer({ min: 1, max: 2 }),
  ops: fc.integer({ min: 1, max: 12 }),
  mix: fc.constant({ get: 0, put: 0, append: 1 }),
  thinkMaxMs: fc.integer({ min: 0, max: 50 }),
  readers: fc.constant(0),
  rpcTimeoutMs: fc.constantFrom(0, 500),
});

/**
 * Real-time order: if Append a returned before Append b (to the same key) was called, a comes
 * before b in the key's final value.
 */
function appendsInRealTimeOrder(v: ExploreView): string | null {
  const appends = v.history.ops.filter((o) => o.input.op === 'append' && o.return !== null);
  for (const a of appends) {
    for (const b of appends) {
      if (a.input.key !== b.input.key || a.return! >= b.call) continue;
      const final = v.finals.get(String(a.input.key)) ?? '';
      const [i, j] = [final.indexOf(String(a.input.value)), final.indexOf(String(b.input.value))];
      if (i === -1 || j === -1 || i > j) {
        return `${a.input.value} returned at ${a.return} ms before ${b.input.value} was called ` +
          `at ${b.call} ms, but the final value of ${a.input.key} is ${JSON.stringify(final)}`;
      }
    }
  }
  return null;
}

testProp('Appends keep their real-time order under generated faults',
  [exploreSpec({ workload: appendsOnly, faultMs: fc.integer({ min: 1000, max: 4000 }) })],
  (t, spec) => {
    const r = checkSpec(spec, { invariant: appendsInRealTimeOrder });
    t.true(r.ok, r.message);
  }, { numRuns: 25 });
