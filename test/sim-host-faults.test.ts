import test from 'ava';
import type { ApplyMsg } from '../core/raft/types.ts';
import { RaftCluster } from '../sim/raft-cluster.ts';
import type { RaftHost } from '../sim/raft-host.ts';
import { World } from '../sim/world.ts';

/**
 * Server faults of the fault model (sim/raft-host.ts): a pause, and a crash between the effects
 * of one Ready (after the save, before the sends; after the sends, before the applies).
 */
function cluster(seed = 1): { world: World; c: RaftCluster; applied: ApplyMsg[][] } {
  const world = new World(seed, null);
  const applied: ApplyMsg[][] = [[], [], []];
  const c = new RaftCluster(world, 3,
    (h) => ({ start() {}, apply(m) { applied[h.id]!.push(m); } }));
  c.startAll();
  while (world.queue.runNext(2000));
  return { world, c, applied };
}

const leaderOf = (c: RaftCluster): RaftHost =>
  c.hosts.find((h) => h.node?.status().role === 'leader')!;

function runFor(world: World, ms: number): void {
  const until = world.now + ms;
  while (world.queue.runNext(until));
}

test('pause: a paused leader neither times out nor hears anything; on resume it handles the ' +
  'backlog in order and learns it was deposed', (t) => {
  const { world, c } = cluster();
  const l = leaderOf(c);
  const term = l.node!.status().term;
  l.pause();
  t.true(l.paused);
  runFor(world, 3000);
  t.is(l.node!.status().role, 'leader', 'nothing ran on the paused server');
  t.is(l.node!.status().term, term);
  const other = c.hosts.find((h) => h !== l && h.node?.status().role === 'leader');
  t.truthy(other, 'the others elected a new leader');
  l.resume();
  runFor(world, 500);
  t.false(l.paused);
  t.is(l.node!.status().role, 'follower');
  t.true(l.node!.status().term > term);
});

test('crash point after-save: the state is saved, the messages of that Ready never leave', (t) => {
  const { world, c } = cluster();
  const l = leaderOf(c);
  const f = c.hosts.find((h) => h !== l)!;
  let crashed = false;
  f.armCrash('after-save', () => { crashed = true; });
  const saves = f.persister.saves;
  l.propose(new Uint8Array([7]));
  runFor(world, 50);
  t.true(crashed);
  t.false(f.up);
  t.is(f.persister.saves, saves + 1, 'the append was saved');
  const s = f.persister.read().hard!;
  t.is(s.entries.at(-1)?.command[0], 7);
  t.is(l.node!.matchIndexOf!(f.id)! < l.node!.status().lastIndex, true,
    'the follower never acknowledged it');
});

test('crash point after-send: the Ready\'s messages leave, its committed entries are not ' +
  'applied', (t) => {
  const { world, c, applied } = cluster();
  const l = leaderOf(c);
  const f = c.hosts.find((h) => h !== l)!;
  let crashed = false;
  f.armCrash('after-send', () => { crashed = true; });
  l.propose(new Uint8Array([9]));
  runFor(world, 500);
  t.true(crashed);
  t.false(f.up);
  const has9 = (id: number): boolean =>
    applied[id]!.some((m) => m.type === 'command' && m.command[0] === 9);
  t.true(has9(l.id), 'the leader committed and applied it');
  t.false(has9(f.id), 'the follower learnt the commit, and crashed before applying it');
});

test('a crash disarms a crash point and ends a pause', (t) => {
  const { c } = cluster();
  const h = c.hosts[0]!;
  h.armCrash('after-save', () => {});
  h.pause();
  h.crash();
  t.false(h.crashArmed);
  t.false(h.paused);
  h.start();
  t.true(h.up);
});
