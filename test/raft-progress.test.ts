import test from 'ava';
import { Progress, type ProgressState } from '../core/raft/progress.ts';
import { proposeAndDescribe, stepAndDescribe } from './helpers/describe.ts';
import { aeOk, aeReject, snapReply } from './helpers/messages.ts';
import { buildNode } from './helpers/raft-state.ts';

/**
 * The leader's view of a follower (core/raft/progress.ts) and its stale-reply rules, as tables
 * like etcd's tracker/progress_test.go. Replies arrive reordered and late: a stale one must
 * change nothing.
 */
interface Shape {
  readonly state: ProgressState;
  readonly match: number;
  readonly next: number;
  readonly paused?: boolean;
}

function progress(s: Shape): Progress {
  const p = new Progress(s.next);
  p.match = s.match;
  p.state = s.state;
  p.paused = s.paused ?? s.state !== 'replicate';
  return p;
}

function shape(p: Progress): Required<Shape> {
  return { state: p.state, match: p.match, next: p.next, paused: p.paused };
}

// etcd's TestProgressUpdate: match 3, next 5.
const updateTable: Array<[number, boolean, number, number]> = [
  // index, fresh, match, next
  [2, false, 3, 5], // never decrease match or next
  [3, false, 3, 5], // old news: the same match
  [4, true, 4, 5], // increase match, keep next
  [5, true, 5, 6], // increase match and next (match < next)
];

for (const [index, fresh, match, next] of updateTable) {
  test(`maybeUpdate(${index}) at match 3, next 5: ${fresh ? 'fresh' : 'stale'}`, (t) => {
    const p = progress({ state: 'replicate', match: 3, next: 5 });
    t.is(p.maybeUpdate(index), fresh);
    t.deepEqual([p.match, p.next], [match, next]);
  });
}

// etcd's TestProgressMaybeDecr, plus our fast-backup hint and the snapshot state.
const decrTable: Array<[string, Shape, number, number, boolean, number]> = [
  // name, before, rejected, hint, genuine, next after
  ['replicate: rejected at match is stale', { state: 'replicate', match: 5, next: 10 }, 5, 5,
    false, 10],
  ['replicate: rejected below match is stale', { state: 'replicate', match: 5, next: 10 }, 4, 4,
    false, 10],
  ['replicate: above match, back up to the hint', { state: 'replicate', match: 5, next: 10 }, 9,
    7, true, 7],
  ['replicate: never to match or below', { state: 'replicate', match: 5, next: 10 }, 9, 2,
    true, 6],
  ['probe: not the probe in flight is stale', { state: 'probe', match: 0, next: 10 }, 5, 5,
    false, 10],
  ['probe: the probe in flight, back up by one', { state: 'probe', match: 0, next: 10 }, 9, 9,
    true, 9],
  ['probe: down to 1', { state: 'probe', match: 0, next: 2 }, 1, 1, true, 1],
  ['probe: a hint skips a whole term', { state: 'probe', match: 0, next: 10 }, 9, 3, true, 3],
  ['probe: never beyond the rejected index', { state: 'probe', match: 0, next: 10 }, 9, 12,
    true, 9],
  ['snapshot pending: a rejection answers an older message', { state: 'snapshot', match: 0,
    next: 5 }, 4, 1, false, 5],
];

for (const [name, before, rejected, hint, genuine, next] of decrTable) {
  test(`maybeDecrTo: ${name}`, (t) => {
    const p = progress(before);
    t.is(p.maybeDecrTo(rejected, hint), genuine);
    const probing = { state: 'probe', match: before.match, next, paused: false };
    t.deepEqual(shape(p), genuine ? probing : shape(progress(before)));
  });
}

/** Acknowledgements; the leader's log starts after its snapshot at 10. */
const ackTable: Array<[string, Shape, number, boolean, Required<Shape>]> = [
  ['probe: a new match moves to replicate', { state: 'probe', match: 3, next: 5 }, 4, true,
    { state: 'replicate', match: 4, next: 5, paused: false }],
  ['probe: the probe in flight found the match it knew', { state: 'probe', match: 3, next: 4 },
    3, true, { state: 'replicate', match: 3, next: 4, paused: false }],
  ['probe: an older ack is stale, still paused', { state: 'probe', match: 3, next: 5 }, 2, false,
    { state: 'probe', match: 3, next: 5, paused: true }],
  ['replicate: the same match again is stale', { state: 'replicate', match: 3, next: 8 }, 3,
    false, { state: 'replicate', match: 3, next: 8, paused: false }],
  ['replicate: a new match, next stays ahead', { state: 'replicate', match: 3, next: 8 }, 6, true,
    { state: 'replicate', match: 6, next: 8, paused: false }],
  ['snapshot: an older ack is stale, still waiting', { state: 'snapshot', match: 2, next: 3 }, 2,
    false, { state: 'snapshot', match: 2, next: 3, paused: true }],
  ['snapshot: a reordered ack below the snapshot raises match, still waiting',
    { state: 'snapshot', match: 2, next: 3 }, 5, true,
    { state: 'snapshot', match: 5, next: 6, paused: true }],
  ['snapshot: holding the snapshot index resumes replication',
    { state: 'snapshot', match: 2, next: 3 }, 10, true,
    { state: 'replicate', match: 10, next: 11, paused: false }],
  ['snapshot: beyond it too', { state: 'snapshot', match: 2, next: 3 }, 12, true,
    { state: 'replicate', match: 12, next: 13, paused: false }],
];

for (const [name, before, index, fresh, after] of ackTable) {
  test(`maybeAck: ${name}`, (t) => {
    const p = progress(before);
    t.is(p.maybeAck(index, 10), fresh);
    t.deepEqual(shape(p), after);
  });
}

// The bug the stale-reply rules fix: a reordered old acknowledgement un-paused a follower that
// waits for a snapshot, and the leader sent it a second full snapshot at once.
test('leader: an old acknowledgement arriving during a snapshot sends no second snapshot',
  (t) => {
    const leader = buildNode({ term: 2, snapshot: { index: 5, term: 1 }, log: [2],
      role: 'leader' });
    t.is(stepAndDescribe(leader, aeReject(2, 5, '3/0')), 'send snap->1 t2 last=5/t1');
    // The answer to an AppendEntries sent before the snapshot: follower 1 held through 2.
    t.is(stepAndDescribe(leader, aeOk(2, 0, 2)), '(nothing)');
    t.is(stepAndDescribe(leader, aeReject(2, 2, '3/0')), '(nothing)');
    // Follower 1 is still waiting: a proposal reaches neither follower (2 is being probed).
    t.is(proposeAndDescribe(leader), 'saved t2 vote=0 log=[snap 5/t1|2 2]');
    // The snapshot's own reply resumes replication with the entries after it.
    t.is(stepAndDescribe(leader, snapReply(2, 5)), 'send AE->1 t2 prev=5/t1 [2 2] commit=5');
    // A duplicate of that reply is old news.
    t.is(stepAndDescribe(leader, snapReply(2, 5)), '(nothing)');
  });
