import fc from 'fast-check';
import { counterexample } from '../../sim/shrink.ts';
import type { ExploreSpec, FaultSchedule } from './spec.ts';

/**
 * Shrinking a failing generated run's spec (docs/explore.md, docs/shrinking.md), coarse to fine
 * and in the order that makes a run smallest soonest: whole kinds of fault event, then fewer
 * clients, operations and servers, then single fault events (latest first), then the network's
 * per-message faults and the options (snapshots, read-only clients, RPC timeouts) turned off,
 * then a shorter fault phase. Each step hands the spec's parts to fast-check's own shrinkers as
 * a counterexample (a fixed-length array of options, nil = taken away; integers toward their
 * minimum), as sim/shrink.ts does for decisions. The steps repeat until a whole round changes
 * nothing. The timing (heartbeat, election timeouts) is never shrunk: it makes a run neither
 * smaller nor calmer, and changing it changes every moment of the run.
 */

/** Does this candidate fail the same way (false past the budget)? */
export type SpecFails = (spec: ExploreSpec) => boolean;

type Kind = keyof FaultSchedule;
const KINDS: readonly Kind[] =
  ['churn', 'partition', 'crash', 'crashPoint', 'pause', 'linkLoss', 'clog'];
const SIZES = [3, 5, 7];

/** Rounds at most (each but the last changes the spec). */
const MAX_ROUNDS = 20;

export function shrinkSpec(spec: ExploreSpec, fails: SpecFails): ExploreSpec {
  let cur = spec;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = JSON.stringify(cur);
    for (const step of STEPS) cur = step(cur, fails);
    if (JSON.stringify(cur) === before) break;
  }
  return cur;
}

type Step = (spec: ExploreSpec, fails: SpecFails) => ExploreSpec;

/** Options in a fixed-length array, nil = the part is taken away (one run per part). */
function dropParts(n: number, spec: ExploreSpec, fails: SpecFails,
  without: (dropped: ReadonlySet<number>) => ExploreSpec): ExploreSpec {
  if (n === 0) return spec;
  const arb = fc.array(fc.option(fc.noShrink(fc.constant(1)), { nil: null }),
    { minLength: n, maxLength: n });
  const toSpec = (on: readonly (number | null)[]): ExploreSpec =>
    without(new Set(on.flatMap((v, i) => (v === null ? [i] : []))));
  const all = Array.from({ length: n }, () => 1 as const);
  const found = counterexample(arb, all, (v) => fails(toSpec(v)));
  return found === null ? spec : toSpec(found);
}

/** The spec with each kind's events filtered by `keep(kind, index)`. */
function keepEvents(spec: ExploreSpec, keep: (k: Kind, i: number) => boolean): ExploreSpec {
  const f = spec.faults;
  const only = <K extends Kind>(k: K): FaultSchedule[K] =>
    (f[k] as readonly unknown[]).filter((_, i) => keep(k, i)) as FaultSchedule[K];
  return { ...spec, faults: { crash: only('crash'), crashPoint: only('crashPoint'),
    partition: only('partition'), linkLoss: only('linkLoss'), clog: only('clog'),
    pause: only('pause'), churn: only('churn') } };
}

/** Whole kinds of fault event. */
const dropKinds: Step = (spec, fails) => {
  const kinds = KINDS.filter((k) => spec.faults[k].length > 0);
  return dropParts(kinds.length, spec, fails, (dropped) => {
    const gone = new Set(kinds.filter((_, i) => dropped.has(i)));
    return keepEvents(spec, (k) => !gone.has(k));
  });
};

/** Fewer clients, operations and servers (fast-check's integer shrinkers). */
const sizes: Step = (spec, fails) => {
  const w = spec.workload;
  const servers = Math.max(0, SIZES.indexOf(spec.servers));
  const arb = fc.tuple(fc.integer({ min: 1, max: w.clients }), fc.integer({ min: 1, max: w.ops }),
    fc.integer({ min: 0, max: servers }));
  const toSpec = ([clients, ops, s]: readonly number[]): ExploreSpec => ({ ...spec,
    servers: SIZES.indexOf(spec.servers) < 0 ? spec.servers : SIZES[s!]!,
    workload: { ...w, clients: clients!, ops: ops! } });
  const found = counterexample(arb, [w.clients, w.ops, servers], (v) => fails(toSpec(v)));
  return found === null ? spec : toSpec(found);
};

/** Single fault events, the latest first (dropping a late one leaves the run as it was). */
const dropEvents: Step = (spec, fails) => {
  const all = KINDS.flatMap((k) => spec.faults[k].map((e, i) => ({ k, i, at: e.at })))
    .sort((a, b) => b.at - a.at);
  return dropParts(all.length, spec, fails, (dropped) => {
    const gone = new Set([...dropped].map((j) => `${all[j]!.k}/${all[j]!.i}`));
    return keepEvents(spec, (k, i) => !gone.has(`${k}/${i}`));
  });
};

/** The per-message faults and the options, each turned off. */
const CALM: ReadonlyArray<(s: ExploreSpec) => ExploreSpec | null> = [
  (s) => (s.net.loss === 0 ? null : { ...s, net: { ...s.net, loss: 0 } }),
  (s) => (s.net.delayMaxMs === 0 ? null : { ...s, net: { ...s.net, delayMaxMs: 0 } }),
  (s) => (s.net.hold === 0 ? null : { ...s, net: { ...s.net, hold: 0 } }),
  (s) => (s.net.duplicate === 0 ? null : { ...s, net: { ...s.net, duplicate: 0 } }),
  (s) => (s.maxraftstate < 0 ? null : { ...s, maxraftstate: -1 }),
  (s) => (s.workload.readers === 0 ? null : { ...s, workload: { ...s.workload, readers: 0 } }),
  (s) => (s.workload.rpcTimeoutMs === 0 ? null
    : { ...s, workload: { ...s.workload, rpcTimeoutMs: 0 } }),
];

const calm: Step = (spec, fails) => {
  const on = CALM.filter((f) => f(spec) !== null);
  return dropParts(on.length, spec, fails,
    (dropped) => on.reduce((s, f, i) => (dropped.has(i) ? f(s)! : s), spec));
};

/** A shorter fault phase (the heal, and with it the liveness checks, come sooner). */
const faultPhase: Step = (spec, fails) => {
  const min = Math.min(1000, spec.faultMs);
  const found = counterexample(fc.integer({ min, max: spec.faultMs }), spec.faultMs,
    (ms) => fails({ ...spec, faultMs: ms }));
  return found === null ? spec : { ...spec, faultMs: found };
};

const STEPS: readonly Step[] = [dropKinds, sizes, dropEvents, calm, faultPhase];
