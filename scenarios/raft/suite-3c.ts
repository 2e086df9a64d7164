import { joinAll, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import type { Scenario } from '../types.ts';
import { ELECTION_TIMEOUT_MS, RaftTester } from './tester.ts';
import { actSite, dataSite, pickSite } from '../sites.ts';

/** The loop's pacing is the test's rhythm, not a fault: data (see scenarios/sites.ts). */
const LONG_PAUSE = dataSite('long pause');
const PAUSE = dataSite('pause');
const PICK_RESTART = pickSite('pick server to restart', 'restart if down:');
const PICK_RECONNECT = pickSite('pick server to reconnect', 'reconnect if cut:');
const CUT_LEADER = actSite('disconnect leader', 'disconnect leader', 'link');
const VALUE = dataSite('value');

const source = (name: string): string => `6.5840 2025 raft1 Test${name}`;

function tester(world: World, servers: number, reliable = true): RaftTester {
  return new RaftTester(world, { servers, reliable, snapshots: false });
}

/** The group's Shutdown() then StartServers(): crash every server, restart all, connect all. */
function crashAndRestartAll(t: RaftTester): void {
  for (let i = 0; i < t.n; i++) t.crash(i);
  for (let i = 0; i < t.n; i++) t.cluster.startServer(i);
  t.connectAll();
}

function* persist1(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  yield* t.one(11, servers, true);
  crashAndRestartAll(t);
  yield* t.one(12, servers, true);
  const leader1 = yield* t.checkOneLeader();
  t.crash(leader1);
  t.restart(leader1);
  yield* t.one(13, servers, true);
  const leader2 = yield* t.checkOneLeader();
  t.crash(leader2);
  yield* t.one(14, servers - 1, true);
  t.restart(leader2);
  yield* t.wait(4, servers, -1); // wait for leader2 to join before killing i3
  const i3 = ((yield* t.checkOneLeader()) + 1) % servers;
  t.crash(i3);
  yield* t.one(15, servers - 1, true);
  t.restart(i3);
  yield* t.one(16, servers, true);
}

function* persist2(world: World): Proc {
  const servers = 5;
  const t = tester(world, servers);
  let index = 1;
  for (let iters = 0; iters < 5; iters++) {
    yield* t.one(10 + index++, servers, true);
    const leader1 = yield* t.checkOneLeader();
    t.crash((leader1 + 1) % servers);
    t.crash((leader1 + 2) % servers);
    yield* t.one(10 + index++, servers - 2, true);
    for (const k of [0, 3, 4]) t.crash((leader1 + k) % servers);
    t.restart((leader1 + 1) % servers);
    t.restart((leader1 + 2) % servers);
    yield* sleep(ELECTION_TIMEOUT_MS);
    t.restart((leader1 + 3) % servers);
    yield* t.one(10 + index++, servers - 2, true);
    t.restart((leader1 + 4) % servers);
    t.restart(leader1 % servers);
  }
  yield* t.one(1000, servers, true);
}

function* persist3(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  yield* t.one(101, 3, true);
  const leader = yield* t.checkOneLeader();
  t.disconnect((leader + 2) % servers);
  yield* t.one(102, 2, true);
  t.crash(leader % servers);
  t.crash((leader + 1) % servers);
  t.connect((leader + 2) % servers);
  t.restart(leader % servers);
  yield* t.one(103, 2, true);
  t.restart((leader + 1) % servers);
  yield* t.one(104, servers, true);
}

/** The course's sleep in the Figure 8 tests: 10% up to half an election timeout, else 0-12 ms. */
function* figure8Pause(t: RaftTester): Proc {
  const long = t.rand.data(1000, LONG_PAUSE) < 100;
  yield* sleep(t.rand.data(long ? ELECTION_TIMEOUT_MS / 2 : 13, PAUSE));
}

function* figure8(world: World): Proc {
  const servers = 5;
  const t = tester(world, servers);
  yield* t.one(t.randomValue(), 1, true);
  let nup = servers;
  for (let iters = 0; iters < 1000; iters++) {
    let leader = -1;
    for (let i = 0; i < servers; i++) {
      if (t.isUp(i) && t.start(i, t.randomValue()).isLeader) leader = i;
    }
    yield* figure8Pause(t);
    if (leader !== -1) {
      t.crash(leader);
      nup -= 1;
    }
    if (nup < 3) {
      const s = t.rand.below(servers, PICK_RESTART);
      if (!t.isUp(s)) {
        t.restart(s);
        nup += 1;
      }
    }
  }
  for (let i = 0; i < servers; i++) if (!t.isUp(i)) t.restart(i);
  yield* t.one(t.randomValue(), servers, true);
}

function* unreliableAgree(world: World): Proc {
  const servers = 5;
  const t = tester(world, servers, false);
  const tasks: Task<number>[] = [];
  for (let iters = 1; iters < 50; iters++) {
    for (let j = 0; j < 4; j++) {
      tasks.push(world.scheduler.spawn(`one ${iters}.${j}`, t.one(100 * iters + j, 1, true)));
    }
    yield* t.one(iters, 1, true);
  }
  t.setReliable(true);
  yield* joinAll(tasks);
  yield* t.one(100, servers, true);
}

function* figure8Unreliable(world: World): Proc {
  const servers = 5;
  const t = tester(world, servers, false);
  yield* t.one(t.rand.data(10_000, VALUE), 1, true);
  let nup = servers;
  for (let iters = 0; iters < 1000; iters++) {
    if (iters === 200) t.setLongReordering(true);
    let leader = -1;
    for (let i = 0; i < servers; i++) {
      const ok = t.start(i, t.rand.data(10_000, VALUE)).isLeader;
      if (ok && t.isConnected(i)) leader = i;
    }
    yield* figure8Pause(t);
    if (leader !== -1 &&
      t.rand.chanceBelow(ELECTION_TIMEOUT_MS / 2, 1000, CUT_LEADER, `s${leader}`)) {
      t.disconnect(leader);
      nup -= 1;
    }
    if (nup < 3) {
      const s = t.rand.below(servers, PICK_RECONNECT);
      if (!t.isConnected(s)) {
        t.connect(s);
        nup += 1;
      }
    }
  }
  for (let i = 0; i < servers; i++) if (!t.isConnected(i)) t.connect(i);
  yield* t.one(t.rand.data(10_000, VALUE), servers, true);
}

export const suite3C: Scenario[] = [
  { id: 'Persist13C', title: 'Test (3C): basic persistence', source: source('Persist13C'),
    run: persist1 },
  { id: 'Persist23C', title: 'Test (3C): more persistence', source: source('Persist23C'),
    run: persist2 },
  { id: 'Persist33C',
    title: 'Test (3C): partitioned leader and one follower crash, leader restarts',
    source: source('Persist33C'), run: persist3 },
  { id: 'Figure83C', title: 'Test (3C): Figure 8', source: source('Figure83C'), run: figure8 },
  { id: 'UnreliableAgree3C', title: 'Test (3C): unreliable agreement',
    source: source('UnreliableAgree3C'), run: unreliableAgree },
  { id: 'Figure8Unreliable3C', title: 'Test (3C): Figure 8 (unreliable)',
    source: source('Figure8Unreliable3C'), run: figure8Unreliable },
];
