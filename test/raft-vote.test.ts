import test from 'ava';
import { decodeHardState } from '../core/raft/codec.ts';
import type { Message } from '../core/raft/types.ts';
import { stepSpec, timeoutAndDescribe } from './helpers/describe.ts';
import { rv, rvReply } from './helpers/messages.ts';
import { buildNode, drain, type NodeSpec } from './helpers/raft-state.ts';

/**
 * RequestVote (Raft Figure 2 and §5.4.1), etcd-style tables: server 0 of 3 in a given state
 * steps one message; the row states what it replies, saves and becomes. rv(term, "lastIndex/
 * lastTerm", from) is a RequestVote from candidate `from` (default 1).
 */
const voter: NodeSpec = { term: 2, log: [1, 2] }; // last entry 2/t2

const requestVoteTable: Array<[string, NodeSpec, Message, string]> = [
  ['stale term: refused, no state change', voter, rv(1, '5/2'), 'reply refused t2'],
  ['same term, equal log: granted, vote saved', voter, rv(2, '2/2'),
    'reply granted t2 | saved t2 vote=1'],
  ['higher term: adopt it and grant', voter, rv(3, '2/2'),
    'reply granted t3 | saved t3 vote=1 | now follower t3'],
  ['up to date: higher last term beats a longer log', voter, rv(3, '1/3'),
    'reply granted t3 | saved t3 vote=1 | now follower t3'],
  ['up to date: same last term, longer log', voter, rv(3, '3/2'),
    'reply granted t3 | saved t3 vote=1 | now follower t3'],
  ['behind: same last term, shorter log (term still adopted)', voter, rv(3, '1/2'),
    'reply refused t3 | saved t3 vote=- | now follower t3'],
  ['behind: lower last term, longer log', voter, rv(3, '9/1'),
    'reply refused t3 | saved t3 vote=- | now follower t3'],
  ['already voted for another in this term', { ...voter, votedFor: 2 }, rv(2, '2/2'),
    'reply refused t2'],
  ['already voted for the same candidate (retry): granted again, nothing new to save',
    { ...voter, votedFor: 1 }, rv(2, '2/2'), 'reply granted t2'],
  ['voted for another in an older term: a new term frees the vote', { ...voter, votedFor: 2 },
    rv(3, '2/2'), 'reply granted t3 | saved t3 vote=1 | now follower t3'],
  ['candidate refuses a rival of its own term', { ...voter, term: 3, role: 'candidate' },
    rv(3, '2/2'), 'reply refused t3'],
  ['leader refuses a candidate of its own term', { ...voter, role: 'leader' }, rv(2, '9/2'),
    'reply refused t2'],
  ['leader steps down for a higher term and grants', { ...voter, role: 'leader' }, rv(3, '2/2'),
    'reply granted t3 | saved t3 vote=1 | now follower t3'],
];

for (const [name, spec, m, want] of requestVoteTable) {
  test(`RequestVote: ${name}`, (t) => {
    t.is(stepSpec(spec, m), want);
  });
}

test('RequestVote: the vote is saved in the same Ready that carries the grant', (t) => {
  const node = buildNode(voter);
  node.step({ type: 'message', message: rv(2, '2/2') });
  const r = drain(node);
  t.deepEqual(r.messages.map((m) => m.type === 'RequestVoteReply' && m.granted), [true]);
  t.not(r.persist, null);
  t.is(decodeHardState(r.persist!.raftState).votedFor, 1);
});

/** Votes arriving at a candidate: server 0 of 3 or 5, candidate in term 2. */
const candidate3: NodeSpec = { term: 2, log: [1], role: 'candidate' };
const candidate5: NodeSpec = { ...candidate3, n: 5 };

const voteReplyTable: Array<[string, NodeSpec, Message[], string]> = [
  ['3 servers: one grant is a majority; heartbeats go out', candidate3, [rvReply(2, true)],
    'send AE->1 t2 prev=1/t1 [] commit=0 | send AE->2 t2 prev=1/t1 [] commit=0 | now leader t2'],
  ['refusal counts nothing', candidate3, [rvReply(2, false)], '(nothing)'],
  ['stale-term grant counts nothing', candidate3, [rvReply(1, true)], '(nothing)'],
  ['5 servers: one grant is not a majority', candidate5, [rvReply(2, true)], '(nothing)'],
  ['5 servers: the same voter twice still counts once', candidate5,
    [rvReply(2, true), rvReply(2, true)], '(nothing)'],
  ['5 servers: two distinct grants win', candidate5, [rvReply(2, true), rvReply(2, true, 3)],
    'send AE->1 t2 prev=1/t1 [] commit=0 | send AE->2 t2 prev=1/t1 [] commit=0 | ' +
    'send AE->3 t2 prev=1/t1 [] commit=0 | send AE->4 t2 prev=1/t1 [] commit=0 | now leader t2'],
  ['higher-term refusal: step down', candidate3, [rvReply(3, false)],
    'saved t3 vote=- | now follower t3'],
];

for (const [name, spec, ms, want] of voteReplyTable) {
  test(`RequestVoteReply: ${name}`, (t) => {
    t.is(stepSpec(spec, ...ms), want);
  });
}

test('election timeout: a follower becomes candidate, votes for itself, saves, asks all', (t) => {
  const node = buildNode({ term: 2, log: [1, 2] });
  t.is(timeoutAndDescribe(node),
    'send RV->1 t3 last=2/t2 | send RV->2 t3 last=2/t2 | saved t3 vote=0 | now candidate t3');
});

test('election timeout: a single-server cluster elects itself at once', (t) => {
  const node = buildNode({ term: 0, n: 1 });
  t.is(timeoutAndDescribe(node), 'saved t1 vote=0 | now leader t1');
});
