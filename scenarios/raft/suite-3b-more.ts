import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { ELECTION_TIMEOUT_MS, RaftTester } from './tester.ts';
import { dataSite } from '../sites.ts';

const VALUE = dataSite('value');

const source = (name: string): string => `6.5840 2025 raft1 Test${name}`;

function tester(world: World, servers: number): RaftTester {
  return new RaftTester(world, { servers, reliable: true, snapshots: false });
}

/** One attempt of ConcurrentStarts: 'retry' when the term moved on, as the course allows. */
function* concurrentAttempt(t: RaftTester, servers: number): Proc<'ok' | 'retry'> {
  const leader = yield* t.checkOneLeader();
  const first = t.start(leader, 1);
  if (!first.isLeader) return 'retry';
  const indices: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = t.start(leader, 100 + i);
    if (r.term === first.term && r.isLeader) indices.push(r.index);
  }
  for (let j = 0; j < servers; j++) if (t.getState(j).term !== first.term) return 'retry';
  const cmds: string[] = [];
  for (const index of indices) {
    const v = yield* t.wait(index, servers, first.term);
    if (v === -1) return 'retry';
    cmds.push(v);
  }
  for (let i = 0; i < 5; i++) {
    if (!cmds.includes(String(100 + i))) fail('concurrent', `cmd ${100 + i} missing in ${cmds}`);
  }
  return 'ok';
}

function* concurrentStarts(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) yield* sleep(3000);
    if ((yield* concurrentAttempt(t, servers)) === 'ok') return;
  }
  fail('concurrent', 'term changed too often');
}

function* rejoin(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  yield* t.one(101, servers, true);
  const leader1 = yield* t.checkOneLeader();
  t.disconnect(leader1);
  // The old leader tries to agree on some entries.
  t.start(leader1, 102);
  t.start(leader1, 103);
  t.start(leader1, 104);
  // The new leader commits, also for index 2.
  yield* t.one(103, 2, true);
  const leader2 = yield* t.checkOneLeader();
  t.disconnect(leader2);
  t.connect(leader1);
  yield* t.one(104, 2, true);
  t.connect(leader2);
  yield* t.one(105, servers, true);
}

function* backup(world: World): Proc {
  const servers = 5;
  const t = tester(world, servers);
  yield* t.one(t.randomValue(), servers, true);
  // Put the leader and one follower in a partition; they get 50 entries that cannot commit.
  const leader1 = yield* t.checkOneLeader();
  for (const k of [2, 3, 4]) t.disconnect((leader1 + k) % servers);
  for (let i = 0; i < 50; i++) t.start(leader1, t.randomValue());
  yield* sleep(ELECTION_TIMEOUT_MS / 2);
  t.disconnect(leader1 % servers);
  t.disconnect((leader1 + 1) % servers);
  // The other partition recovers and commits 50 entries.
  for (const k of [2, 3, 4]) t.connect((leader1 + k) % servers);
  for (let i = 0; i < 50; i++) yield* t.one(t.randomValue(), 3, true);
  // Another partitioned leader and one follower, 50 more entries that cannot commit.
  const leader2 = yield* t.checkOneLeader();
  let other = (leader1 + 2) % servers;
  if (leader2 === other) other = (leader2 + 1) % servers;
  t.disconnect(other);
  for (let i = 0; i < 50; i++) t.start(leader2, t.randomValue());
  yield* sleep(ELECTION_TIMEOUT_MS / 2);
  // Bring the original leader back to life with one follower and `other`.
  for (let i = 0; i < servers; i++) t.disconnect(i);
  t.connect(leader1 % servers);
  t.connect((leader1 + 1) % servers);
  t.connect(other);
  for (let i = 0; i < 50; i++) yield* t.one(t.randomValue(), 3, true);
  for (let i = 0; i < servers; i++) t.connect(i);
  yield* t.one(t.randomValue(), servers, true);
}

function rpcs(t: RaftTester, servers: number): number {
  let n = 0;
  for (let j = 0; j < servers; j++) n += t.rpcCount(j);
  return n;
}

/** One attempt of Count's agreement phase; returns the RPC total after it, or 'retry'. */
function* countAttempt(t: RaftTester, servers: number): Proc<number | 'retry'> {
  const iters = 10;
  const leader = yield* t.checkOneLeader();
  const total1 = rpcs(t, servers);
  const first = t.start(leader, 1);
  if (!first.isLeader) return 'retry';
  const cmds: number[] = [];
  for (let i = 1; i < iters + 2; i++) {
    const x = t.rand.data(2 ** 31, VALUE);
    cmds.push(x);
    const r = t.start(leader, x);
    if (r.term !== first.term || !r.isLeader) return 'retry';
    if (first.index + i !== r.index) fail('start', 'Start() failed');
  }
  for (let i = 1; i < iters + 1; i++) {
    const v = yield* t.wait(first.index + i, servers, first.term);
    if (v === -1) return 'retry';
    if (v !== String(cmds[i - 1])) {
      fail('count',
        `wrong value ${v} committed for index ${first.index + i}; expected ${cmds[i - 1]}`);
    }
  }
  for (let j = 0; j < servers; j++) if (t.getState(j).term !== first.term) return 'retry';
  const total2 = rpcs(t, servers);
  if (total2 - total1 > (iters + 1 + 3) * 3) {
    fail('RPC count', `too many RPCs (${total2 - total1}) for ${iters} entries`);
  }
  return total2;
}

function* count(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  yield* t.checkOneLeader();
  const total1 = rpcs(t, servers);
  if (total1 > 30 || total1 < 1) {
    fail('RPC count', `too many or few RPCs (${total1}) to elect initial leader`);
  }
  let total2: number | 'retry' = 'retry';
  for (let attempt = 0; attempt < 5 && total2 === 'retry'; attempt++) {
    if (attempt > 0) yield* sleep(3000);
    total2 = yield* countAttempt(t, servers);
  }
  if (total2 === 'retry') fail('RPC count', 'term changed too often');
  yield* sleep(ELECTION_TIMEOUT_MS);
  const total3 = rpcs(t, servers);
  if (total3 - total2 > 3 * 20) {
    fail('RPC count', `too many RPCs (${total3 - total2}) for 1 second of idleness`);
  }
}

export const suite3BMore: Scenario[] = [
  { id: 'ConcurrentStarts3B', title: 'Test (3B): concurrent Start()s',
    source: source('ConcurrentStarts3B'), run: concurrentStarts },
  { id: 'Rejoin3B', title: 'Test (3B): rejoin of partitioned leader', source: source('Rejoin3B'),
    run: rejoin },
  { id: 'Backup3B', title: 'Test (3B): leader backs up quickly over incorrect follower logs',
    source: source('Backup3B'), run: backup },
  { id: 'Count3B', title: "Test (3B): RPC counts aren't too high", source: source('Count3B'),
    run: count },
];
