import { join, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { ELECTION_TIMEOUT_MS, RaftTester } from './tester.ts';
import { actSite, pickSite } from '../sites.ts';

const DISCONNECT = actSite('disconnect', 'disconnect a server', 'link');
const PICK_CUT = pickSite('pick server to disconnect', 'disconnect');
const HEAL = actSite('heal', 'restart and reconnect a server', 'restart');
const PICK_HEAL = pickSite('pick server to heal', 'restart and reconnect');
const CRASH = actSite('crash', 'crash a server', 'crash');
const PICK_CRASH = pickSite('pick server to crash', 'crash if up:');

const source = (name: string): string => `6.5840 2025 raft1 Test${name}`;

/** A churn client: Start random values everywhere; remember those it saw committed. */
function* churnClient(t: RaftTester, me: number, stop: { now: boolean }): Proc<number[]> {
  const values: number[] = [];
  while (!stop.now) {
    const x = t.randomValue();
    let index = -1;
    for (let i = 0; i < t.n; i++) {
      if (!t.isUp(i)) continue;
      const r = t.start(i, x);
      if (r.isLeader) index = r.index;
    }
    if (index === -1) {
      yield* sleep(79 + me * 17);
      continue;
    }
    // Maybe the leader commits our value, maybe not; don't wait forever.
    for (const to of [10, 20, 50, 100, 200]) {
      const { count, value } = t.nCommitted(index);
      if (count > 0) {
        if (value === String(x)) values.push(x);
        break;
      }
      yield* sleep(to);
    }
  }
  return values;
}

function* churnFaults(t: RaftTester): Proc {
  for (let iters = 0; iters < 20; iters++) {
    if (t.rand.chanceBelow(200, 1000, DISCONNECT)) t.disconnect(t.rand.below(t.n, PICK_CUT));
    if (t.rand.chanceBelow(500, 1000, HEAL)) {
      const i = t.rand.below(t.n, PICK_HEAL);
      if (!t.isUp(i)) t.restart(i);
      t.connect(i);
    }
    if (t.rand.chanceBelow(200, 1000, CRASH)) {
      const i = t.rand.below(t.n, PICK_CRASH);
      if (t.isUp(i)) t.crash(i);
    }
    // Frequent enough that peers often cannot settle between changes.
    yield* sleep((ELECTION_TIMEOUT_MS * 7) / 10);
  }
}

function* churn(world: World, reliable: boolean): Proc {
  const t = new RaftTester(world, { servers: 5, reliable, snapshots: false });
  const stop = { now: false };
  const clients: Task<number[]>[] = [];
  for (let i = 0; i < 3; i++) {
    clients.push(world.scheduler.spawn(`churn client ${i}`, churnClient(t, i, stop)));
  }
  yield* churnFaults(t);
  yield* sleep(ELECTION_TIMEOUT_MS);
  t.setReliable(true);
  for (let i = 0; i < t.n; i++) {
    if (!t.isUp(i)) t.restart(i);
    t.connect(i);
  }
  stop.now = true;
  const values: number[] = [];
  for (const c of clients) values.push(...(yield* join(c)));
  yield* sleep(ELECTION_TIMEOUT_MS);
  const lastIndex = yield* t.one(t.randomValue(), t.n, true);
  const really = new Set<string>();
  for (let index = 1; index <= lastIndex; index++) {
    const v = yield* t.wait(index, t.n, -1);
    really.add(String(v));
  }
  for (const v of values) {
    if (!really.has(String(v))) {
      fail('churn', `didn't find a value: ${v} was seen committed but is not in the log`);
    }
  }
}

export const suite3CChurn: Scenario[] = [
  { id: 'ReliableChurn3C', title: 'Test (3C): churn', source: source('ReliableChurn3C'),
    run: (world) => churn(world, true) },
  { id: 'UnreliableChurn3C', title: 'Test (3C): unreliable churn',
    source: source('UnreliableChurn3C'), run: (world) => churn(world, false) },
];
