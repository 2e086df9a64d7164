import test from 'ava';
import { PersistDecodeError } from '../core/raft/codec.ts';
import { RaftNode } from '../core/raft/node.ts';
import type { Message, PersistedState } from '../core/raft/types.ts';
import { stepAndDescribe } from './helpers/describe.ts';
import { ae, rv, snap } from './helpers/messages.ts';
import { configFor, drain, snapshotData, zeroRandom } from './helpers/raft-state.ts';

/**
 * Restart (Figure 2 "persistent state"; 6.5840 3C/3D): a node rebuilt from its last save has the
 * same term, vote, log and snapshot, and applies again from snapshotIndex + 1, because
 * lastApplied and commitIndex are volatile. The saved bytes come from the Readys, as the host
 * saves them, not from a back door.
 */
function stepAll(node: RaftNode, messages: readonly Message[]): PersistedState | null {
  let saved: PersistedState | null = null;
  for (const m of messages) {
    node.step({ type: 'message', message: m });
    saved = drain(node).persist ?? saved;
  }
  return saved;
}

/** A fresh server 0 that installs a snapshot through 5, votes for 2 in term 3, follows it. */
function livedNode(): { node: RaftNode; saved: PersistedState } {
  const node = new RaftNode(configFor(0, 3), zeroRandom);
  const saved = stepAll(node, [
    snap(1, '5/1', 1),
    rv(3, '5/1', 2),
    ae(3, '5/1', [1, 3, 3], 6, 2),
  ]);
  return { node, saved: saved! };
}

test('restart: term, vote, log and snapshot come back from the saved bytes', (t) => {
  const { node, saved } = livedNode();
  t.like(node.status(), { term: 3, votedFor: 2, commitIndex: 6, lastApplied: 6 });
  const again = new RaftNode(configFor(0, 3), zeroRandom, saved);
  t.deepEqual(again.status(), {
    id: 0, role: 'follower', term: 3, votedFor: 2, leader: -1, commitIndex: 5, lastApplied: 5,
    snapshotIndex: 5, snapshotTerm: 1, lastIndex: 8, lastTerm: 3,
  });
  t.deepEqual(again.entries(6, 8), node.entries(6, 8));
  // The snapshot came back too: the restarted node's next save still carries it.
  again.step({ type: 'message', message: rv(4, '9/3', 1) });
  t.deepEqual(drain(again).persist?.snapshot, snapshotData(5));
});

test('restart: applies again from snapshotIndex + 1 once the leader says what is committed',
  (t) => {
    const again = new RaftNode(configFor(0, 3), zeroRandom, livedNode().saved);
    drain(again);
    t.is(stepAndDescribe(again, ae(3, '8/3', [], 8, 2)),
      'reply ok match=8 t3 | commit 8 | apply 6 7 8');
  });

test('restart: a restarted voter still refuses a second candidate of the same term', (t) => {
  const again = new RaftNode(configFor(0, 3), zeroRandom, livedNode().saved);
  drain(again);
  t.is(stepAndDescribe(again, rv(3, '9/3', 1)), 'reply refused t3');
});

test('restart: nothing saved means a fresh node', (t) => {
  const empty = { raftState: new Uint8Array(0), snapshot: new Uint8Array(0) };
  t.like(new RaftNode(configFor(0, 3), zeroRandom, empty).status(),
    { term: 0, votedFor: -1, lastIndex: 0, snapshotIndex: 0, commitIndex: 0 });
});

test('restart: corrupt saved bytes are refused, not trusted', (t) => {
  const bad = { raftState: new Uint8Array([0x52, 1, 0, 0]), snapshot: new Uint8Array(0) };
  t.throws(() => new RaftNode(configFor(0, 3), zeroRandom, bad),
    { instanceOf: PersistDecodeError });
});
