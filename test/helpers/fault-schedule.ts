import fc from 'fast-check';
import { RaftTester } from '../../scenarios/raft/tester.ts';
import type { NodeFactory } from '../../sim/raft-host.ts';
import { sleep, type Proc } from '../../sim/tasks.ts';
import { World } from '../../sim/world.ts';
import { classifyFailure, type Caught } from './failures.ts';

/**
 * Arbitrary fault schedules for 3-5 servers, run on the simulator with the course's tester, and
 * their outcome: safe or not (any SafetyMonitor, tester or core check), then live or not (after
 * healing everything, a leader commits a final command on every server within LIVENESS_MS).
 */
export type Action =
  | { readonly kind: 'crash' | 'restart' | 'disconnect' | 'connect'; readonly node: number }
  | { readonly kind: 'partition'; readonly sides: readonly number[] }
  | { readonly kind: 'propose'; readonly node: number | 'leader'; readonly count: number }
  | { readonly kind: 'reliable' | 'reorder'; readonly on: boolean }
  | { readonly kind: 'sleep'; readonly ms: number };

export interface Schedule {
  readonly seed: number;
  readonly servers: number;
  /** The applier snapshots every 10 entries (6.5840 3D), so InstallSnapshot is exercised. */
  readonly snapshots?: boolean;
  readonly actions: readonly Action[];
}

const node = fc.nat({ max: 4 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constantFrom('crash', 'restart', 'disconnect', 'connect'),
    node }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('partition'),
    sides: fc.array(fc.nat({ max: 2 }), { minLength: 5, maxLength: 5 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('propose'),
    node: fc.oneof(node, fc.constant('leader' as const)), count: fc.integer({ min: 1, max: 5 }) }),
  weight: 5 },
  { arbitrary: fc.record({ kind: fc.constantFrom('reliable', 'reorder'), on: fc.boolean() }),
    weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('sleep'), ms: fc.nat({ max: 2000 }) }), weight: 4 },
);

export const schedules: fc.Arbitrary<Schedule> = fc.record({
  seed: fc.nat({ max: 1_000_000 }),
  servers: fc.integer({ min: 3, max: 5 }),
  snapshots: fc.boolean(),
  actions: fc.array(action, { minLength: 5, maxLength: 50, size: 'max' }),
});

/** Virtual time allowed for the healed cluster to elect a leader and commit on every server. */
export const LIVENESS_MS = 15_000;
const FINAL_COMMAND = 'final';

function perform(t: RaftTester, a: Action, k: number): void {
  const n = t.n;
  switch (a.kind) {
    case 'crash': return t.crash(a.node % n);
    case 'restart':
      if (!t.isUp(a.node % n)) t.cluster.startServer(a.node % n);
      return t.connect(a.node % n);
    case 'disconnect': return t.disconnect(a.node % n);
    case 'connect': return t.connect(a.node % n);
    case 'partition': return t.cluster.partition(groups(a.sides.slice(0, n)));
    case 'propose':
      for (let c = 0; c < a.count; c++) propose(t, a.node, `cmd${k}.${c}`);
      return;
    case 'reliable': return t.setReliable(a.on);
    case 'reorder': return t.setLongReordering(a.on);
    case 'sleep': return;
  }
}

function groups(sides: readonly number[]): number[][] {
  const out: number[][] = [[], [], []];
  sides.forEach((s, i) => out[s]!.push(i));
  return out.filter((g) => g.length > 0);
}

function propose(t: RaftTester, target: number | 'leader', cmd: string): void {
  if (target !== 'leader') return void t.start(target % t.n, cmd);
  for (let i = 0; i < t.n; i++) if (t.getState(i).isLeader && t.start(i, cmd).isLeader) return;
}

function* heal(t: RaftTester): Proc {
  t.setReliable(true);
  t.setLongReordering(false);
  for (let i = 0; i < t.n; i++) if (!t.isUp(i)) t.cluster.startServer(i);
  t.connectAll();
  yield* t.one(FINAL_COMMAND, t.n, true);
}

export type Outcome =
  | { readonly ok: true; readonly healedAt: number; readonly doneAt: number;
      readonly committed: number }
  | { readonly ok: false; readonly failure: Caught };

/** Run a schedule to its end, heal, and wait for the final commit (bounded in virtual time). */
export function runSchedule(s: Schedule, nodeFactory?: NodeFactory): Outcome {
  const world = new World(s.seed, null);
  if (nodeFactory !== undefined) world.nodeFactory = nodeFactory;
  let healedAt: number | null = null;
  const main = world.scheduler.spawn('schedule', (function* (): Proc {
    const t = new RaftTester(world,
      { servers: s.servers, reliable: true, snapshots: s.snapshots ?? false });
    for (const [k, a] of s.actions.entries()) {
      perform(t, a, k);
      if (a.kind === 'sleep') yield* sleep(a.ms);
    }
    healedAt = world.now;
    yield* heal(t);
  })());
  const failed = (e: unknown): Outcome => {
    const caught = classifyFailure(e, world.now);
    // After healing, the tester's one() failing to reach agreement is the liveness verdict.
    const live = healedAt !== null && caught.kind === 'check' && caught.check === 'one';
    return { ok: false, failure: live ? { ...caught, kind: 'liveness' } : caught };
  };
  try {
    while (!main.done && world.scheduler.failure === null) {
      const until = healedAt === null ? Infinity : healedAt + LIVENESS_MS;
      if (!world.queue.runNext(until)) break;
    }
  } catch (e) {
    return failed(e);
  }
  if (world.scheduler.failure !== null) return failed(world.scheduler.failure);
  if (!main.done) {
    return { ok: false, failure: { kind: 'liveness', check: 'liveness', atMs: world.now,
      message: `no final commit within ${LIVENESS_MS} ms of healing at ${healedAt}` } };
  }
  return { ok: true, healedAt: healedAt!, doneAt: world.now, committed: world.safety.commitMax };
}
