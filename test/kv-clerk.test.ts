import test from 'ava';
import { Clerk, type ClerkEffect, type ClerkOp } from '../core/kv/clerk.ts';
import type { KvRpcReply } from '../core/kv/types.ts';
import { describeReply, describeRequest } from './helpers/kv/dsl.ts';

/**
 * The pure Clerk (course-tests.md §4): client 7 over servers 10, 11, 12, backoff 100 ms. Each row
 * is a script; every line is paired with the effect it produced:
 * - `get k`, `put k a v0`, `append k x`, `putPlain k x`: begin an operation;
 * - `reply OK`, `reply ErrWrongLeader`, `reply ErrVersion`, `reply OK "a" v1` (a Get's reply),
 *   `fail` (the RPC failed: lost or unreachable), `wake` (the backoff wait is over).
 * Effects: `send s11 append k x c7#1`, `wait 100`, `done OK`, `done ErrMaybe`.
 */
function describeEffect(e: ClerkEffect): string {
  switch (e.type) {
    case 'send': return `send s${e.to} ${describeRequest(e.request)}`;
    case 'wait': return `wait ${e.ms}`;
    case 'done': return `done ${describeReply(e.result)}`;
  }
}

function parseReply(text: string): KvRpcReply {
  const m = /^(\w+) "(.*)" v(\d+)$/.exec(text);
  if (m !== null) return { err: m[1] as 'OK', value: m[2]!, version: Number(m[3]) };
  return { err: text } as KvRpcReply;
}

function parseOp(line: string): ClerkOp {
  const [op, key, value, version] = line.split(' ');
  if (op === 'get') return { op, key: key! };
  if (op === 'put') return { op, key: key!, value: value!, version: Number(version!.slice(1)) };
  if (op === 'append' || op === 'putPlain') return { op, key: key!, value: value! };
  throw new Error(`clerk rig: unknown line ${line}`);
}

function run(clerk: Clerk, line: string): string {
  if (line.startsWith('reply ')) return describeEffect(clerk.onReply(parseReply(line.slice(6))));
  if (line === 'fail') return describeEffect(clerk.onFail());
  if (line === 'wake') return describeEffect(clerk.onWake());
  return describeEffect(clerk.begin(parseOp(line)));
}

type Line = readonly [line: string, effect: string];

const table: Array<[string, Line[]]> = [
  ['a Get is sent to the first server and answered', [
    ['get k', 'send s10 get k'], ['reply OK "a" v1', 'done OK "a" v1']]],
  ['ErrNoKey is an answer, not a retry', [
    ['get k', 'send s10 get k'], ['reply ErrNoKey "" v0', 'done ErrNoKey "" v0']]],
  ['rotates on ErrWrongLeader and remembers the leader for the next op', [
    ['get k', 'send s10 get k'], ['reply ErrWrongLeader', 'send s11 get k'],
    ['reply OK "a" v1', 'done OK "a" v1'],
    ['get j', 'send s11 get j']]],
  ['rotates on a failed RPC, wrapping around', [
    ['get k', 'send s10 get k'], ['reply ErrWrongLeader', 'send s11 get k'],
    ['reply OK "" v0', 'done OK "" v0'],
    ['get k', 'send s11 get k'], ['fail', 'send s12 get k'], ['fail', 'send s10 get k'],
    ['reply OK "a" v1', 'done OK "a" v1']]],
  ['waits backoffMs after a full round of failures, then starts a new round', [
    ['get k', 'send s10 get k'], ['fail', 'send s11 get k'],
    ['reply ErrWrongLeader', 'send s12 get k'], ['fail', 'wait 100'],
    ['wake', 'send s10 get k'], ['fail', 'send s11 get k'], ['fail', 'send s12 get k'],
    ['fail', 'wait 100'], ['wake', 'send s10 get k']]],
  ['a new op starts a fresh round of failures', [
    ['get k', 'send s10 get k'], ['fail', 'send s11 get k'], ['fail', 'send s12 get k'],
    ['reply OK "" v0', 'done OK "" v0'],
    ['get k', 'send s12 get k'], ['fail', 'send s10 get k'], ['fail', 'send s11 get k'],
    ['fail', 'wait 100']]],
  ['Put: ErrVersion on the first send is ErrVersion (it certainly did not happen)', [
    ['put k a v3', 'send s10 put k a v3'], ['reply ErrVersion', 'done ErrVersion']]],
  ['Put: ErrVersion on a re-send after a lost reply is ErrMaybe', [
    ['put k a v3', 'send s10 put k a v3'], ['fail', 'send s11 put k a v3'],
    ['reply ErrVersion', 'done ErrMaybe']]],
  ['Put: ErrVersion on a re-send after ErrWrongLeader is ErrMaybe too', [
    ['put k a v3', 'send s10 put k a v3'], ['reply ErrWrongLeader', 'send s11 put k a v3'],
    ['reply ErrVersion', 'done ErrMaybe']]],
  ['Put: OK and ErrNoKey on a re-send stay as they are', [
    ['put k a v0', 'send s10 put k a v0'], ['fail', 'send s11 put k a v0'],
    ['reply OK', 'done OK'],
    ['put k b v5', 'send s11 put k b v5'], ['fail', 'send s12 put k b v5'],
    ['reply ErrNoKey', 'done ErrNoKey']]],
  ['Put: a later op\'s first ErrVersion is not turned into ErrMaybe', [
    ['put k a v0', 'send s10 put k a v0'], ['fail', 'send s11 put k a v0'],
    ['reply OK', 'done OK'],
    ['put k b v0', 'send s11 put k b v0'], ['reply ErrVersion', 'done ErrVersion']]],
  ['putPlain and Append carry (client, seq); seq increases per write', [
    ['append k x', 'send s10 append k x c7#1'], ['reply OK', 'done OK'],
    ['putPlain k y', 'send s10 putPlain k y c7#2'], ['reply OK', 'done OK'],
    ['append j z', 'send s10 append j z c7#3'], ['reply OK', 'done OK']]],
  ['a retried Append keeps its seq (so the server can detect the duplicate)', [
    ['append k x', 'send s10 append k x c7#1'], ['fail', 'send s11 append k x c7#1'],
    ['reply ErrWrongLeader', 'send s12 append k x c7#1'], ['fail', 'wait 100'],
    ['wake', 'send s10 append k x c7#1'], ['reply OK', 'done OK']]],
  ['Gets and versioned Puts do not consume seqs', [
    ['append k x', 'send s10 append k x c7#1'], ['reply OK', 'done OK'],
    ['get k', 'send s10 get k'], ['reply OK "x" v1', 'done OK "x" v1'],
    ['put k y v1', 'send s10 put k y v1'], ['reply OK', 'done OK'],
    ['append k z', 'send s10 append k z c7#2']]],
];

for (const [name, lines] of table) {
  test(`Clerk: ${name}`, (t) => {
    const clerk = new Clerk(7, [10, 11, 12], { backoffMs: 100 });
    const got = lines.map(([line]) => `${line} => ${run(clerk, line)}`);
    t.deepEqual(got, lines.map(([line, want]) => `${line} => ${want}`));
  });
}

test('Clerk: one operation at a time is asserted', (t) => {
  const clerk = new Clerk(7, [10, 11, 12]);
  run(clerk, 'get k');
  t.true(clerk.busy);
  t.throws(() => run(clerk, 'append k x'), { message: /one operation at a time/ });
  run(clerk, 'reply OK "" v0');
  t.false(clerk.busy);
  t.is(run(clerk, 'append k x'), 'send s10 append k x c7#1');
});

test('Clerk: a reply or failure with no operation is asserted', (t) => {
  const clerk = new Clerk(7, [10]);
  t.throws(() => clerk.onReply({ err: 'OK' }), { message: /a reply with no operation/ });
  t.throws(() => clerk.onFail(), { message: /a failure with no operation/ });
});

test('Clerk: a single-server clerk waits after every failure', (t) => {
  const clerk = new Clerk(7, [4], { backoffMs: 25 });
  const lines = ['get k', 'fail', 'wake', 'reply ErrWrongLeader', 'wake'];
  t.deepEqual(lines.map((l) => run(clerk, l)),
    ['send s4 get k', 'wait 25', 'send s4 get k', 'wait 25', 'send s4 get k']);
});

test('Clerk: no servers is refused', (t) => {
  t.throws(() => new Clerk(7, []), { message: /no servers/ });
});
