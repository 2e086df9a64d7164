import test from 'ava';
import type { Message } from '../core/raft/types.ts';
import {
  proposeAndDescribe, stepAndDescribe, stepSpec, timeoutAndDescribe,
} from './helpers/describe.ts';
import { ae, aeOk, aeReject, snap, snapReply } from './helpers/messages.ts';
import { buildNode, type NodeSpec } from './helpers/raft-state.ts';

/**
 * InstallSnapshot (Raft §7, Figure 13), receiver and sender. snap(term, "lastIncludedIndex/
 * lastIncludedTerm") comes from leader 1; the reply `have=N` tells the leader the follower holds
 * everything through N.
 */
const follower: NodeSpec = { term: 2, log: [1, 1, 2, 2], commit: 2 };

const receiverTable: Array<[string, NodeSpec, Message, string]> = [
  ['beyond our log: install, discard the log, hand the snapshot to the service', follower,
    snap(2, '6/2'), 'reply have=6 t2 | saved t2 vote=- log=[snap 6/t2|] | commit 6 | apply snap 6'],
  ['matching entry at lastIncludedIndex: keep the suffix after it', follower, snap(2, '3/2'),
    'reply have=3 t2 | saved t2 vote=- log=[snap 3/t2|2] | commit 3 | apply snap 3'],
  ['conflicting entry at lastIncludedIndex: discard the whole log', follower, snap(3, '3/3'),
    'reply have=3 t3 | saved t3 vote=- log=[snap 3/t3|] | now follower t3 | commit 3 | ' +
    'apply snap 3'],
  ['stale: at our commit index, ignored (but acknowledged)', follower, snap(2, '2/1'),
    'reply have=2 t2'],
  ['stale: below our commit index, ignored (but acknowledged)', follower, snap(2, '1/1'),
    'reply have=1 t2'],
  ['stale: at or below our own snapshot, ignored',
    { term: 2, snapshot: { index: 5, term: 2 }, log: [2] }, snap(2, '4/2'), 'reply have=4 t2'],
  ['stale term: rejected', follower, snap(1, '6/1'), 'reply have=0 t2'],
];

for (const [name, spec, m, want] of receiverTable) {
  test(`InstallSnapshot: ${name}`, (t) => {
    t.is(stepSpec(spec, m), want);
  });
}

test('InstallSnapshot: commands committed before the snapshot are applied before it', (t) => {
  const node = buildNode(follower);
  // A heartbeat says 4 is committed; no ready() follows before the snapshot arrives.
  node.step({ type: 'message', message: ae(2, '4/2', [], 4) });
  t.is(stepAndDescribe(node, snap(2, '6/2')), 'reply ok match=4 t2 | reply have=6 t2 | ' +
    'saved t2 vote=- log=[snap 6/t2|] | commit 6 | apply 3 4 snap 6');
});

test('leader: a follower behind the snapshot gets InstallSnapshot, then entries', (t) => {
  // Leader in term 2 with a snapshot through 5 (term 1) and entry 6 of its own term.
  const leader = buildNode({ term: 2, snapshot: { index: 5, term: 1 }, log: [2], role: 'leader' });
  // Follower 1 answers the probe at 5: its log ends at 2, and what it needs is compacted away.
  t.is(stepAndDescribe(leader, aeReject(2, 5, '3/0')), 'send snap->1 t2 last=5/t1');
  // Its reply lets the leader advance to the entries after the snapshot.
  t.is(stepAndDescribe(leader, snapReply(2, 5)), 'send AE->1 t2 prev=5/t1 [2] commit=5');
  t.is(stepAndDescribe(leader, aeOk(2, 5, 6)), 'commit 6 | apply 6');
});

test('leader: a snapshot reply from an older term is ignored', (t) => {
  t.is(stepSpec({ term: 2, snapshot: { index: 5, term: 1 }, log: [2], role: 'leader' },
    snapReply(1, 5)), '(nothing)');
});

test('leader: only the heartbeat resends InstallSnapshot to a follower that did not answer',
  (t) => {
    const leader = buildNode({ term: 2, snapshot: { index: 5, term: 1 }, log: [2],
      role: 'leader' });
    t.is(stepAndDescribe(leader, aeReject(2, 5, '1/0')), 'send snap->1 t2 last=5/t1');
    // Both followers are waiting (1 on its snapshot, 2 on its first probe): a proposal only saves.
    t.is(proposeAndDescribe(leader), 'saved t2 vote=0 log=[snap 5/t1|2 2]');
    t.is(timeoutAndDescribe(leader),
      'send snap->1 t2 last=5/t1 | send AE->2 t2 prev=5/t1 [2 2] commit=5');
  });
