import fc from 'fast-check';
import type { SwarmRates } from '../../sim/faults.ts';
import type {
  ChurnEvent, ClogEvent, CrashEvent, CrashPointEvent, ExploreSpec, FaultSchedule, LinkLossEvent,
  PartitionEvent, PauseEvent, TimingSpec, WorkloadSpec,
} from './spec.ts';
import { CHURN_POINTS } from './spec.ts';

/**
 * fast-check arbitraries for generated runs (docs/explore.md), each a building block a user can
 * replace: `exploreSpec({ workload: myWorkload })` generates runs of your own workload with the
 * same clusters and faults. Every value is plain JSON, and every part shrinks toward a calm,
 * small run: fewer servers, clients, operations and fault events, rates toward 0 (off).
 *
 * Swarm testing (Groce et al.; TigerBeetle's VOPR `options_swarm`): each fault kind is on in
 * about half the runs, at an intensity of its own, so a rare combination gets whole runs to
 * itself instead of being drowned by every other fault at once.
 */

/** The largest server number events name (taken modulo the cluster size). */
const MAX_SERVER = 6;
/** Fault events start within this many ms of the run's start. */
export const MAX_FAULT_MS = 20_000;

/**
 * Off (0) or on at an intensity, about half the runs each (swarm). The switch is a boolean, so
 * a shrink turns the fault off (fc.oneof would only shrink within the branch it took).
 */
function swarm(on: fc.Arbitrary<number>): fc.Arbitrary<number> {
  return fc.tuple(fc.boolean(), on).map(([enabled, v]) => (enabled ? v : 0));
}

/** A kind's events: none in about half the runs, else 1..max. Shrinks to none. */
function swarmList<T>(event: fc.Arbitrary<T>, max: number): fc.Arbitrary<T[]> {
  return fc.tuple(fc.boolean(), fc.array(event, { minLength: 1, maxLength: max }))
    .map(([enabled, events]) => (enabled ? events : []));
}

const server = fc.nat({ max: MAX_SERVER });
const at = fc.nat({ max: MAX_FAULT_MS - 1 });
/** Aim at the leader of the moment (about a third of the events; shrinks to a fixed server). */
const leader = fc.nat({ max: 2 }).map((v) => v === 2);
const lasting = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });

/** Cluster size: 3, 5 or 7 servers (shrinks to 3). */
export const serverCount: fc.Arbitrary<number> = fc.constantFrom(3, 5, 7);

/** Snapshots off (-1) or on at a maxraftstate of 300..3000 bytes (shrinks to off). */
export const maxRaftState: fc.Arbitrary<number> =
  fc.tuple(fc.boolean(), fc.integer({ min: 300, max: 3000 }))
    .map(([on, bytes]) => (on ? bytes : -1));

/** Heartbeats every 100..150 ms; election timeouts from 300..600 ms over a 100..600 ms range. */
export const timing: fc.Arbitrary<TimingSpec> = fc.record({
  heartbeatMs: fc.integer({ min: 100, max: 150 }),
  electionMinMs: fc.integer({ min: 300, max: 600 }),
  width: fc.integer({ min: 100, max: 600 }),
}).map(({ heartbeatMs, electionMinMs, width }) =>
  ({ heartbeatMs, electionMinMs, electionMaxMs: electionMinMs + width }));

/**
 * 1-8 clients, either API, few or many keys, 1-40 operations each spread over up to 20 s (a
 * pause of 0..1000 ms before each), some read-only clients or none, an RPC timeout or none.
 */
export const workload: fc.Arbitrary<WorkloadSpec> = fc.record({
  clients: fc.integer({ min: 1, max: 8 }),
  api: fc.constantFrom('versioned' as const, 'appends' as const),
  keys: fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 20 }))
    .map(([many, few, lots]) => (many ? lots : few)),
  ops: fc.integer({ min: 1, max: 40 }),
  mix: fc.record({ get: fc.integer({ min: 0, max: 4 }), put: fc.integer({ min: 1, max: 4 }),
    append: fc.integer({ min: 0, max: 4 }) }),
  thinkMaxMs: fc.integer({ min: 0, max: 1000 }),
  readers: swarm(fc.integer({ min: 1, max: 3 })),
  rpcTimeoutMs: swarm(fc.integer({ min: 200, max: 2000 })),
});

/**
 * The swarm's per-message network faults (sim/faults.ts); each on in about half the runs.
 * Duplication goes up to half the requests: a duplicated vote counts only where an election is
 * decided by a single grant (5 or more servers, the others refusing or unreachable), so at up
 * to 20% explore needed a median of 23 runs to catch vote-count-duplicates (#3; docs/bug-zoo.md),
 * and a late copy of an InstallSnapshot is what shows installsnapshot-truncates-longer-log.
 */
export const netFaults: fc.Arbitrary<SwarmRates> = fc.record({
  loss: swarm(fc.integer({ min: 1, max: 200 })),
  delayMaxMs: swarm(fc.integer({ min: 1, max: 50 })),
  hold: swarm(fc.integer({ min: 1, max: 150 })),
  holdMaxMs: fc.integer({ min: 100, max: 8000 }),
  duplicate: swarm(fc.integer({ min: 1, max: 500 })),
  dupMaxMs: fc.integer({ min: 1, max: 1000 }),
});

export const crashEvent: fc.Arbitrary<CrashEvent> =
  fc.record({ at, leader, server, downMs: lasting(0, 5000) });

export const crashPointEvent: fc.Arbitrary<CrashPointEvent> = fc.record({
  at, leader, server, downMs: lasting(0, 5000),
  point: fc.constantFrom('after-save' as const, 'after-send' as const),
});

export const partitionEvent: fc.Arbitrary<PartitionEvent> = fc.record({
  at, leader, ms: lasting(100, 8000),
  shape: fc.constantFrom('split' as const, 'one-way' as const, 'bridge' as const),
  side: fc.array(fc.nat({ max: 1 }), { minLength: MAX_SERVER + 1, maxLength: MAX_SERVER + 1 }),
  bridge: server,
  // Clients confined to a side in about half the partitions (shrinks to not confined).
  clientSide: fc.tuple(fc.boolean(), fc.array(fc.nat({ max: 1 }), { minLength: 8, maxLength: 8 }))
    .map(([on, sides]) => (on ? sides : [])),
});

export const linkLossEvent: fc.Arbitrary<LinkLossEvent> = fc.record({
  at, leader, ms: lasting(100, 8000), from: server, to: server,
  rate: fc.integer({ min: 100, max: 1000 }),
});

export const clogEvent: fc.Arbitrary<ClogEvent> = fc.record({
  at, leader, ms: lasting(100, 8000), from: server, to: server,
  extraMs: fc.integer({ min: 50, max: 3000 }),
});

export const pauseEvent: fc.Arbitrary<PauseEvent> =
  fc.record({ at, leader, ms: lasting(50, 5000), server });

/**
 * Leader churn starts early and lasts (a leader crashed every 100..600 ms for 2..15 s): short
 * reigns are what leave successive leaders with tails of their own terms.
 */
export const churnEvent: fc.Arbitrary<ChurnEvent> = fc.record({
  at: fc.nat({ max: 3000 }), ms: lasting(2000, 15_000), periodMs: lasting(100, 600),
  downMs: lasting(0, 1500),
  point: fc.constantFrom(...CHURN_POINTS),
});

/** Timed fault events, each kind on in about half the runs (swarm), 1-8 events when on. */
export const faultSchedule: fc.Arbitrary<FaultSchedule> = fc.record({
  crash: swarmList(crashEvent, 8),
  crashPoint: swarmList(crashPointEvent, 8),
  partition: swarmList(partitionEvent, 8),
  linkLoss: swarmList(linkLossEvent, 4),
  clog: swarmList(clogEvent, 4),
  pause: swarmList(pauseEvent, 8),
  churn: swarmList(churnEvent, 2),
});

/** The parts of a generated run; any may be replaced by the user's own arbitrary. */
export interface SpecParts {
  readonly servers?: fc.Arbitrary<number>;
  readonly maxraftstate?: fc.Arbitrary<number>;
  readonly timing?: fc.Arbitrary<TimingSpec>;
  readonly workload?: fc.Arbitrary<WorkloadSpec>;
  readonly net?: fc.Arbitrary<SwarmRates>;
  readonly faults?: fc.Arbitrary<FaultSchedule>;
  readonly faultMs?: fc.Arbitrary<number>;
}

/**
 * A whole generated run. The seed of its random streams is not shrunk (a different seed is a
 * different run, not a smaller one); every other part shrinks.
 */
export function exploreSpec(parts: SpecParts = {}): fc.Arbitrary<ExploreSpec> {
  return fc.record({
    seed: fc.noShrink(fc.nat({ max: 2 ** 31 - 1 })),
    servers: parts.servers ?? serverCount,
    maxraftstate: parts.maxraftstate ?? maxRaftState,
    timing: parts.timing ?? timing,
    workload: parts.workload ?? workload,
    net: parts.net ?? netFaults,
    faults: parts.faults ?? faultSchedule,
    faultMs: parts.faultMs ?? fc.integer({ min: 1000, max: MAX_FAULT_MS }),
  });
}
