import test from 'ava';
import fc from 'fast-check';
import { exploreSpec } from '../scenarios/explore/arbitraries.ts';
import { shrinkSpec } from '../scenarios/explore/shrink-spec.ts';
import type { ExploreSpec } from '../scenarios/explore/spec.ts';

/**
 * The explore spec shrink (scenarios/explore/shrink-spec.ts) against a known predicate, no runs:
 * it must take away every part the "failure" does not need, and keep the ones it does.
 */
const specs: ExploreSpec[] = fc.sample(exploreSpec(), { numRuns: 200, seed: 3 });
const events = (s: ExploreSpec): number =>
  Object.values(s.faults).reduce((n, list) => n + list.length, 0);

test('a spec shrinks to what the failure needs: one partition, 2 clients, the rest calm', (t) => {
  const spec = specs.find((s) => s.faults.partition.length >= 2 && events(s) >= 5 &&
    s.workload.clients >= 4 && s.servers > 3 && s.net.loss > 0 && s.faultMs > 5000)!;
  t.truthy(spec, 'a big enough sample spec');
  const needed = spec.faults.partition[1]!;
  let calls = 0;
  const fails = (s: ExploreSpec): boolean => {
    calls += 1;
    return s.faults.partition.some((p) => p === needed) && s.workload.clients >= 2 &&
      s.faultMs >= 4000;
  };
  const out = shrinkSpec(spec, fails);
  t.deepEqual(out.faults.partition, [needed]);
  t.is(events(out), 1);
  t.is(out.workload.clients, 2);
  t.is(out.workload.ops, 1);
  t.is(out.servers, 3);
  t.is(out.faultMs, 4000);
  t.deepEqual([out.net.loss, out.net.delayMaxMs, out.net.hold, out.net.duplicate], [0, 0, 0, 0]);
  t.is(out.maxraftstate, -1);
  t.deepEqual([out.workload.readers, out.workload.rpcTimeoutMs], [0, 0]);
  t.deepEqual(out.timing, spec.timing, 'the timing is never shrunk');
  t.is(out.seed, spec.seed);
  t.true(calls < 200, `${calls} candidates`);
  // Deterministic: the same spec and predicate give the same result.
  t.deepEqual(shrinkSpec(spec, fails), out);
});

test('a spec nothing can be taken from stays as it is', (t) => {
  const spec = specs[0]!;
  const same = JSON.stringify(spec);
  t.deepEqual(shrinkSpec(spec, (s) => JSON.stringify(s) === same), spec);
});
