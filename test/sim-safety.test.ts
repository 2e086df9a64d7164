import test from 'ava';
import { RaftCluster } from '../sim/raft-cluster.ts';
import type { RaftHost } from '../sim/raft-host.ts';
import { SafetyViolation } from '../sim/safety.ts';
import { World } from '../sim/world.ts';
import { entry } from './helpers/raft-state.ts';

/**
 * The SafetyMonitor (sim/safety.ts) sees a violation as soon as the Ready that causes it is
 * carried out. Each test runs a healthy 3-server cluster that has committed a few commands, then
 * forces one node into a bad state by hand, as a bug would, and lets the host process it.
 */
function healthyCluster(): { world: World; cluster: RaftCluster; leader: RaftHost } {
  const world = new World(1, null);
  const cluster = new RaftCluster(world, 3, () => ({ start() {}, apply() {} }));
  cluster.startAll();
  while (world.queue.runNext(2000));
  const leader = cluster.hosts.find((h) => h.node?.role === 'leader')!;
  for (const v of [1, 2, 3]) leader.propose(new Uint8Array([v]));
  while (world.queue.runNext(3000));
  return { world, cluster, leader };
}

const follower = (c: RaftCluster, leader: RaftHost): RaftHost => c.hosts.find((h) => h !== leader)!;

test('monitor: the setup commits 3 entries on every server', (t) => {
  const { cluster } = healthyCluster();
  t.deepEqual(cluster.hosts.map((h) => h.node!.commitIndex), [3, 3, 3]);
});

test('monitor: a second leader in the same term is an Election Safety violation', (t) => {
  const { cluster, leader } = healthyCluster();
  const node = follower(cluster, leader).node!;
  node.role = 'candidate';
  node.votes = new Set(node.config.peers);
  node.becomeLeader();
  const e = t.throws(() => follower(cluster, leader).process(), { instanceOf: SafetyViolation });
  t.is(e?.invariant, 'Election Safety');
});

test('monitor: a log write with a different command at a known (index, term) breaks Log ' +
  'Matching', (t) => {
  const { cluster, leader } = healthyCluster();
  const host = follower(cluster, leader);
  const node = host.node!;
  const forged = { term: node.log.termAt(3)!, command: new Uint8Array([99]) };
  node.log.truncateAndAppend(3, [forged]);
  node.noteWrite(3, [forged]);
  node.markDirty();
  const e = t.throws(() => host.process(), { instanceOf: SafetyViolation });
  t.is(e?.invariant, 'Log Matching');
});

// A follower that replaces a committed entry by one of another term is flagged when it writes
// it (found with accept-stale-term-appendentries minus the core's own assert: before the fix,
// only a later election or crash could notice).
test('monitor: overwriting a committed entry is a violation when it is written', (t) => {
  const { cluster, leader } = healthyCluster();
  const host = follower(cluster, leader);
  const node = host.node!;
  const other = entry(3, node.log.termAt(3)! + 1); // a term nobody wrote at index 3 yet
  node.log.truncateAndAppend(3, [other]);
  node.noteWrite(3, [other]);
  node.markDirty();
  t.throws(() => host.process(), { instanceOf: SafetyViolation });
});
