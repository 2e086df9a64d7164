import fc from 'fast-check';
import { SERVERS } from './sim-run.ts';
import type { Fault, FaultStep, KvRunPlan } from './plan.ts';

const server = fc.integer({ min: 0, max: SERVERS - 1 });

/** Faults, weighted toward the ones that hurt a KV service: leader crashes and isolation. */
export const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant('crash' as const), server }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('restart' as const), server }) },
  { weight: 3, arbitrary: fc.constant({ type: 'crashLeader' as const }) },
  { weight: 2, arbitrary: fc.record({
    type: fc.constant('crashAll' as const), downMs: fc.integer({ min: 100, max: 1500 }) }) },
  { weight: 2, arbitrary: fc.record({
    type: fc.constant('partition' as const),
    minority: fc.uniqueArray(server, { minLength: 1, maxLength: 2 }) }) },
  { weight: 3, arbitrary: fc.record({
    type: fc.constant('isolateLeader' as const), with: fc.option(server) }) },
  { weight: 2, arbitrary: fc.constant({ type: 'heal' as const }) },
);

export const faultStepArb: fc.Arbitrary<FaultStep> =
  fc.record({ afterMs: fc.integer({ min: 50, max: 1500 }), fault: faultArb });

/** A whole run: world seed, workload shape and fault schedule (maxRaftState fixed by caller). */
export function planArb(maxRaftState: number): fc.Arbitrary<KvRunPlan> {
  return fc.record({
    seed: fc.integer({ min: 1, max: 0x7fffffff }),
    maxRaftState: fc.constant(maxRaftState),
    clients: fc.integer({ min: 3, max: 5 }),
    keys: fc.integer({ min: 1, max: 3 }),
    unreliable: fc.oneof({ weight: 4, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) }),
    getPercent: fc.integer({ min: 40, max: 70 }),
    faults: fc.array(faultStepArb, { minLength: 1, maxLength: 8 }),
  });
}
