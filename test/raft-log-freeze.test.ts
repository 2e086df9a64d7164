import test from 'ava';
import fc from 'fast-check';
import { entrySize } from '../core/raft/codec.ts';
import { RaftLog, type FrozenEntries } from '../core/raft/log.ts';
import type { Entry } from '../core/raft/types.ts';
import { assertProperty } from './helpers/property.ts';

/**
 * RaftLog.freeze(), which a node's save uses instead of copying its log: a frozen view keeps the
 * entries as they were, whatever the log does after (append, truncate and append, compact,
 * reset), and the log's byte count always equals the encoded size of its entries.
 */
type Op =
  | { readonly kind: 'append'; readonly len: number }
  | { readonly kind: 'truncate'; readonly back: number; readonly add: number }
  | { readonly kind: 'compact'; readonly keep: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'freeze' };

const ops = fc.array(fc.oneof(
  fc.record({ kind: fc.constant('append' as const), len: fc.nat(6) }),
  fc.record({ kind: fc.constant('truncate' as const), back: fc.nat(4), add: fc.nat(3) }),
  fc.record({ kind: fc.constant('compact' as const), keep: fc.nat(5) }),
  fc.constant({ kind: 'reset' as const }),
  fc.constant({ kind: 'freeze' as const }),
), { maxLength: 60 });

function apply(log: RaftLog, op: Op, next: () => Entry): void {
  const last = log.lastIndex();
  switch (op.kind) {
    case 'append': log.append({ ...next(), command: new Uint8Array(op.len) }); break;
    case 'truncate': {
      const from = Math.max(log.snapshotIndex + 1, last + 1 - op.back);
      log.truncateAndAppend(from, Array.from({ length: op.add }, next));
      break;
    }
    case 'compact': log.compactTo(Math.max(log.snapshotIndex, last - op.keep)); break;
    case 'reset': log.resetTo(last + 1, log.lastTerm()); break;
    case 'freeze': break;
  }
}

/** The entries' counted size (codec's entrySize, summed). */
const sizeOf = (entries: readonly Entry[]): number => entries.reduce((a, e) => a + entrySize(e), 0);

test('a frozen view never changes, and the byte count matches the entries', (t) => {
  assertProperty(t, fc.property(ops, (script) => {
    const log = new RaftLog(0, 0, []);
    let n = 0;
    const next = (): Entry => ({ term: 1, command: new Uint8Array([n++ % 256]) });
    const views: Array<[FrozenEntries, Entry[]]> = [];
    for (const op of script) {
      if (op.kind === 'freeze') views.push([log.freeze(), [...log.all()]]);
      else apply(log, op, next);
      if (sizeOf(log.all()) !== log.entryBytes()) {
        throw new Error(`entryBytes ${log.entryBytes()} after ${op.kind}`);
      }
    }
    for (const [view, want] of views) {
      const got = view.get();
      if (got.length !== want.length || got.some((e, i) => e !== want[i])) {
        throw new Error(`a frozen view changed: ${got.length} entries, want ${want.length}`);
      }
      if (sizeOf(got) !== view.bytes) throw new Error('view bytes');
    }
  }), { numRuns: 500 });
});
