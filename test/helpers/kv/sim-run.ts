import { KvClient, plainRecorder } from '../../../sim/kv-client.ts';
import { KvHostService } from '../../../sim/kv-service.ts';
import { History, type HistoryOp } from '../../../sim/history.ts';
import { RaftCluster } from '../../../sim/raft-cluster.ts';
import { sleep, type Proc, type Task } from '../../../sim/tasks.ts';
import { World } from '../../../sim/world.ts';
import type { TraceSink } from '../../../sim/trace.ts';
import type { Fault, KvRunPlan, KvServiceFactory } from './plan.ts';

export const SERVERS = 5;
/** Limits on everything: ops per clerk, and virtual time to finish after the heal. */
export const MAX_OPS_PER_CLIENT = 60;
export const CONVERGE_MS = 30_000;

export const correctService: KvServiceFactory = (host, max) => new KvHostService(host, max);

/** One Append a clerk made: its unique value and whether the clerk got its answer. */
export interface AppendRecord {
  readonly client: number;
  readonly n: number;
  readonly key: string;
  readonly value: string;
  acked: boolean;
}

export interface KvRunResult {
  readonly history: readonly HistoryOp[];
  readonly appends: readonly AppendRecord[];
  /** What the final reader got for each key (absent if it never got an answer). */
  readonly finalValues: ReadonlyMap<string, string>;
  /** Clerk ops that never got an answer within CONVERGE_MS after the heal. */
  readonly stuck: readonly string[];
  readonly endMs: number;
  /** Hash of the whole event trace: equal iff two runs did exactly the same thing. */
  readonly traceHash: string;
}

export function keyName(k: number): string {
  return `k${k}`;
}

/** A value unique in the run, in the course's format ("x <client> <n> y"). */
export function appendValue(client: number, n: number): string {
  return `x ${client} ${n} y`;
}

interface Run {
  readonly plan: KvRunPlan;
  readonly world: World;
  readonly cluster: RaftCluster;
  readonly history: History;
  readonly appends: AppendRecord[];
  nemesisDone: boolean;
}

/** Run a plan against a KV service (deterministic: same plan, same run). */
export function runKv(plan: KvRunPlan, service: KvServiceFactory = correctService,
  sink: TraceSink | null = null): KvRunResult {
  const world = new World(plan.seed, sink);
  world.network.opts = { reliable: !plan.unreliable, longDelays: false,
    longReordering: plan.longReordering ?? false };
  const cluster = new RaftCluster(world, SERVERS, (h) => service(h, plan.maxRaftState));
  cluster.startAll();
  const run: Run = {
    plan, world, cluster, history: new History('kv'), appends: [], nemesisDone: false,
  };
  const servers = cluster.hosts.map((h) => h.id);
  const clients = Array.from({ length: plan.clients },
    (_, i) => new KvClient(world, i, servers, run.history, plainRecorder));
  const workers = clients.map((c) => world.scheduler.spawn(`client ${c.index}`,
    clerkLoop(run, c)));
  const nemesis = world.scheduler.spawn('nemesis', nemesisProc(run));
  const faultMs = plan.faults.reduce((sum, s) => sum + s.afterMs + faultExtraMs(s.fault), 0);
  runUntil(world, () => nemesis.done, faultMs + 1);
  if (!nemesis.done) throw new Error(`kv run: the nemesis did not finish by ${faultMs}ms`);
  runUntil(world, () => workers.every((w) => w.done), world.now + CONVERGE_MS);
  const stuck = stuckOps(run.history);
  const finalValues = new Map<string, string>();
  if (stuck.length === 0) readAll(run, new KvClient(world, plan.clients, servers, run.history,
    plainRecorder), finalValues);
  return { history: run.history.ops, appends: run.appends, finalValues, stuck, endMs: world.now,
    traceHash: world.trace.hash() };
}

function faultExtraMs(f: Fault): number {
  return f.type === 'crashAll' ? f.downMs : 0;
}

/** Run events until `done` or the deadline; a process's uncaught error fails the run. */
function runUntil(world: World, done: () => boolean, deadline: number): void {
  while (!done() && world.queue.runNext(deadline)) {
    if (world.scheduler.failure !== null) throw world.scheduler.failure;
  }
  if (world.scheduler.failure !== null) throw world.scheduler.failure;
}

function* clerkLoop(run: Run, c: KvClient): Proc {
  const rng = run.world.streams.get(`workload ${c.index}`, 'order');
  for (let n = 0; n < MAX_OPS_PER_CLIENT && !run.nemesisDone; n++) {
    const key = keyName(rng.below(run.plan.keys));
    if (rng.below(100) < run.plan.getPercent) {
      yield* c.call({ op: 'get', key });
    } else {
      const rec: AppendRecord = { client: c.index, n, key, value: appendValue(c.index, n),
        acked: false };
      run.appends.push(rec);
      yield* c.call({ op: 'append', key, value: rec.value });
      rec.acked = true;
    }
    yield* sleep(1 + rng.below(50));
  }
}

function* nemesisProc(run: Run): Proc {
  for (const step of run.plan.faults) {
    yield* sleep(step.afterMs);
    yield* applyFault(run, step.fault);
  }
  // Heal: every server up and connected; the clerks then finish their current op.
  for (let i = 0; i < SERVERS; i++) restart(run, i);
  run.cluster.connectAll();
  run.nemesisDone = true;
}

function* applyFault(run: Run, f: Fault): Proc {
  const { cluster } = run;
  run.world.note('nemesis', f.type);
  switch (f.type) {
    case 'crash': if (cluster.hosts[f.server]!.up) cluster.shutdown(f.server); return;
    case 'restart': restart(run, f.server); return;
    case 'crashLeader': {
      const l = leaderOf(run);
      if (l !== null) cluster.shutdown(l);
      return;
    }
    case 'crashAll':
      for (let i = 0; i < SERVERS; i++) if (cluster.hosts[i]!.up) cluster.shutdown(i);
      yield* sleep(f.downMs);
      for (let i = 0; i < SERVERS; i++) restart(run, i);
      return;
    case 'partition': cluster.partition([f.minority, others(f.minority)]); return;
    case 'isolateLeader': {
      const l = leaderOf(run);
      if (l === null) return;
      const side = f.with === null || f.with === l ? [l] : [l, f.with];
      cluster.partition([side, others(side)]);
      return;
    }
    case 'heal': cluster.connectAll(); return;
  }
}

function restart(run: Run, i: number): void {
  if (run.cluster.hosts[i]!.up) return;
  run.cluster.startServer(i);
  run.cluster.connect(i);
}

function others(side: readonly number[]): number[] {
  return Array.from({ length: SERVERS }, (_, i) => i).filter((i) => !side.includes(i));
}

/** The up server that believes it leads in the highest term, if any. */
export function leaderOf(run: { cluster: RaftCluster }): number | null {
  let best: { id: number; term: number } | null = null;
  for (const h of run.cluster.hosts) {
    const s = h.node?.status();
    if (s?.role !== 'leader') continue;
    if (best === null || s.term > best.term) best = { id: h.id, term: s.term };
  }
  return best?.id ?? null;
}

/** The final reader: one Get per key, after everything settled (recorded in the history too). */
function readAll(run: Run, reader: KvClient, out: Map<string, string>): void {
  const task: Task<void> = run.world.scheduler.spawn('reader', (function* () {
    for (let k = 0; k < run.plan.keys; k++) {
      const r = yield* reader.call({ op: 'get', key: keyName(k) });
      if ('value' in r) out.set(keyName(k), r.value);
    }
  })());
  runUntil(run.world, () => task.done, run.world.now + CONVERGE_MS);
}

function stuckOps(history: History): string[] {
  return history.ops.filter((o) => o.return === null)
    .map((o) => `client ${o.client} ${JSON.stringify(o.input)} since ${o.call}ms`);
}
