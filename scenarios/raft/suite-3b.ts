import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { ELECTION_TIMEOUT_MS, RaftTester } from './tester.ts';
import { dataSite } from '../sites.ts';

const CHAR = dataSite('string char');

const source = (name: string): string => `6.5840 2025 raft1 Test${name}`;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randString(t: RaftTester, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += BASE64[t.rand.data(64, CHAR)];
  return s;
}

function tester(world: World, servers: number): RaftTester {
  return new RaftTester(world, { servers, reliable: true, snapshots: false });
}

function* basicAgree(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  for (let index = 1; index <= 3; index++) {
    if (t.nCommitted(index).count > 0) fail('agreement', 'some have committed before Start()');
    const xindex = yield* t.one(index * 100, servers, false);
    if (xindex !== index) fail('agreement', `got index ${xindex} but expected ${index}`);
  }
}

function* rpcBytes(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  yield* t.one(99, servers, false);
  const bytes0 = t.bytesTotal();
  let sent = 0;
  for (let index = 2; index < 12; index++) {
    const cmd = randString(t, 5000);
    const xindex = yield* t.one(cmd, servers, false);
    if (xindex !== index) fail('agreement', `got index ${xindex} but expected ${index}`);
    sent += cmd.length;
  }
  const got = t.bytesTotal() - bytes0;
  const expected = servers * sent;
  if (got > expected + 50_000) {
    fail('RPC bytes', `too many RPC bytes; got ${got}, expected ${expected}`);
  }
}

function* followerFailure(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  yield* t.one(101, servers, false);
  const leader1 = yield* t.checkOneLeader();
  t.disconnect((leader1 + 1) % servers);
  // The leader and the remaining follower agree despite the disconnected follower.
  yield* t.one(102, servers - 1, false);
  yield* sleep(ELECTION_TIMEOUT_MS);
  yield* t.one(103, servers - 1, false);
  const leader2 = yield* t.checkOneLeader();
  t.disconnect((leader2 + 1) % servers);
  t.disconnect((leader2 + 2) % servers);
  const r = t.start(leader2, 104);
  if (!r.isLeader) fail('start', 'leader rejected Start()');
  if (r.index !== 4) fail('start', `expected index 4, got ${r.index}`);
  yield* sleep(2 * ELECTION_TIMEOUT_MS);
  t.checkNoAgreement(r.index);
}

function* leaderFailure(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  yield* t.one(101, servers, false);
  const leader1 = yield* t.checkOneLeader();
  t.disconnect(leader1);
  // The remaining followers elect a new leader.
  yield* t.one(102, servers - 1, false);
  yield* sleep(ELECTION_TIMEOUT_MS);
  yield* t.one(103, servers - 1, false);
  const leader2 = yield* t.checkOneLeader();
  t.disconnect(leader2);
  for (let i = 0; i < servers; i++) t.start(i, 104);
  yield* sleep(2 * ELECTION_TIMEOUT_MS);
  t.checkNoAgreement(4);
}

function* failAgree(world: World): Proc {
  const servers = 3;
  const t = tester(world, servers);
  yield* t.one(101, servers, false);
  const leader = yield* t.checkOneLeader();
  t.disconnect((leader + 1) % servers);
  yield* t.one(102, servers - 1, false);
  yield* t.one(103, servers - 1, false);
  yield* sleep(ELECTION_TIMEOUT_MS);
  yield* t.one(104, servers - 1, false);
  yield* t.one(105, servers - 1, false);
  t.connect((leader + 1) % servers);
  // The full set keeps previous agreements and agrees on new commands.
  yield* t.one(106, servers, true);
  yield* sleep(ELECTION_TIMEOUT_MS);
  yield* t.one(107, servers, true);
}

function* failNoAgree(world: World): Proc {
  const servers = 5;
  const t = tester(world, servers);
  yield* t.one(10, servers, false);
  const leader = yield* t.checkOneLeader();
  for (const k of [1, 2, 3]) t.disconnect((leader + k) % servers);
  const r = t.start(leader, 20);
  if (!r.isLeader) fail('start', 'leader rejected Start()');
  if (r.index !== 2) fail('start', `expected index 2, got ${r.index}`);
  yield* sleep(2 * ELECTION_TIMEOUT_MS);
  const n = t.nCommitted(r.index).count;
  if (n > 0) fail('checkNoAgreement', `${n} committed but no majority`);
  for (const k of [1, 2, 3]) t.connect((leader + k) % servers);
  // The disconnected majority may have elected one of its own, forgetting index 2.
  const leader2 = yield* t.checkOneLeader();
  const r2 = t.start(leader2, 30);
  if (!r2.isLeader) fail('start', 'leader2 rejected Start()');
  if (r2.index < 2 || r2.index > 3) fail('start', `unexpected index ${r2.index}`);
  yield* t.one(1000, servers, true);
}

export const suite3B: Scenario[] = [
  { id: 'BasicAgree3B', title: 'Test (3B): basic agreement', source: source('BasicAgree3B'),
    run: basicAgree },
  { id: 'RPCBytes3B', title: 'Test (3B): RPC byte count', source: source('RPCBytes3B'),
    run: rpcBytes },
  { id: 'FollowerFailure3B', title: 'Test (3B): test progressive failure of followers',
    source: source('FollowerFailure3B'), run: followerFailure },
  { id: 'LeaderFailure3B', title: 'Test (3B): test failure of leaders',
    source: source('LeaderFailure3B'), run: leaderFailure },
  { id: 'FailAgree3B', title: 'Test (3B): agreement after follower reconnects',
    source: source('FailAgree3B'), run: failAgree },
  { id: 'FailNoAgree3B', title: 'Test (3B): no agreement if too many followers disconnect',
    source: source('FailNoAgree3B'), run: failNoAgree },
];
