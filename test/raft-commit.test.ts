import test from 'ava';
import type { Message } from '../core/raft/types.ts';
import { proposeAndDescribe, stepAndDescribe, stepSpec } from './helpers/describe.ts';
import { aeOk, aeReject } from './helpers/messages.ts';
import { buildNode, type NodeSpec } from './helpers/raft-state.ts';

/**
 * The leader's side of replication: the commit rule (Raft §5.3, §5.4.2) and fast log backup.
 * Server 0 is leader; aeOk(term, prevIndex, matchIndex, from) and aeReject(term, prevIndex,
 * "conflictIndex/conflictTerm", from) are follower replies.
 */
const leader3: NodeSpec = { term: 2, log: [1, 2], commit: 1, role: 'leader' };
const leader5: NodeSpec = { ...leader3, n: 5 };

const commitTable: Array<[string, NodeSpec, Message[], string]> = [
  ['a current-term entry on a majority commits (and everything before it)',
    { ...leader3, commit: 0 }, [aeOk(2, 0, 2)], 'commit 2 | apply 1 2'],
  ['5 servers: one ack is not a majority', leader5, [aeOk(2, 1, 2)], '(nothing)'],
  ['5 servers: two acks are', leader5, [aeOk(2, 1, 2), aeOk(2, 1, 2, 3)], 'commit 2 | apply 2'],
  ['the same follower acking twice counts once', leader5, [aeOk(2, 1, 2), aeOk(2, 1, 2)],
    '(nothing)'],
  ['an ack from an older term is ignored', leader3, [aeOk(1, 1, 2)], '(nothing)'],
  ['a reply with a higher term deposes the leader', leader3, [aeReject(3, 2, '3/0')],
    'saved t3 vote=- | now follower t3'],
  ['3-server Figure 8: a term-1 entry on 2 of 3 is not committed by a term-3 leader',
    { term: 3, log: [1], commit: 0, role: 'leader' }, [aeOk(3, 0, 1)], '(nothing)'],
];

for (const [name, spec, ms, want] of commitTable) {
  test(`commit rule: ${name}`, (t) => {
    t.is(stepSpec(spec, ...ms), want);
  });
}

test('commit rule: Figure 8 (5 servers) — a prior-term entry commits only under one of ' +
  'the current term', (t) => {
  // Paper Figure 8 (d)/(e): S1 is leader in term 4 with (2, t2) in its log, S2 already holds it.
  const s1 = buildNode({ term: 4, n: 5, log: [1, 2], commit: 1, role: 'leader',
    matches: [0, 2, 0, 0, 0] });
  // S3 now stores index 2 as well: a majority (S1, S2, S3) holds it, yet it is from term 2.
  t.is(stepAndDescribe(s1, aeOk(4, 1, 2, 2)), '(nothing)');
  t.is(s1.status().commitIndex, 1);
  // S1 appends an entry of its own term; followers in replicate state get it at once.
  t.is(proposeAndDescribe(s1),
    'send AE->1 t4 prev=2/t2 [4] commit=1 | send AE->2 t4 prev=2/t2 [4] commit=1 | ' +
    'saved t4 vote=0 log=[1 2 4]');
  t.is(stepAndDescribe(s1, aeOk(4, 2, 3, 1)), '(nothing)');
  // Index 3 (term 4) on a majority: it commits, and index 2 with it.
  t.is(stepAndDescribe(s1, aeOk(4, 2, 3, 2)), 'commit 3 | apply 2 3');
});

/**
 * Leader in term 5 with log [1 1 2 2 4] (it holds no term-3 entry); every follower is being
 * probed at next = 6.
 */
const prober: NodeSpec = { term: 5, log: [1, 1, 2, 2, 4], role: 'leader' };

const backupTable: Array<[string, NodeSpec, Message, string]> = [
  ['follower too short: resend from its last index + 1', prober, aeReject(5, 5, '3/0'),
    'send AE->1 t5 prev=2/t1 [2 2 4] commit=0'],
  ['conflict term the leader lacks: back up to conflictIndex', prober, aeReject(5, 5, '3/3'),
    'send AE->1 t5 prev=2/t1 [2 2 4] commit=0'],
  ['conflict term the leader has: resume after its last entry of that term', prober,
    aeReject(5, 5, '3/2'), 'send AE->1 t5 prev=4/t2 [4] commit=0'],
  ['a rejection that does not answer the probe in flight is ignored', prober,
    aeReject(5, 3, '2/0'), '(nothing)'],
  ['a rejection at or below the known match is ignored', { ...prober, matches: [0, 3] },
    aeReject(5, 2, '1/0'), '(nothing)'],
];

for (const [name, spec, m, want] of backupTable) {
  test(`fast backup: ${name}`, (t) => {
    t.is(stepSpec(spec, m), want);
  });
}
