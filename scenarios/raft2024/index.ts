import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { raftSuite } from '../raft/index.ts';
import { ELECTION_TIMEOUT_MS, RaftTester, useTester2024 } from '../raft/tester.ts';
import type { Scenario } from '../types.ts';

/**
 * The 2024 Raft suite (6.5840 2024 `raft/test_test.go` and `config.go`): the same 28 tests as
 * 2025's raft1, with the same constants and checks, run by the 2024 tester (see TesterYear in
 * scenarios/raft/tester.ts):
 * - a restart is `start1(i)` then `connect(i)`: it reconnects the restarted server alone, where
 *   2025's restart heals every cut (this changes the churn tests);
 * - the tester's copy of each server's applied values survives its restarts;
 * - Persist13C and Persist23C cut servers off where 2025 shuts them down: in 2024 a server is
 *   only disconnected while the others agree, then crashed and restarted (`start1`) before it
 *   reconnects; Persist23C's leader and its (leader+4) are never crashed, only reconnected.
 * - two 3D titles say "(disconnect+unreliable)" and "(unreliable+crash)".
 * The other 26 tests run their 2025 bodies under these rules; the Go tests differ from 2025's
 * only by the tester API (cfg.disconnect for ts.g.DisconnectAll, cfg.crash1 for ShutdownServer).
 */
const source = (name: string): string => `6.5840 2024 raft Test${name}`;

const TITLES: Readonly<Record<string, string>> = {
  SnapshotInstallUnreliable3D: 'Test (3D): install snapshots (disconnect+unreliable)',
  SnapshotInstallUnCrash3D: 'Test (3D): install snapshots (unreliable+crash)',
};

function* persist1(world: World): Proc {
  const servers = 3;
  const t = new RaftTester(world, { servers, reliable: true, snapshots: false });
  yield* t.one(11, servers, true);
  // crash and re-start all
  for (let i = 0; i < servers; i++) t.start1(i);
  for (let i = 0; i < servers; i++) {
    t.disconnect(i);
    t.connect(i);
  }
  yield* t.one(12, servers, true);
  const leader1 = yield* t.checkOneLeader();
  t.disconnect(leader1);
  t.restart(leader1);
  yield* t.one(13, servers, true);
  const leader2 = yield* t.checkOneLeader();
  t.disconnect(leader2);
  yield* t.one(14, servers - 1, true);
  t.restart(leader2);
  yield* t.wait(4, servers, -1); // wait for leader2 to join before killing i3
  const i3 = ((yield* t.checkOneLeader()) + 1) % servers;
  t.disconnect(i3);
  yield* t.one(15, servers - 1, true);
  t.restart(i3);
  yield* t.one(16, servers, true);
}

function* persist2(world: World): Proc {
  const servers = 5;
  const t = new RaftTester(world, { servers, reliable: true, snapshots: false });
  const at = (leader: number, k: number): number => (leader + k) % servers;
  let index = 1;
  for (let iters = 0; iters < 5; iters++) {
    yield* t.one(10 + index++, servers, true);
    const leader1 = yield* t.checkOneLeader();
    t.disconnect(at(leader1, 1));
    t.disconnect(at(leader1, 2));
    yield* t.one(10 + index++, servers - 2, true);
    for (const k of [0, 3, 4]) t.disconnect(at(leader1, k));
    t.start1(at(leader1, 1));
    t.start1(at(leader1, 2));
    t.connect(at(leader1, 1));
    t.connect(at(leader1, 2));
    yield* sleep(ELECTION_TIMEOUT_MS);
    t.restart(at(leader1, 3));
    yield* t.one(10 + index++, servers - 2, true);
    t.connect(at(leader1, 4));
    t.connect(at(leader1, 0));
  }
  yield* t.one(1000, servers, true);
}

const BODIES: Readonly<Record<string, (world: World) => Proc>> = {
  Persist13C: persist1,
  Persist23C: persist2,
};

function* as2024(world: World, body: (world: World) => Proc): Proc {
  useTester2024(world);
  yield* body(world);
}

/** The 28 tests, in the course's order, ids prefixed `raft2024/`. */
export const raft2024Suite: readonly Scenario[] = raftSuite.map((s) => ({
  id: `raft2024/${s.id}`,
  title: TITLES[s.id] ?? s.title,
  source: source(s.id),
  run: (world: World) => as2024(world, BODIES[s.id] ?? s.run),
}));
