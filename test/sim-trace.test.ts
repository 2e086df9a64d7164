import test from 'ava';
import fc from 'fast-check';
import type { Message } from '../core/raft/types.ts';
import { describeMessage, writeMessage } from '../sim/raft-host.ts';
import { Trace } from '../sim/trace.ts';
import { assertProperty } from './helpers/property.ts';

/**
 * The trace hash is defined over the text of the lines `${time} ${who} ${what}\n`. Trace hashes
 * them part by part (the time's digits without building a string); this is the plain definition,
 * hashing the joined text, and the two must agree on every line.
 */
function referenceHash(lines: ReadonlyArray<readonly [number, string, string]>): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const [time, who, what] of lines) {
    const s = `${time} ${who} ${what}\n`;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
  }
  const hex = (h: number): string => (h >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}

const time = fc.oneof(
  fc.constantFrom(0, 1, 9, 10, 99, 100, 1000, 2 ** 31 - 1, 2 ** 31, 1e21, 0.5, -3),
  fc.nat({ max: 10_000_000 }),
  fc.double({ noNaN: true }),
);
const line = fc.tuple(time, fc.string({ maxLength: 6 }), fc.string({ unit: 'binary' }));

test('trace: the part-by-part hash equals the hash of the joined line text', (t) => {
  assertProperty(t, fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
    const trace = new Trace();
    for (const [tm, who, what] of lines) trace.event(tm, who, what);
    if (trace.hash() !== referenceHash(lines)) throw new Error(JSON.stringify(lines));
    if (trace.lines !== lines.length) throw new Error('line count');
  }), { numRuns: 2000 });
});

test('trace: a known line hashes to the value the joined-text code gave', (t) => {
  const trace = new Trace();
  trace.event(1234, 's0', 'leader in term 3');
  t.is(trace.hash(), referenceHash([[1234, 's0', 'leader in term 3']]));
  t.is(trace.hash(), '004d36634a997cbc');
});

/** describeMessage as it was written before it became writeMessage's parts: the reference. */
function referenceDescribe(m: Message): string {
  const head = `${m.type} ${m.from}->${m.to} t${m.term}`;
  switch (m.type) {
    case 'RequestVote': return `${head} last=${m.lastLogIndex}/t${m.lastLogTerm}`;
    case 'RequestVoteReply': return `${head} ${m.granted ? 'granted' : 'refused'}`;
    case 'AppendEntries':
      return `${head} prev=${m.prevLogIndex}/t${m.prevLogTerm} n=${m.entries.length} ` +
        `commit=${m.leaderCommit}`;
    case 'AppendEntriesReply':
      return m.success ? `${head} ok match=${m.matchIndex}`
        : `${head} reject prev=${m.prevLogIndex} conflict=${m.conflictIndex}/t${m.conflictTerm}`;
    case 'InstallSnapshot': return `${head} last=${m.lastIncludedIndex}/t${m.lastIncludedTerm}`;
    case 'InstallSnapshotReply': return `${head} have=${m.lastIncludedIndex}`;
  }
}

const num = fc.oneof(fc.nat({ max: 3000 }), fc.integer({ min: -2, max: 2 ** 32 }));
const entry = fc.record({ term: num, command: fc.constant(new Uint8Array(0)) });
const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({ type: fc.constant('RequestVote' as const), from: num, to: num, term: num,
    lastLogIndex: num, lastLogTerm: num }),
  fc.record({ type: fc.constant('RequestVoteReply' as const), from: num, to: num, term: num,
    granted: fc.boolean() }),
  fc.record({ type: fc.constant('AppendEntries' as const), from: num, to: num, term: num,
    prevLogIndex: num, prevLogTerm: num, entries: fc.array(entry, { maxLength: 3 }),
    leaderCommit: num }),
  fc.record({ type: fc.constant('AppendEntriesReply' as const), from: num, to: num, term: num,
    success: fc.boolean(), prevLogIndex: num, matchIndex: num, conflictIndex: num,
    conflictTerm: num }),
  fc.record({ type: fc.constant('InstallSnapshot' as const), from: num, to: num, term: num,
    lastIncludedIndex: num, lastIncludedTerm: num, data: fc.constant(new Uint8Array(0)) }),
  fc.record({ type: fc.constant('InstallSnapshotReply' as const), from: num, to: num, term: num,
    lastIncludedIndex: num }),
);

test('trace: a message written in parts reads and hashes as its one-string description', (t) => {
  assertProperty(t, fc.property(message, time, (m, tm) => {
    if (describeMessage(m) !== referenceDescribe(m)) throw new Error(describeMessage(m));
    const lines: string[] = [];
    const parts = new Trace((l) => lines.push(`${l.time} ${l.who} ${l.what}`));
    writeMessage(parts.begin(tm, 's1').str('recv '), m);
    parts.end();
    parts.begin(tm, 'net').str('x -> ').num(m.to).str(': sent');
    parts.end();
    const whole = new Trace();
    whole.event(tm, 's1', `recv ${referenceDescribe(m)}`);
    whole.event(tm, 'net', `x -> ${m.to}: sent`);
    if (parts.hash() !== whole.hash()) throw new Error('hash differs');
    if (lines[0] !== `${tm} s1 recv ${referenceDescribe(m)}`) throw new Error(lines[0]);
  }), { numRuns: 3000 });
});
