import { DEFAULT_TIMING } from '../../core/raft/types.ts';
import type { History } from '../../sim/history.ts';
import { RaftCluster, type Timing } from '../../sim/raft-cluster.ts';
import type { Scenario } from '../../sim/scenario.ts';
import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { requireLinearizable } from '../kv/history-check.ts';
import { FaultDirector } from './faults.ts';
import {
  converged, divergence, leaderOf, PENDING_OPERATIONS, PENDING_REQUESTS, pendingRequests, rolesText,
  until,
} from './oracles.ts';
import { LIVENESS_MS, type ExploreSpec } from './spec.ts';
import { checkExactlyOnce, Workload } from './workload.ts';

/** The scenario id of every generated run (its spec says which run it is). */
export const EXPLORE_ID = 'explore';

/** What a user's own invariant sees of a finished run (library use, docs/explore.md). */
export interface ExploreView {
  readonly spec: ExploreSpec;
  readonly world: World;
  readonly cluster: RaftCluster;
  readonly history: History;
  /** The value of every key, read after the heal by a fresh clerk. */
  readonly finals: ReadonlyMap<string, string>;
}

export interface ExploreOptions {
  /**
   * The user's own property of a finished run, checked after raftsim's oracles: return null if
   * it holds, or what went wrong (the run then fails with check 'invariant').
   */
  readonly invariant?: (view: ExploreView) => string | null;
}

/** What one generated run did (coverage), filled in as it runs. */
export interface ExploreCounts {
  director: FaultDirector | null;
  workload: Workload | null;
}

/** A generated run as a Scenario, with what it counted. */
export interface ExploreScenario extends Scenario {
  readonly spec: ExploreSpec;
  readonly counts: ExploreCounts;
}

/**
 * `explore` as a command line names it before its schedule file is read: a KV scenario whose
 * runs come from a spec (replay and shrink take the spec from the file; this one cannot run).
 */
export const exploreById: Scenario = {
  id: EXPLORE_ID, kv: true, title: 'Explore: a generated run (its spec is in its schedule file)',
  source: 'raftsim explore (docs/explore.md)',
  run: () => fail('explore', 'a generated run needs its spec: replay it from its schedule file'),
};

function timingOf(spec: ExploreSpec): Timing {
  const t = spec.timing;
  return { heartbeatMs: t.heartbeatMs, electionTimeoutMinMs: t.electionMinMs,
    electionTimeoutMaxMs: t.electionMaxMs,
    maxEntriesPerAppend: DEFAULT_TIMING.maxEntriesPerAppend };
}

/**
 * A generated run (docs/explore.md): a KV cluster under the spec's workload and faults for
 * `faultMs`; then the heal (calm network, every link and server up) and the oracles:
 * - liveness, within LIVENESS_MS of the heal: a leader in the highest term, every client's
 *   pending operation completed, every request a server accepted answered (a request is
 *   answered once applied, or failed once its term is over; the final reads come after, so
 *   that their entries do not unblock a stuck one), a fresh clerk's final read of every key
 *   completed, and every server's applied state converged (same index as the leader's commit,
 *   same state);
 * - exactly-once for Appends (appends api);
 * - linearizability of the whole history (an undecided check fails as 'linearizability
 *   undecided', never passes);
 * - the safety monitor after every step (sim/safety.ts), and the core's own asserts.
 */
export function exploreScenario(spec: ExploreSpec, opts: ExploreOptions = {}): ExploreScenario {
  const counts: ExploreCounts = { director: null, workload: null };
  const w = spec.workload;
  return {
    id: EXPLORE_ID, kv: true, spec, counts,
    title: `Explore: ${spec.servers} servers, ${w.clients} clients x ${w.ops} ops (${w.api})`,
    source: 'raftsim explore (a generated run; docs/explore.md)',
    run: (world) => runExplore(world, spec, opts, counts),
  };
}

function* runExplore(world: World, spec: ExploreSpec, opts: ExploreOptions,
  counts: ExploreCounts): Proc {
  const cluster = new RaftCluster(world, spec.servers,
    (host) => world.kvServiceFactory(host, spec.maxraftstate), timingOf(spec));
  const director = new FaultDirector(world, cluster, spec);
  counts.director = director;
  cluster.startAll();
  world.note('explore', `spec ${JSON.stringify(spec)}`);
  const workload = new Workload(world, spec.workload, cluster.hosts.map((h) => h.id));
  counts.workload = workload;
  director.start();
  workload.start();
  yield* sleep(spec.faultMs);
  workload.stop();
  director.heal();
  const finals = yield* settle(world, cluster, workload);
  if (spec.workload.api === 'appends') checkExactlyOnce(workload.history, finals);
  requireLinearizable(world, workload.history, 'at the end');
  const broken = opts.invariant?.({ spec, world, cluster, history: workload.history, finals });
  if (broken !== undefined && broken !== null) fail('invariant', broken);
}

/** The liveness oracle: everything settles within LIVENESS_MS of the heal. */
function* settle(world: World, cluster: RaftCluster, workload: Workload):
  Proc<Map<string, string>> {
  const deadline = world.now + LIVENESS_MS;
  const roles = (): string => rolesText(cluster);
  yield* until(world, deadline, () => leaderOf(cluster) !== null, 'leader',
    () => `no leader after the heal: ${roles()}`);
  yield* until(world, deadline, () => workload.done, PENDING_OPERATIONS,
    () => `${workload.pendingOps} client operations still pending: ${roles()}`);
  // Before the final reads, whose entries could fill the index a stuck request waits for.
  yield* until(world, deadline, () => pendingRequests(cluster) === 0, PENDING_REQUESTS,
    () => `${pendingRequests(cluster)} requests accepted by servers never answered: ${roles()}`);
  const reads = world.scheduler.spawn('final reads', workload.finalReads());
  yield* until(world, deadline, () => reads.done, 'final reads',
    () => `the final reads did not complete: ${roles()}`);
  yield* converge(world, cluster, workload, deadline);
  world.note('explore', `settled ${world.now} ms after the start: ${roles()}`);
  return reads.result!;
}

/** Wait this long for convergence before a probe gives the leader an entry of its term. */
const PROBE_EVERY_MS = 1000;

/**
 * Applied state converges. A leader elected after the last write (a message held back from
 * before the heal may still depose one) commits its predecessors' entries only with an entry of
 * its own term (Raft §5.4.2; this Raft appends no no-op), so while the states differ, a probe
 * (one more Get) is sent every PROBE_EVERY_MS.
 */
function* converge(world: World, cluster: RaftCluster, workload: Workload, deadline: number):
  Proc {
  const fails = (): string => divergence(cluster);
  for (;;) {
    const wait = Math.min(deadline, world.now + PROBE_EVERY_MS);
    while (!converged(cluster) && world.now < wait) yield* sleep(Math.min(20, wait - world.now));
    if (converged(cluster)) return;
    if (world.now >= deadline) yield* until(world, deadline, () => false, 'convergence', fails);
    const probe = world.scheduler.spawn('probe', workload.probe());
    yield* until(world, deadline, () => probe.done, 'convergence', fails);
  }
}
