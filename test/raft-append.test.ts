import test from 'ava';
import { AssertionError } from '../core/assert.ts';
import type { Message } from '../core/raft/types.ts';
import { stepAndDescribe, stepSpec } from './helpers/describe.ts';
import { ae, snap } from './helpers/messages.ts';
import { buildNode, type NodeSpec } from './helpers/raft-state.ts';

/**
 * AppendEntries receiver (Raft Figure 2, with the 6.824 fast-backup hint), as tables: server 0
 * steps ae(term, "prevIndex/prevTerm", [entry terms], leaderCommit) from leader 1.
 * Reply hints read `hint=conflictIndex/t<conflictTerm>`; t0 means "my log is too short".
 */
const follower: NodeSpec = { term: 2, log: [1, 1, 2, 2], commit: 1 };

const table: Array<[string, NodeSpec, Message, string]> = [
  ['stale term: rejected without a hint, nothing changes', follower, ae(1, '4/2', [], 0),
    'reply reject hint=0/t0 t2'],
  ['hit: heartbeat at our last entry', follower, ae(2, '4/2', [], 1), 'reply ok match=4 t2'],
  ['hit: new entries are appended and saved before the ack', follower, ae(2, '4/2', [2, 2], 1),
    'reply ok match=6 t2 | saved t2 vote=- log=[1 1 2 2 2 2]'],
  ['miss: our log is too short; hint our last index + 1', follower, ae(2, '6/2', [2], 1),
    'reply reject hint=5/t0 t2'],
  ['miss: term differs at prev; hint the first index of our term there', follower,
    ae(3, '4/3', [3], 1), 'reply reject hint=3/t2 t3 | saved t3 vote=- | now follower t3'],
  ['miss: the hint stops at the start of the term run', follower, ae(3, '2/3', [], 1),
    'reply reject hint=1/t1 t3 | saved t3 vote=- | now follower t3'],
  ['real conflict: truncate from the first conflicting entry', follower, ae(3, '2/1', [3], 1),
    'reply ok match=3 t3 | saved t3 vote=- log=[1 1 3] | now follower t3'],
  ['older AppendEntries (a prefix we hold): no truncation, nothing saved', follower,
    ae(2, '1/1', [1, 2], 1), 'reply ok match=3 t2'],
  ['duplicate of what we hold: no change', follower, ae(2, '0/0', [1, 1, 2, 2], 1),
    'reply ok match=4 t2'],
  ['partly new: only the new suffix is written', follower, ae(2, '2/1', [2, 2, 2], 1),
    'reply ok match=5 t2 | saved t2 vote=- log=[1 1 2 2 2]'],
  ['leaderCommit is capped by the last new entry', follower, ae(2, '2/1', [2], 4),
    'reply ok match=3 t2 | commit 3 | apply 2 3'],
  ['leaderCommit below ours: the commit index never goes back', { ...follower, commit: 3 },
    ae(2, '4/2', [], 1), 'reply ok match=4 t2'],
  ['a candidate of the same term follows the leader', { ...follower, term: 3, role: 'candidate' },
    ae(3, '4/2', [], 1), 'reply ok match=4 t3 | now follower t3'],
  ['prev inside our snapshot: skip the covered entries, keep our matching suffix',
    { term: 2, snapshot: { index: 3, term: 2 }, log: [2], commit: 3 },
    ae(2, '1/1', [1, 2, 2, 2], 3), 'reply ok match=5 t2 | saved t2 vote=- log=[snap 3/t2|2 2]'],
  ['entries all inside our snapshot: ack what the snapshot covers',
    { term: 2, snapshot: { index: 5, term: 2 }, commit: 5 }, ae(2, '1/1', [1, 2], 5),
    'reply ok match=3 t2'],
];

for (const [name, spec, m, want] of table) {
  test(`AppendEntries: ${name}`, (t) => {
    t.is(stepSpec(spec, m), want);
  });
}

test('AppendEntries: a delayed older message arriving after a newer one truncates nothing',
  (t) => {
    const node = buildNode({ term: 1, log: [] });
    const newer = ae(1, '0/0', [1, 1, 1], 0);
    const older = ae(1, '0/0', [1], 0);
    t.is(stepAndDescribe(node, newer), 'reply ok match=3 t1 | saved t1 vote=- log=[1 1 1]');
    t.is(stepAndDescribe(node, older), 'reply ok match=1 t1');
    t.is(stepAndDescribe(node, ae(1, '3/1', [], 3)),
      'reply ok match=3 t1 | commit 3 | apply 1 2 3');
  });

// Election Safety, asserted inside the node: a leader that hears from another leader of its own
// term has met a second leader. The assertion runs before the node steps down, so it can fire.
test('AppendEntries: a leader meeting another leader of its own term is an assertion', (t) => {
  const leader = buildNode({ term: 2, log: [1], role: 'leader' });
  t.throws(() => leader.step({ type: 'message', message: ae(2, '1/1', [], 0) }),
    { instanceOf: AssertionError, message: /two leaders in one term/ });
});

test('InstallSnapshot: a leader meeting another leader of its own term is an assertion', (t) => {
  const leader = buildNode({ term: 2, log: [1], role: 'leader' });
  t.throws(() => leader.step({ type: 'message', message: snap(2, '1/1') }),
    { instanceOf: AssertionError, message: /two leaders in one term/ });
});

test('AppendEntries: a leader of a newer term deposes a leader (no assertion)', (t) => {
  const leader = buildNode({ term: 2, log: [1], role: 'leader' });
  t.is(stepAndDescribe(leader, ae(3, '1/1', [], 0)),
    'reply ok match=1 t3 | saved t3 vote=- | now follower t3');
});
