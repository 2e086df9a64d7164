import test from 'ava';
import { RaftNode } from '../core/raft/node.ts';
import { DEFAULT_TIMING } from '../core/raft/types.ts';
import { RaftCluster } from '../sim/raft-cluster.ts';
import { World } from '../sim/world.ts';
import { buildNode, configFor, drain, fireTimer } from './helpers/raft-state.ts';

/**
 * Timing rules of the course: at most 10 heartbeats per second (heartbeat interval >= 100 ms),
 * election timeouts well above it and randomized in [min, max].
 */
test('timing: the default heartbeat interval is at least 100 ms, below the election timeout',
  (t) => {
    t.true(DEFAULT_TIMING.heartbeatMs >= 100);
    t.true(DEFAULT_TIMING.electionTimeoutMinMs > DEFAULT_TIMING.heartbeatMs);
    t.true(DEFAULT_TIMING.electionTimeoutMaxMs >= DEFAULT_TIMING.electionTimeoutMinMs);
  });

test('timing: a config with heartbeat >= election timeout is refused', (t) => {
  const config = { ...configFor(0, 3), heartbeatMs: 300, electionTimeoutMinMs: 300 };
  t.throws(() => new RaftNode(config, { below: () => 0 }), { message: /heartbeat/ });
});

test('timing: a leader sends at most 10 heartbeats per second to each follower', (t) => {
  const leader = buildNode({ term: 1, log: [1], role: 'leader' });
  let now = 0;
  let toPeer1 = 0;
  let afterMs: number = DEFAULT_TIMING.heartbeatMs;
  while (now + afterMs <= 1000) {
    now += afterMs;
    fireTimer(leader);
    const r = drain(leader);
    toPeer1 += r.messages.filter((m) => m.type === 'AppendEntries' && m.to === 1).length;
    t.not(r.timer, null);
    afterMs = r.timer!.afterMs;
    t.true(afterMs >= 100, `re-armed after ${afterMs} ms`);
  }
  t.true(toPeer1 >= 1 && toPeer1 <= 10, `${toPeer1} heartbeats in 1 s`);
});

test('timing: election timeouts are drawn in [min, max] on every reset', (t) => {
  const draws: number[] = [];
  for (const pick of [() => 0, (n: number) => n - 1, (n: number) => n >> 1]) {
    const node = new RaftNode(configFor(0, 3), { below: pick });
    draws.push(node.ready().timer!.afterMs);
  }
  const { electionTimeoutMinMs: min, electionTimeoutMaxMs: max } = DEFAULT_TIMING;
  t.deepEqual(draws, [min, max, min + ((max - min + 1) >> 1)]);
});

test('timing: an idle 3-server cluster sends at most 10 AppendEntries per second per peer',
  (t) => {
    const world = new World(1, null);
    const cluster = new RaftCluster(world, 3, () => ({ start() {}, apply() {} }));
    cluster.startAll();
    while (world.queue.runNext(5000)); // elect a leader
    const leaders = cluster.hosts.filter((h) => h.node!.status().role === 'leader');
    t.is(leaders.length, 1);
    const term = leaders[0]!.node!.status().term;
    const rpcs0 = world.network.totalRpcs;
    while (world.queue.runNext(15_000)); // the window (5 s, 15 s]: 10 s of virtual time
    t.is(leaders[0]!.node!.status().term, term, 'no election while the leader is healthy');
    const rpcs = world.network.totalRpcs - rpcs0;
    t.true(rpcs > 0 && rpcs <= 10 * 2 * 10, `${rpcs} RPCs in 10 s to 2 peers`);
  });
