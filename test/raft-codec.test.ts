import test from 'ava';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PersistDecodeError, decodeHardState, encodeHardState, entrySize, messageSize,
  persistedTermAt, type HardState,
} from '../core/raft/codec.ts';
import { ae, aeOk, rv, rvReply, snap, snapReply } from './helpers/messages.ts';
import { assertProperty } from './helpers/property.ts';

/** Persisted-state encoding (core/raft/codec.ts): round trip, validation, sizes. */
const u32 = fc.nat({ max: 0xffff_ffff });
const hardState: fc.Arbitrary<HardState> = fc.record({
  term: u32,
  votedFor: fc.integer({ min: -1, max: 1000 }),
  snapshotIndex: fc.nat({ max: 1_000_000 }),
  snapshotTerm: u32,
  entries: fc.array(fc.record({ term: u32, command: fc.uint8Array({ maxLength: 12 }) },
    { noNullPrototype: true }), { maxLength: 8 }),
}, { noNullPrototype: true });

test('codec: decode(encode(s)) is s', (t) => {
  assertProperty(t, fc.property(hardState, (s) => {
    assert.deepEqual(decodeHardState(encodeHardState(s)), s);
  }));
});

test('codec: every strict prefix of an encoding is refused as truncated', (t) => {
  assertProperty(t, fc.property(hardState, (s) => {
    const bytes = encodeHardState(s);
    for (let n = 0; n < bytes.length; n++) {
      assert.throws(() => decodeHardState(bytes.slice(0, n)),
        (e) => e instanceof PersistDecodeError && /truncated/.test(e.message), `prefix ${n}`);
    }
  }), { numRuns: 50 });
});

test('codec: trailing bytes, a bad magic byte and a bad version are refused', (t) => {
  const bytes = encodeHardState({ term: 1, votedFor: 0, snapshotIndex: 0, snapshotTerm: 0,
    entries: [{ term: 1, command: new Uint8Array([9]) }] });
  const longer = new Uint8Array([...bytes, 0]);
  t.throws(() => decodeHardState(longer), { instanceOf: PersistDecodeError, message: /trailing/ });
  for (const at of [0, 1]) {
    const bad = bytes.slice();
    bad[at] = bad[at]! ^ 0xff;
    t.throws(() => decodeHardState(bad), { instanceOf: PersistDecodeError, message: /magic/ });
  }
});

test('codec: garbage either decodes to a state that re-encodes to it, or is refused', (t) => {
  const mutated = fc.tuple(hardState, fc.nat(), fc.nat({ max: 255 })).map(([s, at, v]) => {
    const bytes = encodeHardState(s);
    bytes[at % bytes.length] = v;
    return bytes;
  });
  assertProperty(t, fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated), (bytes) => {
    let decoded: HardState;
    try {
      decoded = decodeHardState(bytes);
    } catch (e) {
      assert.ok(e instanceof PersistDecodeError, String(e));
      return;
    }
    assert.deepEqual(encodeHardState(decoded), bytes);
  }), { numRuns: 500 });
});

test('codec: persistedTermAt agrees with a full decode at every index', (t) => {
  assertProperty(t, fc.property(hardState, (s) => {
    const bytes = encodeHardState(s);
    const last = s.snapshotIndex + s.entries.length;
    for (let i = Math.max(0, s.snapshotIndex - 2); i <= last + 2; i++) {
      const want = i < s.snapshotIndex ? 'covered'
        : i === s.snapshotIndex ? s.snapshotTerm
          : i <= last ? s.entries[i - s.snapshotIndex - 1]!.term : undefined;
      assert.equal(persistedTermAt(bytes, i), want, `index ${i}`);
    }
  }), { numRuns: 100 });
});

/** Message sizes are gob's (core/raft/gob-raft.ts; test/gob-size.test.ts checks them with Go). */
test('messageSize: every entry adds its entrySize; snapshot data adds its length', (t) => {
  const heartbeat = messageSize(ae(1, '0/0', [], 0));
  const three = ae(1, '0/0', [1, 1, 1], 0);
  const entries = three.entries.reduce((a, e) => a + entrySize(e), 0);
  t.is(messageSize(three), heartbeat + 1 + 1 + entries); // + the Entries field's delta, count
  for (const e of three.entries) t.true(entrySize(e) > e.command.length);
  const s = snap(1, '5/1');
  const empty = messageSize({ ...s, data: new Uint8Array(0) });
  t.is(messageSize(s), empty + 1 + 1 + s.data.length); // delta, length, data
  t.true(messageSize(rv(1, '0/0')) > messageSize(rvReply(1, true)));
  t.true(messageSize(aeOk(1, 0, 0)) < messageSize(ae(1, '0/0', [], 0)));
  t.true(messageSize(snapReply(1, 0)) > 0);
});
