import test from 'ava';
import { encodeHardState } from '../core/raft/codec.ts';
import { RaftCluster } from '../sim/raft-cluster.ts';
import type { RaftHost } from '../sim/raft-host.ts';
import { SafetyViolation } from '../sim/safety.ts';
import { World } from '../sim/world.ts';
import { open, openNodes } from './helpers/open-node.ts';
import { entry } from './helpers/raft-state.ts';

/**
 * The variable-level invariants (sim/safety-vars.ts). As in test/sim-safety.test.ts: a healthy
 * 3-server cluster commits a few commands, then one node is forced into the state a bug would
 * leave it in, and the monitor must name the invariant at that node's next Ready.
 */
function healthy(): { world: World; cluster: RaftCluster; leader: RaftHost; follower: RaftHost } {
  const world = new World(1, null);
  openNodes(world);
  const cluster = new RaftCluster(world, 3, () => ({ start() {}, apply() {} }));
  cluster.startAll();
  while (world.queue.runNext(2000));
  const leader = cluster.hosts.find((h) => h.node?.status().role === 'leader')!;
  for (const v of [1, 2, 3]) leader.propose(new Uint8Array([v]));
  while (world.queue.runNext(3000));
  const follower = cluster.hosts.find((h) => h !== leader)!;
  return { world, cluster, leader, follower };
}

function violation(t: import('ava').ExecutionContext, run: () => void): string | undefined {
  return t.throws(run, { instanceOf: SafetyViolation })?.invariant;
}

test('a healthy cluster, with crashes and restarts, breaks none of them', (t) => {
  const { world, cluster, leader } = healthy();
  cluster.shutdown(leader.id);
  while (world.queue.runNext(5000));
  cluster.startServer(leader.id);
  cluster.connect(leader.id);
  while (world.queue.runNext(8000));
  t.is(cluster.hosts.filter((h) => h.node?.status().role === 'leader').length, 1);
});

test('Term Monotonicity: a server restarted from an older save goes back in term', (t) => {
  const { follower } = healthy();
  const s = follower.persister.read().hard!;
  follower.crash();
  // By name: a node's save has its entries behind a getter, which a spread does not copy.
  const older = { term: s.term - 1, votedFor: s.votedFor, snapshotIndex: s.snapshotIndex,
    snapshotTerm: s.snapshotTerm, entries: s.entries };
  follower.persister.save({ raftState: encodeHardState(older), snapshot: new Uint8Array(0) });
  t.is(violation(t, () => follower.start()), 'Term Monotonicity');
});

test('Commit Monotonicity: a node lowers its commit index', (t) => {
  const { follower } = healthy();
  open(follower).commitIndex = 1;
  open(follower).lastApplied = 1;
  open(follower).markDirty();
  t.is(violation(t, () => follower.process()), 'Commit Monotonicity');
});

test('Match Monotonicity: a leader lowers a follower\'s match index', (t) => {
  const { leader, follower } = healthy();
  open(leader).progress.get(follower.id)!.match = 1;
  open(leader).markDirty();
  t.is(violation(t, () => leader.process()), 'Match Monotonicity');
});

test('Match Prefix: a follower cuts off an entry the leader counts as matched', (t) => {
  const { world, leader, follower } = healthy();
  leader.propose(new Uint8Array([4]));
  while (world.queue.runNext(world.now));
  t.is(leader.node!.matchIndexOf!(follower.id), 4);
  const node = open(follower);
  t.is(node.commitIndex, 3, 'not committed there yet: cutting it breaks no other rule');
  node.log.truncateAndAppend(4, []);
  node.noteWrite(4, []);
  node.markDirty();
  t.is(violation(t, () => follower.process()), 'Match Prefix');
});

test('Leader Quorum: a leader of a new term that no one voted for', (t) => {
  const { follower } = healthy();
  const node = open(follower);
  node.term += 1;
  node.votedFor = follower.id;
  node.role = 'candidate';
  node.votes = [...node.config.peers];
  node.becomeLeader();
  node.markDirty();
  t.is(violation(t, () => follower.process()), 'Leader Quorum');
});

test('Persist Before Send: a message carries a term the sender has not saved', (t) => {
  const { follower, leader } = healthy();
  const node = open(follower);
  node.term += 1;
  node.send({ type: 'RequestVoteReply', from: follower.id, to: leader.id, term: node.term,
    granted: false });
  t.is(violation(t, () => follower.process()), 'Persist Before Send');
});

test('Persist Before Send: a granted vote the voter has not saved', (t) => {
  const { cluster, follower, leader } = healthy();
  const node = open(follower);
  const other = cluster.hosts.find((h) => h !== leader && h !== follower)!;
  t.is(node.votedFor, leader.id, 'its saved vote in this term is the leader\'s');
  node.send({ type: 'RequestVoteReply', from: follower.id, to: other.id, term: node.term,
    granted: true });
  t.is(violation(t, () => follower.process()), 'Persist Before Send');
});

test('Term Adoption: a node that handled a message of a higher term stays in its own', (t) => {
  const { world, follower, leader } = healthy();
  const m = { type: 'AppendEntriesReply', from: leader.id, to: follower.id,
    term: open(follower).term + 1, success: false, prevLogIndex: 0, matchIndex: 0,
    conflictIndex: 0, conflictTerm: 0 } as const;
  t.is(violation(t, () => world.safety.stepped(follower, m)), 'Term Adoption');
  world.safety.variables = false;
  t.notThrows(() => world.safety.stepped(follower, m), 'off when the scenario turns them off');
});

test('Current Term Commit: a re-elected leader commits an entry of its earlier term', (t) => {
  const { world, leader } = healthy();
  const node = open(leader);
  const old = node.term;
  // Set up, unseen by the variable checks: the leader now leads term old + 1 and holds an
  // uncommitted entry of term old at index 4 (Figure 8's S1 in term 4).
  world.safety.variables = false;
  node.term = old + 1;
  node.votedFor = leader.id;
  const i = node.log.append({ term: old, command: new Uint8Array([5]) });
  node.noteWrite(i, [node.log.entryAt(i)]);
  node.markDirty();
  leader.process();
  world.safety.variables = true;
  node.advanceCommit(i);
  node.markDirty();
  t.is(violation(t, () => leader.process()), 'Current Term Commit');
});

test('Vote Rule: a grant to a candidate whose RequestVote showed a log behind the voter\'s',
  (t) => {
    const { cluster, leader, follower } = healthy();
    const cand = cluster.hosts.find((h) => h !== leader && h !== follower)!;
    cluster.disconnect(follower.id);
    const c = open(cand);
    c.term += 1;
    c.votedFor = cand.id;
    c.role = 'candidate';
    c.leader = -1;
    c.markDirty();
    c.send({ type: 'RequestVote', from: cand.id, to: follower.id, term: c.term,
      lastLogIndex: 0, lastLogTerm: 0 });
    cand.process();
    const v = open(follower);
    v.term = c.term;
    v.votedFor = cand.id;
    v.leader = -1;
    v.markDirty();
    v.send({ type: 'RequestVoteReply', from: follower.id, to: cand.id, term: v.term,
      granted: true });
    t.is(violation(t, () => follower.process()), 'Vote Rule');
  });

test('Known Leader: a follower that names a server that never led its term', (t) => {
  const { leader, follower } = healthy();
  const node = open(follower);
  node.leader = node.config.peers.find((p) => p !== leader.id && p !== follower.id)!;
  node.markDirty();
  t.is(violation(t, () => follower.process()), 'Known Leader');
});
