import test from 'ava';
import { kvOpCodec } from '../core/kv/codec.ts';
import { KvServer, type ReplyEffect } from '../core/kv/server.ts';
import { KvStore } from '../core/kv/store.ts';
import type { NodeStatus } from '../core/raft/types.ts';
import { KvClient, plainRecorder } from '../sim/kv-client.ts';
import { KvHostService } from '../sim/kv-service.ts';
import { RaftCluster } from '../sim/raft-cluster.ts';
import { World } from '../sim/world.ts';
import { describeReply, describeRequest, req } from './helpers/kv/dsl.ts';
import { FakeRaft } from './helpers/kv/fake-raft.ts';

/**
 * The KV server (course-tests.md §4: "A kvserver should not complete a Get() RPC if it is not
 * part of a majority"): server 0, incarnation 1, over a FakeRaft. Script lines, each paired with
 * the replies it produced (`A: OK "x" v1`; `-` for none):
 * - `leader t2` / `follower t2`: what the fake Raft answers to the next propose;
 * - `A get k` (any dsl.ts request): RPC A arrives; `log 1`: what was proposed at index 1;
 * - `apply 1` commits the command proposed at 1; `apply 1 s3 append k x c9#1` commits an op
 *   that server 3 proposed;
 * - `status t2`: Raft reports term 2; `stop`: the server shuts down.
 */
interface Rig {
  raft: FakeRaft;
  server: KvServer<string>;
}

function rig(): Rig {
  const raft = new FakeRaft();
  const server = new KvServer<string>({ me: 0, incarnation: 1, maxRaftState: -1 }, raft);
  return { raft, server };
}

function status(term: number): NodeStatus {
  return { id: 0, role: 'follower', term, votedFor: -1, leader: -1, commitIndex: 0,
    lastApplied: 0, snapshotIndex: 0, snapshotTerm: 0, lastIndex: 0, lastTerm: 0 };
}

function describe(effects: ReplyEffect<string>[]): string {
  if (effects.length === 0) return '-';
  return effects.map((e) => `${e.token}: ${describeReply(e.reply)}`).join(', ');
}

function applyLine(r: Rig, index: number, foreign: string[]): ReplyEffect<string>[] {
  let command = r.raft.proposed.get(index);
  if (foreign.length > 0) {
    const me = Number(foreign[0]!.slice(1));
    command = kvOpCodec.encode({ me, inc: 1, id: index, req: req(foreign.slice(1).join(' ')) });
  }
  if (command === undefined) throw new Error(`server rig: nothing to apply at ${index}`);
  r.raft.nextIndex = Math.max(r.raft.nextIndex, index + 1);
  return r.server.apply({ type: 'command', index, term: r.raft.term, command });
}

function run(r: Rig, line: string): string {
  const [head, ...args] = line.split(' ');
  switch (head) {
    case 'leader':
    case 'follower':
      r.raft.leader = head === 'leader';
      r.raft.term = Number(args[0]!.slice(1));
      return '-';
    case 'log': {
      const c = r.raft.proposed.get(Number(args[0]));
      return c === undefined ? '(nothing)' : describeRequest(kvOpCodec.decode(c).req);
    }
    case 'apply': return describe(applyLine(r, Number(args[0]), args.slice(1)));
    case 'status': return describe(r.server.statusChanged(status(Number(args[0]!.slice(1)))));
    case 'stop': return describe(r.server.stop());
    default: return describe(r.server.handle(req(args.join(' ')), head!));
  }
}

type Line = readonly [line: string, replies: string];

const table: Array<[string, Line[]]> = [
  ['a follower answers a Get with ErrWrongLeader at once, proposing nothing', [
    ['follower t1', '-'], ['A get k', 'A: ErrWrongLeader'], ['log 1', '(nothing)']]],
  ['the leader answers a Get only after it is applied (it goes through the log)', [
    ['A get k', '-'], ['log 1', 'get k'], ['apply 1', 'A: ErrNoKey "" v0']]],
  ['a Get sees every op before it in the log, including other servers\' ops', [
    ['A get k', '-'], ['apply 1 s3 append k x c9#1', 'A: ErrWrongLeader'],
    ['B get k', '-'], ['apply 2', 'B: OK "x" v1']]],
  ['writes are answered after apply, in log order', [
    ['A append k x c5#1', '-'], ['B put j y v0', '-'], ['log 1', 'append k x c5#1'],
    ['apply 1', 'A: OK'], ['apply 2', 'B: OK'], ['C get k', '-'], ['apply 3', 'C: OK "x" v1']]],
  ['a retried Append is answered OK but applied once', [
    ['A append k x c5#1', '-'], ['apply 1', 'A: OK'],
    ['B append k x c5#1', '-'], ['apply 2', 'B: OK'],
    ['C get k', '-'], ['apply 3', 'C: OK "x" v1']]],
  ['a versioned Put retried after it applied gets ErrVersion (the clerk makes it ErrMaybe)', [
    ['A put k x v0', '-'], ['apply 1', 'A: OK'],
    ['B put k x v0', '-'], ['apply 2', 'B: ErrVersion']]],
  ['a lost leadership fails pending requests of the old term', [
    ['A append k x c5#1', '-'], ['B get k', '-'],
    ['status t2', 'A: ErrWrongLeader, B: ErrWrongLeader'], ['apply 1', '-'], ['apply 2', '-']]],
  ['stop answers every pending request with ErrWrongLeader', [
    ['A get k', '-'], ['B append k x c5#1', '-'],
    ['stop', 'A: ErrWrongLeader, B: ErrWrongLeader'], ['stop', '-']]],
  ['followers apply committed ops without replying', [
    ['follower t1', '-'], ['apply 1 s3 append k x c9#1', '-'], ['apply 2 s3 get k', '-']]],
];

for (const [name, lines] of table) {
  test(`KvServer: ${name}`, (t) => {
    const r = rig();
    const got = lines.map(([line]) => `${line} => ${run(r, line)}`);
    t.deepEqual(got, lines.map(([line, want]) => `${line} => ${want}`));
  });
}

test('KvServer: followers end in the same state as the leader', (t) => {
  const leader = rig();
  const follower = rig();
  follower.raft.leader = false;
  for (const line of ['A append k x c5#1', 'B put j y v0', 'C append k z c6#1']) run(leader, line);
  for (const i of [1, 2, 3]) {
    run(leader, `apply ${i}`);
    follower.server.apply({ type: 'command', index: i, term: 1, command: leader.raft.at(i) });
  }
  t.deepEqual(follower.server.store.snapshot().bytes(), leader.server.store.snapshot().bytes());
  t.deepEqual(follower.server.store.peek('k'), { value: 'xz', version: 2 });
});

test('KvServer: an installed snapshot replaces the store and keeps duplicate detection', (t) => {
  const source = new KvStore();
  source.doOp(req('append k x c5#1'));
  const r = rig();
  t.is(run(r, 'A append k x c5#1'), '-');
  const install = { type: 'snapshot', index: 4, term: 1, data: source.snapshot().bytes() } as const;
  t.is(describe(r.server.apply(install)), 'A: ErrWrongLeader');
  r.raft.nextIndex = 5;
  t.is(run(r, 'B append k x c5#1'), '-');
  t.is(run(r, 'apply 5'), 'B: OK');
  t.is(run(r, 'C get k'), '-');
  t.is(run(r, 'apply 6'), 'C: OK "x" v1');
});

test('KvServer: start restores the persisted snapshot', (t) => {
  const source = new KvStore();
  source.doOp(req('put k x v0'));
  const r = rig();
  r.server.start(source.snapshot().bytes(), 3);
  r.raft.nextIndex = 4;
  t.is(run(r, 'A get k'), '-');
  t.is(run(r, 'apply 4'), 'A: OK "x" v1');
});

/**
 * Regression: on a 1-server cluster Raft commits a proposal at once. If the host carried out
 * that commit inside propose(), the entry was applied before the RSM registered its wait for
 * that index, and the client's RPC was never answered.
 */
test('KvHostService on a 1-server cluster answers an Append and a Get', (t) => {
  const world = new World(1, null);
  const cluster = new RaftCluster(world, 1, (h) => new KvHostService(h, -1));
  cluster.startAll();
  const client = new KvClient(world, 0, [0], null, plainRecorder);
  const task = world.scheduler.spawn('client', (function* () {
    yield* client.call({ op: 'append', key: 'k', value: 'a' });
    return yield* client.call({ op: 'get', key: 'k' });
  })());
  while (!task.done && world.queue.runNext(10_000)) { /* run */ }
  t.true(task.done, 'the client was never answered');
  t.is(task.result === undefined ? '-' : describeReply(task.result), 'OK "a" v1');
});
