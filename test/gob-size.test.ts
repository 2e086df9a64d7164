import test from 'ava';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  GO_INT, GO_STRING, GO_UINT, GobEncoder, gobSize, goStruct, type GoIface, type GoType,
  type GoValue,
} from '../core/gob.ts';
import { hardStateSize, messageSize } from '../core/raft/codec.ts';
import { GO_LOG, GO_RAFT } from '../core/raft/gob-raft.ts';
import type { Entry, Message } from '../core/raft/types.ts';
import { kvMessageSize } from '../sim/kv-service.ts';
import { assertProperty } from './helpers/property.ts';

/**
 * The size model (core/gob.ts) against Go: test/fixtures/gob-sizes/main.go encodes the same
 * values with encoding/gob and expected.txt is what it printed. Then the closed forms raftsim
 * uses on every message and save (core/raft/gob-raft.ts) against the general model.
 */
const expected = new Map(readFileSync(
  new URL('fixtures/gob-sizes/expected.txt', import.meta.url), 'utf8').trim().split('\n')
  .map((l) => l.split(' ') as [string, string]).map(([k, v]) => [k, Number(v)]));

const enc = new TextEncoder();
const int = (v: number): Uint8Array => enc.encode(JSON.stringify(v));
const str = (s: string): Uint8Array => enc.encode(JSON.stringify(s));
const entries = (n: number, from: number, term = 3): Entry[] =>
  Array.from({ length: n }, (_, i) => ({ term, command: int(from + i) }));
const hard = (term: number, votedFor: number, snapshotIndex: number, snapshotTerm: number,
  es: Entry[]): number =>
  hardStateSize({ term, votedFor, snapshotIndex, snapshotTerm, entries: es });

const ae = (entriesOf: Entry[], term = 5, from = 1, prev = 10, prevTerm = 4,
  commit = 9): Message => ({ type: 'AppendEntries', from, to: 2, term, prevLogIndex: prev,
  prevLogTerm: prevTerm, entries: entriesOf, leaderCommit: commit });
const aeReply = (term: number, success: boolean, prevLogIndex: number, matchIndex: number,
  conflictIndex: number, conflictTerm: number): Message => ({ type: 'AppendEntriesReply',
  from: 2, to: 1, term, success, prevLogIndex, matchIndex, conflictIndex, conflictTerm });

const OP = goStruct('Op', [['Me', GO_INT], ['Id', GO_INT], ['Req', { kind: 'interface' }]]);
const PUT = goStruct('PutArgs', [['Key', GO_STRING], ['Value', GO_STRING],
  ['Version', GO_UINT]]);
const op = (id: number, value: string, version: number): GoIface => ({
  name: 'main.Op', type: OP, value: { Me: 2, Id: id,
    Req: { name: 'main.PutArgs', type: PUT, value: { Key: 'k', Value: value, Version: version } } },
});
/** First met as a map's element type, where gob gives a type no name. */
const VALUE_VERSION = goStruct('', [['Value', GO_STRING], ['Version', GO_UINT]]);

const model: Record<string, number> = {
  'persist-empty': hard(0, -1, 0, 0, []),
  'persist-1': hard(3, 1, 0, 0, entries(1, 101)),
  'persist-10-big': hard(7, 2, 40, 6, entries(10, 1234567890123)),
  'persist-200': hard(70, 4, 1000, 60, entries(200, 5)),
  'persist-str': hard(1, 0, 0, 0,
    [{ term: 1, command: str('abc') }, { term: 1, command: str('z'.repeat(300)) }]),
  'rv': messageSize({ type: 'RequestVote', from: 1, to: 0, term: 5, lastLogIndex: 10,
    lastLogTerm: 4 }),
  'rv-s0': messageSize({ type: 'RequestVote', from: 0, to: 1, term: 1, lastLogIndex: 0,
    lastLogTerm: 0 }),
  'rv-reply': messageSize({ type: 'RequestVoteReply', from: 0, to: 1, term: 5, granted: true }),
  'rv-reply-no': messageSize({ type: 'RequestVoteReply', from: 0, to: 1, term: 5,
    granted: false }),
  'ae-hb': messageSize(ae([])),
  'ae-hb-zero': messageSize(ae([], 1, 0, 0, 0, 0)),
  'ae-reply-ok': messageSize(aeReply(5, true, 10, 10, 0, 0)),
  'ae-reply-no': messageSize(aeReply(5, false, 10, 0, 7, 3)),
  'ae-1int': messageSize(ae(entries(1, 101))),
  'ae-3int': messageSize(ae(entries(3, -7))),
  'ae-str5000': messageSize(ae([{ term: 5, command: str('x'.repeat(5000)) }])),
  'ae-utf8': messageSize(ae([{ term: 5, command: str('é€') }])),
  'is-100': messageSize({ type: 'InstallSnapshot', from: 1, to: 0, term: 5,
    lastIncludedIndex: 10, lastIncludedTerm: 4, data: new Uint8Array(100) }),
  'is-reply': messageSize({ type: 'InstallSnapshotReply', from: 0, to: 1, term: 5,
    lastIncludedIndex: 10 }),
  'get': kvMessageSize({ type: 'KV', req: { op: 'get', key: 'k' } }),
  'get-reply': kvMessageSize({ err: 'OK', value: 'x 0 1 y', version: 3 }),
  'put': kvMessageSize({ type: 'KV', req: { op: 'put', key: 'k', value: 'x 0 1 y', version: 3 } }),
  'put-reply': kvMessageSize({ err: 'ErrVersion' }),
  'map': gobSize({ kind: 'map', name: '', key: GO_STRING, elem: GO_STRING },
    [['a', '1'], ['bb', '22'], ['ccc', '']]),
  'map-struct': gobSize({ kind: 'map', name: '', key: GO_STRING, elem: VALUE_VERSION },
    [['a', { Value: '1', Version: 1 }], ['b', { Value: '', Version: 0 }]]),
  'ae-op': gobSize(GO_RAFT.AppendEntries, { Term: 5, LeaderId: 1, PrevLogIndex: 10,
    PrevLogTerm: 4, LeaderCommit: 9, Entries: [{ Term: 5, Command: op(17, 'x 0 1 y', 3) },
      { Term: 5, Command: op(18, '', 4) }] }),
  'uint-big': gobSize(GO_UINT, 2 ** 40),
  'int-neg': gobSize(GO_INT, -300),
};

test('gob: the model gives the byte counts Go gives (fixtures/gob-sizes)', (t) => {
  t.deepEqual(Object.keys(model).sort(), [...expected.keys()].sort());
  for (const [k, v] of Object.entries(model)) t.is(v, expected.get(k) ?? -1, k);
});

test('gob: the course figures (heartbeat 189 bytes, its reply 133; a save 79 + ~16/entry)',
  (t) => {
    t.is(messageSize(ae([])), 189);
    t.is(messageSize(aeReply(5, true, 10, 10, 0, 0)), 133);
    const perEntry = (hard(3, 1, 0, 0, entries(101, 1000)) - hard(3, 1, 0, 0, entries(1, 1000)))
      / 100;
    t.true(perEntry >= 14 && perEntry <= 16, `${perEntry} bytes per entry`);
  });

/** A command as the Go tester holds it: a JSON integer is an int, else a string. */
function commandValue(c: Uint8Array): GoIface {
  const text = new TextDecoder().decode(c);
  if (/^-?\d{1,15}$/.test(text)) return { name: 'int', type: GO_INT, value: Number(text) };
  const s = /^"[^\\]*"$/.test(text) ? JSON.parse(text) as string : 'b'.repeat(c.length);
  return { name: 'string', type: GO_STRING, value: s };
}

const goEntries = (es: readonly Entry[]): GoValue[] =>
  es.map((e) => ({ Term: e.term, Command: commandValue(e.command) }));

/** The general model's size of a message, from its Go shape. */
function general(m: Message): number {
  const t: GoType = GO_RAFT[m.type];
  switch (m.type) {
    case 'RequestVote': return gobSize(t, { Term: m.term, CandidateId: m.from,
      LastLogIndex: m.lastLogIndex, LastLogTerm: m.lastLogTerm });
    case 'RequestVoteReply': return gobSize(t, { Term: m.term, VoteGranted: m.granted });
    case 'AppendEntries': return gobSize(t, { Term: m.term, LeaderId: m.from,
      PrevLogIndex: m.prevLogIndex, PrevLogTerm: m.prevLogTerm, Entries: goEntries(m.entries),
      LeaderCommit: m.leaderCommit });
    case 'AppendEntriesReply': return gobSize(t, { Term: m.term, Success: m.success,
      PrevLogIndex: m.prevLogIndex, MatchIndex: m.matchIndex, ConflictIndex: m.conflictIndex,
      ConflictTerm: m.conflictTerm });
    case 'InstallSnapshot': return gobSize(t, { Term: m.term, LeaderId: m.from,
      LastIncludedIndex: m.lastIncludedIndex, LastIncludedTerm: m.lastIncludedTerm,
      Data: m.data });
    case 'InstallSnapshotReply':
      return gobSize(t, { Term: m.term, LastIncludedIndex: m.lastIncludedIndex });
  }
}

const nat = fc.nat({ max: 1_000_000 });
const command = fc.oneof(
  fc.integer({ min: -1e12, max: 1e12 }).map(int),
  fc.string({ maxLength: 300 }).map(str),
  fc.uint8Array({ maxLength: 200 }),
);
const entryArb = fc.record({ term: nat, command }, { noNullPrototype: true });
const message: fc.Arbitrary<Message> = fc.oneof(
  fc.tuple(nat, nat, nat, nat).map(([term, from, li, lt]): Message => ({ type: 'RequestVote',
    from, to: 0, term, lastLogIndex: li, lastLogTerm: lt })),
  fc.tuple(nat, fc.boolean()).map(([term, granted]): Message => ({ type: 'RequestVoteReply',
    from: 0, to: 1, term, granted })),
  fc.tuple(fc.array(entryArb, { maxLength: 20 }), nat, nat, nat, nat, nat)
    .map(([es, term, from, p, pt, c]) => ae(es, term, from, p, pt, c)),
  fc.tuple(nat, fc.boolean(), nat, nat, nat, nat).map((a) => aeReply(...a)),
  fc.tuple(nat, nat, nat, fc.uint8Array({ maxLength: 400 })).map(([term, li, lt, data]):
    Message => ({ type: 'InstallSnapshot', from: 1, to: 0, term, lastIncludedIndex: li,
    lastIncludedTerm: lt, data })),
  fc.tuple(nat, nat).map(([term, li]): Message => ({ type: 'InstallSnapshotReply', from: 0,
    to: 1, term, lastIncludedIndex: li })),
);

test('gob: messageSize (closed form) equals the general model on any message', (t) => {
  assertProperty(t, fc.property(message, (m) => {
    assert.equal(messageSize(m), general(m), m.type);
  }), { numRuns: 1000 });
});

test('gob: the persisted size (closed form) equals the general model on any state', (t) => {
  const state = fc.record({ term: nat, votedFor: fc.integer({ min: -1, max: 6 }),
    snapshotIndex: nat, snapshotTerm: nat, entries: fc.array(entryArb, { maxLength: 150 }) },
  { noNullPrototype: true });
  assertProperty(t, fc.property(state, (s) => {
    const e = new GobEncoder();
    const want = e.encode(GO_INT, s.term) + e.encode(GO_INT, s.votedFor) +
      e.encode(GO_INT, s.snapshotIndex) + e.encode(GO_INT, s.snapshotTerm) +
      e.encode(GO_LOG, goEntries(s.entries));
    assert.equal(hardStateSize(s), want);
  }), { numRuns: 500 });
});
