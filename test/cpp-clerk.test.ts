import test from 'ava';
import {
  CPP_OP_GIVE_UP_MS, CPP_RPC_TIMEOUT_MS, CppClerk, KV_CODES, type CppClerkEffect, type CppOp,
} from '../core/kv/cpp-clerk.ts';
import type { KvRpcReply } from '../core/kv/types.ts';
import { describeRequest } from './helpers/kv/dsl.ts';

/**
 * The C++ lab's KvClient::Op (dslabs-cpp src/kv/client.cc) as a pure clerk: client 7 over
 * servers 10..14 (the lab has 5). Each row is a script; every line is paired with its effect:
 * - `put k a`, `append k x`, `get k`: begin an Op (Put, Append, Get);
 * - `reply OK`, `reply OK "ab"` (a Get's value), `reply ErrNoKey`, `reply ErrWrongLeader`
 *   (the lab's KV_NOTLEADER);
 * - `timeout`: the RPC got no reply within its 1 s (rrr's ETIMEDOUT);
 * - `giveup`: the Op's 10 s timer fired (no effect of its own).
 * Effects: `send s11 putPlain k a c7#1 1000ms +giveup` (timeout, and the Op's first send arms
 * the 10 s give-up), `done KV_SUCCESS "ab"`, `done KV_TIMEOUT`, `-` (none).
 */
function describe(e: CppClerkEffect): string {
  if (e.type === 'send') {
    const arm = e.giveUpAfterMs === null ? '' : ` +giveup ${e.giveUpAfterMs}ms`;
    return `send s${e.to} ${describeRequest(e.request)} ${e.timeoutMs}ms${arm}`;
  }
  return e.result.code === 'KV_SUCCESS' ? `done KV_SUCCESS ${JSON.stringify(e.result.value)}`
    : 'done KV_TIMEOUT';
}

function parseReply(text: string): KvRpcReply {
  const m = /^(\w+) "(.*)"$/.exec(text);
  if (m !== null) return { err: m[1] as 'OK', value: m[2]!, version: 1 };
  if (text === 'ErrNoKey') return { err: 'ErrNoKey', value: '', version: 0 };
  return { err: text } as KvRpcReply;
}

function parseOp(line: string): CppOp {
  const [op, key, value] = line.split(' ');
  if (op === 'get') return { op, key: key! };
  if (op === 'put' || op === 'append') return { op, key: key!, value: value! };
  throw new Error(`cpp clerk rig: unknown line ${line}`);
}

function run(clerk: CppClerk, line: string): string {
  if (line.startsWith('reply ')) return describe(clerk.onReply(parseReply(line.slice(6))));
  if (line === 'timeout') return describe(clerk.onRpcTimeout());
  if (line === 'giveup') {
    clerk.onGiveUp();
    return '-';
  }
  return describe(clerk.begin(parseOp(line)));
}

type Line = readonly [line: string, effect: string];
const T = `${CPP_RPC_TIMEOUT_MS}ms`;
const ARM = `${T} +giveup ${CPP_OP_GIVE_UP_MS}ms`;

const table: Array<[string, Line[]]> = [
  ['a Put goes to leader_idx_ (0 at first) with a 1 s timeout and arms the 10 s give-up', [
    ['put k a', `send s10 putPlain k a c7#1 ${ARM}`], ['reply OK', 'done KV_SUCCESS ""']]],
  ['a Get returns the value; a missing key reads ""', [
    ['get k', `send s10 get k ${ARM}`], ['reply OK "ab"', 'done KV_SUCCESS "ab"'],
    ['get j', `send s10 get j ${ARM}`], ['reply ErrNoKey', 'done KV_SUCCESS ""']]],
  ['KV_NOTLEADER: rotate and retry at once, same op id, no new give-up timer', [
    ['append k x', `send s10 append k x c7#1 ${ARM}`],
    ['reply ErrWrongLeader', `send s11 append k x c7#1 ${T}`],
    ['reply ErrWrongLeader', `send s12 append k x c7#1 ${T}`],
    ['reply OK', 'done KV_SUCCESS ""'],
    ['get k', `send s12 get k ${ARM}`]]],
  ['leader_idx_ wraps around after the fifth server', [
    ['get k', `send s10 get k ${ARM}`], ['reply ErrWrongLeader', `send s11 get k ${T}`],
    ['reply ErrWrongLeader', `send s12 get k ${T}`],
    ['reply ErrWrongLeader', `send s13 get k ${T}`],
    ['reply ErrWrongLeader', `send s14 get k ${T}`],
    ['reply ErrWrongLeader', `send s10 get k ${T}`]]],
  ['ETIMEDOUT: rotate and return KV_TIMEOUT at once (no retry)', [
    ['put k a', `send s10 putPlain k a c7#1 ${ARM}`], ['timeout', 'done KV_TIMEOUT'],
    ['put k a', `send s11 putPlain k a c7#2 ${ARM}`], ['reply OK', 'done KV_SUCCESS ""']]],
  ['after 10 s, the next KV_NOTLEADER ends the Op with KV_TIMEOUT', [
    ['get k', `send s10 get k ${ARM}`], ['reply ErrWrongLeader', `send s11 get k ${T}`],
    ['giveup', '-'], ['reply ErrWrongLeader', 'done KV_TIMEOUT'],
    ['get k', `send s12 get k ${ARM}`]]],
  ['the give-up does not turn a reply that came in into a timeout', [
    ['append k x', `send s10 append k x c7#1 ${ARM}`], ['giveup', '-'],
    ['reply OK', 'done KV_SUCCESS ""']]],
  ['a give-up timer of a finished Op is ignored by the next Op', [
    ['get k', `send s10 get k ${ARM}`], ['reply OK "a"', 'done KV_SUCCESS "a"'],
    ['giveup', '-'], ['get k', `send s10 get k ${ARM}`],
    ['reply ErrWrongLeader', `send s11 get k ${T}`]]],
  ['op ids: one counter step per Op (Gets included), so write seqs increase', [
    ['put k a', `send s10 putPlain k a c7#1 ${ARM}`], ['reply OK', 'done KV_SUCCESS ""'],
    ['get k', `send s10 get k ${ARM}`], ['reply OK "a"', 'done KV_SUCCESS "a"'],
    ['append k b', `send s10 append k b c7#3 ${ARM}`], ['timeout', 'done KV_TIMEOUT'],
    ['append k b', `send s11 append k b c7#4 ${ARM}`]]],
];

for (const [name, lines] of table) {
  test(`CppClerk: ${name}`, (t) => {
    const clerk = new CppClerk(7, [10, 11, 12, 13, 14]);
    const got = lines.map(([line]) => `${line} => ${run(clerk, line)}`);
    t.deepEqual(got, lines.map(([line, want]) => `${line} => ${want}`));
  });
}

test('CppClerk: the test can point the client at a server (leader_idx_)', (t) => {
  const clerk = new CppClerk(7, [10, 11, 12, 13, 14]);
  clerk.leaderIdx = 3;
  t.is(run(clerk, 'get k'), `send s13 get k ${ARM}`);
});

test('CppClerk: one Op at a time; replies and timeouts need an Op', (t) => {
  const clerk = new CppClerk(7, [10]);
  t.throws(() => clerk.onReply({ err: 'OK' }), { message: /a reply with no operation/ });
  t.throws(() => clerk.onRpcTimeout(), { message: /a timeout with no operation/ });
  run(clerk, 'get k');
  t.true(clerk.busy);
  t.throws(() => run(clerk, 'get j'), { message: /one operation at a time/ });
  t.throws(() => new CppClerk(7, []), { message: /no servers/ });
});

test('CppClerk: the lab\'s constants and result codes', (t) => {
  t.is(CPP_RPC_TIMEOUT_MS, 1000);
  t.is(CPP_OP_GIVE_UP_MS, 10_000);
  t.deepEqual(KV_CODES, { KV_SUCCESS: 0, KV_TIMEOUT: 1, KV_NOTLEADER: 2 });
});
