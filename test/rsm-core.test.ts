import test from 'ava';
import { SnapshotHandle } from '../core/raft/snapshot.ts';
import type { NodeStatus } from '../core/raft/types.ts';
import { jsonCodec, Rsm, type Op } from '../core/rsm/rsm.ts';
import type { Completion, StateMachine } from '../core/rsm/types.ts';
import { FakeRaft } from './helpers/kv/fake-raft.ts';

/**
 * The RSM layer (course-tests.md §5, "rsm contract"; raft-bugs.md #37) over a FakeRaft, on
 * server 0, incarnation 1. The state machine keeps a list; doOp(r) appends r and returns
 * "r@<length>". Each row is a script; every line is paired with what it produced:
 * - `leader t2` / `follower t2`: what the fake Raft answers to the next propose;
 * - `submit a` -> `ticket N @index` or `ErrWrongLeader`;
 * - `apply 3` applies the command proposed at 3 (the submit's own op);
 *   `apply 3 s4/1/1 b` applies an op of server 4, incarnation 1, id 1 with request b;
 * - `status t3`: Raft reports term 3; `stop`: shutdown;
 * - `install 5 x,y`: an InstallSnapshot of index 5 whose state machine holds [x, y];
 * - `size 900`: the fake's persisted Raft state size; `state`: the state machine's list.
 * Completions are written `#ticket OK result` / `#ticket ErrWrongLeader`; `snapshot@i [..]`
 * means the RSM asked Raft to snapshot through i; `-` means nothing happened.
 */
class ListMachine implements StateMachine<string, string> {
  items: string[] = [];
  doOp(r: string): string {
    this.items.push(r);
    return `${r}@${this.items.length}`;
  }
  snapshot(): SnapshotHandle {
    return SnapshotHandle.of(new TextEncoder().encode(JSON.stringify(this.items)));
  }
  restore(data: SnapshotHandle): void {
    this.items = JSON.parse(new TextDecoder().decode(data.bytes())) as string[];
  }
}

const codec = jsonCodec<Op<string>>((v) => v as Op<string>);

interface Rig {
  raft: FakeRaft;
  sm: ListMachine;
  rsm: Rsm<string, string>;
}

function rig(maxRaftState: number): Rig {
  const raft = new FakeRaft();
  const sm = new ListMachine();
  const rsm = new Rsm<string, string>({ me: 0, incarnation: 1, maxRaftState }, sm, codec, raft);
  return { raft, sm, rsm };
}

function describeDone(done: Completion<string>[]): string[] {
  return done.map((c) => c.err === 'OK' ? `#${c.ticket} OK ${c.result}`
    : `#${c.ticket} ErrWrongLeader`);
}

function status(term: number): NodeStatus {
  return { id: 0, role: 'follower', term, votedFor: -1, leader: -1, commitIndex: 0,
    lastApplied: 0, snapshotIndex: 0, snapshotTerm: 0, lastIndex: 0, lastTerm: 0 };
}

function applyLine(r: Rig, args: string[]): Completion<string>[] {
  const index = Number(args[0]);
  let command = r.raft.proposed.get(index);
  if (args.length > 1) {
    const [me, inc, id] = args[1]!.slice(1).split('/').map(Number);
    command = codec.encode({ me: me!, inc: inc!, id: id!, req: args[2]! });
  }
  if (command === undefined) throw new Error(`rsm rig: nothing to apply at ${index}`);
  r.raft.nextIndex = Math.max(r.raft.nextIndex, index + 1);
  return r.rsm.apply({ type: 'command', index, term: r.raft.term, command });
}

/** Run one script line; returns what it produced. */
function run(r: Rig, line: string): string {
  const [cmd, ...args] = line.split(' ');
  const snapsBefore = r.raft.snapshots.length;
  let out: string[] = [];
  switch (cmd) {
    case 'leader':
    case 'follower':
      r.raft.leader = cmd === 'leader';
      r.raft.term = Number(args[0]!.slice(1));
      return '-';
    case 'submit': {
      const s = r.rsm.submit(args[0]!);
      return 'err' in s ? s.err : `ticket ${s.ticket} @${r.raft.nextIndex - 1}`;
    }
    case 'apply': out = describeDone(applyLine(r, args)); break;
    case 'status':
      out = describeDone(r.rsm.statusChanged(status(Number(args[0]!.slice(1)))));
      break;
    case 'stop': out = describeDone(r.rsm.stop()); break;
    case 'install': {
      const data = new TextEncoder().encode(JSON.stringify(args[1]!.split(',')));
      const msg = { type: 'snapshot', index: Number(args[0]), term: r.raft.term, data } as const;
      out = describeDone(r.rsm.apply(msg));
      break;
    }
    case 'size': r.raft.size = Number(args[0]); return '-';
    case 'state': return `[${r.sm.items.join(' ')}]`;
    default: throw new Error(`rsm rig: unknown line ${line}`);
  }
  for (const s of r.raft.snapshots.slice(snapsBefore)) {
    out.push(`snapshot@${s.index} ${new TextDecoder().decode(s.data)}`);
  }
  return out.length === 0 ? '-' : out.join(', ');
}

type Line = readonly [line: string, produced: string];

const table: Array<[string, number, Line[]]> = [
  ['submit on a non-leader fails at once', -1, [
    ['follower t1', '-'], ['submit a', 'ErrWrongLeader']]],
  ['its own op applied at its index completes OK with the doOp result', -1, [
    ['submit a', 'ticket 1 @1'], ['submit b', 'ticket 2 @2'],
    ['apply 1', '#1 OK a@1'], ['apply 2', '#2 OK b@2'], ['state', '[a b]']]],
  ['nothing completes before its index is applied', -1, [
    ['submit a', 'ticket 1 @1'], ['submit b', 'ticket 2 @2'], ['apply 1', '#1 OK a@1'],
    ['status t1', '-'], ['apply 2', '#2 OK b@2']]],
  ['another server\'s op at its index: ErrWrongLeader (the other op is still applied)', -1, [
    ['apply 1 s3/1/9 x', '-'], ['submit a', 'ticket 1 @2'],
    ['apply 2 s3/1/10 y', '#1 ErrWrongLeader'], ['state', '[x y]']]],
  ['its own op from an earlier incarnation at its index: ErrWrongLeader', -1, [
    ['submit a', 'ticket 1 @1'], ['apply 1 s0/0/1 a', '#1 ErrWrongLeader']]],
  ['another op of its own (different id) at its index: ErrWrongLeader', -1, [
    ['submit a', 'ticket 1 @1'], ['apply 1 s0/1/7 a', '#1 ErrWrongLeader']]],
  ['a higher term fails earlier-term waiters only', -1, [
    ['submit a', 'ticket 1 @1'], ['leader t2', '-'], ['submit b', 'ticket 2 @2'],
    ['status t2', '#1 ErrWrongLeader'], ['apply 1 s3/1/1 x', '-'], ['apply 2', '#2 OK b@2']]],
  ['a status change in the same term fails nobody', -1, [
    ['submit a', 'ticket 1 @1'], ['status t1', '-'], ['apply 1', '#1 OK a@1']]],
  ['an isolated ex-leader\'s waiter waits until it learns of a new term', -1, [
    ['submit a', 'ticket 1 @1'], ['status t1', '-'], ['status t5', '#1 ErrWrongLeader']]],
  ['stop releases every waiter', -1, [
    ['submit a', 'ticket 1 @1'], ['submit b', 'ticket 2 @2'],
    ['stop', '#1 ErrWrongLeader, #2 ErrWrongLeader'], ['stop', '-']]],
  ['followers apply every op too', -1, [
    ['follower t1', '-'], ['apply 1 s2/1/1 x', '-'], ['apply 2 s2/1/2 y', '-'],
    ['state', '[x y]']]],
  ['no snapshot while the Raft state is below maxRaftState', 100, [
    ['size 99', '-'], ['apply 1 s2/1/1 x', '-']]],
  ['a snapshot through the applied index once it reaches maxRaftState', 100, [
    ['apply 1 s2/1/1 x', '-'], ['size 100', '-'], ['apply 2 s2/1/2 y', 'snapshot@2 ["x","y"]']]],
  ['the snapshot is taken after the reply is computed, with the op in it', 100, [
    ['size 500', '-'], ['submit a', 'ticket 1 @1'], ['apply 1', '#1 OK a@1, snapshot@1 ["a"]']]],
  ['maxRaftState -1: never a snapshot', -1, [
    ['size 1000000', '-'], ['apply 1 s2/1/1 x', '-']]],
  ['an installed snapshot restores the state machine', -1, [
    ['apply 1 s2/1/1 x', '-'], ['install 5 p,q,r', '-'], ['state', '[p q r]'],
    ['apply 6 s2/1/2 y', '-'], ['state', '[p q r y]']]],
  ['an installed snapshot fails waiters at or below it, not above', -1, [
    ['submit a', 'ticket 1 @1'], ['submit b', 'ticket 2 @2'], ['submit c', 'ticket 3 @3'],
    ['install 2 p,q', '#1 ErrWrongLeader, #2 ErrWrongLeader'], ['apply 3', '#3 OK c@3']]],
];

for (const [name, max, lines] of table) {
  test(`Rsm: ${name}`, (t) => {
    const r = rig(max);
    const got = lines.map(([line]) => `${line} => ${run(r, line)}`);
    t.deepEqual(got, lines.map(([line, want]) => `${line} => ${want}`));
  });
}

test('Rsm: apply out of order is an assertion', (t) => {
  const r = rig(-1);
  run(r, 'apply 1 s2/1/1 x');
  t.throws(() => run(r, 'apply 3 s2/1/3 z'), { message: /apply out of order/ });
  t.throws(() => run(r, 'apply 1 s2/1/1 x'), { message: /apply out of order/ });
});

test('Rsm: a snapshot that would roll the state back is an assertion', (t) => {
  const r = rig(-1);
  run(r, 'install 5 p');
  t.throws(() => run(r, 'install 5 q'), { message: /roll the state back/ });
  t.throws(() => run(r, 'install 3 q'), { message: /roll the state back/ });
});

test('Rsm: start restores the persisted snapshot and resumes after its index', (t) => {
  const r = rig(-1);
  r.rsm.start(new TextEncoder().encode('["p","q"]'), 7);
  t.is(r.rsm.lastApplied, 7);
  t.is(run(r, 'state'), '[p q]');
  t.throws(() => run(r, 'apply 7 s2/1/1 x'), { message: /apply out of order/ });
  t.is(run(r, 'apply 8 s2/1/1 x'), '-');
  t.is(run(r, 'state'), '[p q x]');
});

test('Rsm: start with no snapshot leaves the state machine empty', (t) => {
  const r = rig(-1);
  r.sm.items = ['untouched'];
  r.rsm.start(new Uint8Array(0), 0);
  t.is(run(r, 'state'), '[untouched]');
  t.is(r.rsm.lastApplied, 0);
});

test('Rsm: op ids are unique per submit (a re-proposal of the same request is another op)',
  (t) => {
    const r = rig(-1);
    run(r, 'submit a');
    run(r, 'submit a');
    const ops = [1, 2].map((i) => codec.decode(r.raft.at(i)));
    t.deepEqual(ops.map((o) => [o.me, o.inc, o.req]), [[0, 1, 'a'], [0, 1, 'a']]);
    t.not(ops[0]!.id, ops[1]!.id);
    t.is(r.rsm.pendingCount(), 2);
  });
