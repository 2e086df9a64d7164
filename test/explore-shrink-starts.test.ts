import test from 'ava';
import fc from 'fast-check';
import { findBug } from '../scenarios/bugs/index.ts';
import { exploreSpec } from '../scenarios/explore/arbitraries.ts';
import {
  DEFAULT_DECISION_SHRINK_RUNS, DEFAULT_SPEC_SHRINK_RUNS, type EngineOptions,
} from '../scenarios/explore/engine.ts';
import { exploreScenario } from '../scenarios/explore/scenario.ts';
import { RESAMPLE_RUNS, threeServers } from '../scenarios/explore/shrink-run.ts';
import type { ExploreSpec } from '../scenarios/explore/spec.ts';
import { runScenario } from '../sim/runner.ts';
import { failureSignature } from '../sim/shrink.ts';

/**
 * The third start of a generated run's shrink (scenarios/explore/shrink-run.ts threeServers):
 * the generated spec on three servers, run from fresh seeds until one fails as the target did.
 */
const bug = findBug('vote-and-term-not-persisted')!;
const options: EngineOptions = { variant: bug.run, specShrinkRuns: DEFAULT_SPEC_SHRINK_RUNS,
  decisionShrinkRuns: DEFAULT_DECISION_SHRINK_RUNS };
const TARGET = 'safety: Persist Before Send';
const generated = fc.sample(exploreSpec(), { seed: 3, numRuns: 1 })[0]!;
const on = (servers: number): ExploreSpec => ({ ...generated, servers });

test('on seven servers: a fresh three-server run that fails the same way', (t) => {
  const found = threeServers(on(7), TARGET, options);
  t.not(found.spec, null);
  const spec = found.spec!;
  t.true(found.k >= 1 && found.k <= RESAMPLE_RUNS, `${found.k}`);
  t.is(spec.servers, 3);
  t.not(spec.seed, generated.seed, 'a fresh seed');
  t.deepEqual({ ...spec, seed: 0, servers: 0 }, { ...on(7), seed: 0, servers: 0 },
    'only the cluster size and the seed change');
  const f = runScenario(exploreScenario(spec), spec.seed, bug.run).failure;
  t.is(f === null ? 'pass' : failureSignature(f), TARGET);
  t.deepEqual(threeServers(on(7), TARGET, options), found, 'the same every time');
  const next = threeServers(on(7), TARGET, options, found.k);
  t.true(next.k > found.k, 'after k: the seeds that follow');
  t.not(next.spec?.seed, spec.seed);
});

test('on three servers already: no third start', (t) => {
  t.deepEqual(threeServers(on(3), TARGET, options), { spec: null, k: 0 });
});

test('a failure no fresh run meets: the budget, then nothing', (t) => {
  t.deepEqual(threeServers(on(5), 'check: no such check', options),
    { spec: null, k: RESAMPLE_RUNS });
});
