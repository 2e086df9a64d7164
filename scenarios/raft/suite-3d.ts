import type { Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { SNAPSHOT_INTERVAL } from './applier.ts';
import { MAX_LOG_SIZE, RaftTester } from './tester.ts';
import { countSite } from '../sites.ts';

/** How many commands a round proposes beyond SNAPSHOT_INTERVAL / 2. */
const BATCH = countSite('batch size', 'batch of commands', SNAPSHOT_INTERVAL / 2);

const source = (name: string): string => `6.5840 2025 raft1 Test${name}`;

interface SnapMode {
  readonly disconnect: boolean;
  readonly reliable: boolean;
  readonly crash: boolean;
}

/** snapcommon: 30 rounds of (fault a victim, pass a snapshot point, check the log size, heal). */
function* snapCommon(world: World, mode: SnapMode): Proc {
  const servers = 3;
  const t = new RaftTester(world, { servers, reliable: mode.reliable, snapshots: true });
  yield* t.one(t.randomValue(), servers, true);
  let leader1 = yield* t.checkOneLeader();
  for (let i = 0; i < 30; i++) {
    let victim = (leader1 + 1) % servers;
    let sender = leader1;
    if (i % 3 === 1) {
      sender = (leader1 + 1) % servers;
      victim = leader1;
    }
    if (mode.disconnect) {
      t.disconnect(victim);
      yield* t.one(t.randomValue(), servers - 1, true);
    }
    if (mode.crash) {
      t.crash(victim);
      yield* t.one(t.randomValue(), servers - 1, true);
    }
    // Perhaps send enough to get a snapshot.
    const nn = SNAPSHOT_INTERVAL / 2 + t.rand.below(SNAPSHOT_INTERVAL, BATCH);
    for (let k = 0; k < nn; k++) t.start(sender, t.randomValue());
    // Let the appliers catch up; without faults every follower must keep up without
    // InstallSnapshot (SnapshotBasic).
    const faulty = mode.disconnect || mode.crash;
    yield* t.one(t.randomValue(), faulty ? servers - 1 : servers, true);
    if (t.logSize() >= MAX_LOG_SIZE) fail('log size', `Log size too large: ${t.logSize()} bytes`);
    if (mode.disconnect) {
      // Reconnect a follower that may be behind and need InstallSnapshot to catch up.
      t.connect(victim);
      yield* t.one(t.randomValue(), servers, true);
      leader1 = yield* t.checkOneLeader();
    }
    if (mode.crash) {
      t.restart(victim);
      yield* t.one(t.randomValue(), servers, true);
      leader1 = yield* t.checkOneLeader();
    }
  }
}

function crashAndRestartAll(t: RaftTester): void {
  for (let i = 0; i < t.n; i++) t.crash(i);
  for (let i = 0; i < t.n; i++) t.cluster.startServer(i);
  t.connectAll();
}

function* allCrash(world: World): Proc {
  const servers = 3;
  const t = new RaftTester(world, { servers, reliable: false, snapshots: true });
  yield* t.one(t.randomValue(), servers, true);
  for (let i = 0; i < 5; i++) {
    const nn = SNAPSHOT_INTERVAL / 2 + t.rand.below(SNAPSHOT_INTERVAL, BATCH);
    for (let k = 0; k < nn; k++) yield* t.one(t.randomValue(), servers, true);
    const index1 = yield* t.one(t.randomValue(), servers, true);
    crashAndRestartAll(t);
    const index2 = yield* t.one(t.randomValue(), servers, true);
    if (index2 < index1 + 1) fail('index', `index decreased from ${index1} to ${index2}`);
  }
}

function* snapshotInit(world: World): Proc {
  const servers = 3;
  const t = new RaftTester(world, { servers, reliable: false, snapshots: true });
  yield* t.one(t.randomValue(), servers, true);
  // Enough ops to make a snapshot.
  for (let k = 0; k < SNAPSHOT_INTERVAL + 1; k++) yield* t.one(t.randomValue(), servers, true);
  crashAndRestartAll(t);
  // A single op, to get something written back to persistent storage.
  yield* t.one(t.randomValue(), servers, true);
  crashAndRestartAll(t);
  // Another op, to trigger the bug of not reloading the in-memory snapshot before re-persisting.
  yield* t.one(t.randomValue(), servers, true);
}

const snap = (id: string, title: string, mode: SnapMode): Scenario => ({
  id, title, source: source(id), run: (world) => snapCommon(world, mode),
});

export const suite3D: Scenario[] = [
  snap('SnapshotBasic3D', 'Test (3D): snapshots basic',
    { disconnect: false, reliable: true, crash: false }),
  snap('SnapshotInstall3D', 'Test (3D): install snapshots (disconnect)',
    { disconnect: true, reliable: true, crash: false }),
  snap('SnapshotInstallUnreliable3D', 'Test (3D): install snapshots (disconnect)',
    { disconnect: true, reliable: false, crash: false }),
  snap('SnapshotInstallCrash3D', 'Test (3D): install snapshots (crash)',
    { disconnect: false, reliable: true, crash: true }),
  snap('SnapshotInstallUnCrash3D', 'Test (3D): install snapshots (crash)',
    { disconnect: false, reliable: false, crash: true }),
  { id: 'SnapshotAllCrash3D', title: 'Test (3D): crash and restart all servers',
    source: source('SnapshotAllCrash3D'), run: allCrash },
  { id: 'SnapshotInit3D', title: 'Test (3D): snapshot initialization after crash',
    source: source('SnapshotInit3D'), run: snapshotInit },
];
