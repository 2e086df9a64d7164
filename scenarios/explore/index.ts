/**
 * Generated runs as a library (docs/explore.md, "Your own property"): the fast-check arbitraries
 * `raftsim explore` draws its runs from, the scenario a spec builds, and `checkSpec`, which runs
 * one spec with every oracle and your own invariant. In an ava test with @fast-check/ava:
 *
 *   testProp('my property', [exploreSpec({ workload: myWorkload })], (t, spec) => {
 *     const r = checkSpec(spec, { invariant: myInvariant });
 *     t.true(r.ok, r.message);
 *   });
 *
 * fast-check then shrinks a failing spec as it shrinks any value.
 */
import { runScenario, type RunFailure } from '../../sim/runner.ts';
import type { Variant } from './engine.ts';
import { exploreScenario, type ExploreOptions } from './scenario.ts';
import type { ExploreSpec } from './spec.ts';

export {
  churnEvent, clogEvent, crashEvent, crashPointEvent, exploreSpec, faultSchedule, linkLossEvent,
  maxRaftState, netFaults, partitionEvent, pauseEvent, serverCount, timing, workload,
  type SpecParts,
} from './arbitraries.ts';
export { runSpec, verdictOf, type Coverage, type Verdict, type Variant } from './engine.ts';
export {
  EXPLORE_ID, exploreScenario, type ExploreOptions, type ExploreView,
} from './scenario.ts';
export { LIVENESS_MS, parseSpec, type ExploreSpec, type WorkloadSpec } from './spec.ts';
export { fail } from '../failure.ts';

export interface SpecCheck {
  readonly ok: boolean;
  /** 'fail' also for an undecided linearizability check: it is never a pass. */
  readonly failure: RunFailure | null;
  /** What failed, when and why (empty when ok). */
  readonly message: string;
}

/** Run one generated run with every oracle and `opts.invariant`; `variant`: a known-bad one. */
export function checkSpec(spec: ExploreSpec, opts: ExploreOptions & { variant?: Variant } = {}):
  SpecCheck {
  const r = runScenario(exploreScenario(spec, opts), spec.seed, opts.variant ?? {});
  const f = r.failure;
  return { ok: f === null, failure: f,
    message: f === null ? '' : `${f.kind} '${f.check}' at ${f.atMs} ms: ${f.message}` };
}
