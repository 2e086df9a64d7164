import { assert } from '../assert.ts';
import type { ApplyMsg, InstallSnapshot, LogIndex, NodeId, Term } from './types.ts';

/**
 * A service's snapshot as the real node keeps, saves and sends it: its size in bytes is known
 * from the start, and its bytes are made the first time something reads them (a restart reads
 * the save, an external service reads an install). The KV service snapshots every few ops while
 * its state grows to tens of kilobytes, and almost no snapshot is ever read: encoding each one
 * was the largest single cost of the 2018-2024 snapshot tests.
 *
 * `image` is the service's own picture of the state the bytes encode (opaque to Raft): a
 * service that recognises it may restore from it instead of decoding the bytes, with the same
 * result. Raft only stores, saves and forwards a handle; it never looks inside.
 */
export class SnapshotHandle {
  static readonly EMPTY = SnapshotHandle.of(new Uint8Array(0));

  #bytes: Uint8Array | null;
  #encode: (() => Uint8Array) | null;
  readonly #image: unknown;

  /** `encode` must return exactly `size` bytes, the same whenever it is called. */
  constructor(readonly size: number, encode: () => Uint8Array, image: unknown = null) {
    this.#bytes = null;
    this.#encode = encode;
    this.#image = image;
  }

  /** A handle on bytes made already (a service without a lazy encoding, an install). */
  static of(bytes: Uint8Array): SnapshotHandle {
    const h = new SnapshotHandle(bytes.length, () => bytes);
    h.#bytes = bytes;
    return h;
  }

  /** The bytes (made once; the same array on every call). Read-only to every caller. */
  bytes(): Uint8Array {
    if (this.#bytes === null) {
      const b = this.#encode!();
      assert(b.length === this.size, 'snapshot: encoded size differs from the announced size',
        { size: this.size, encoded: b.length });
      this.#bytes = b;
      this.#encode = null;
    }
    return this.#bytes;
  }

  image(): unknown {
    return this.#image;
  }
}

/**
 * The handle an InstallSnapshot or a snapshot apply carries: its own, or one on its bytes
 * (another sender's, a Raft that does not know handles).
 */
export function handleOf(m: { readonly handle?: SnapshotHandle; readonly data: Uint8Array }):
  SnapshotHandle {
  return m.handle ?? SnapshotHandle.of(m.data);
}

/** An InstallSnapshot whose `data` are its handle's bytes, made only if read (a size is not). */
export class InstallSnapshotMessage implements InstallSnapshot {
  readonly type = 'InstallSnapshot' as const;

  constructor(readonly from: NodeId, readonly to: NodeId, readonly term: Term,
    readonly lastIncludedIndex: LogIndex, readonly lastIncludedTerm: Term,
    readonly handle: SnapshotHandle) {}

  get data(): Uint8Array {
    return this.handle.bytes();
  }
}

type SnapshotApply = Extract<ApplyMsg, { type: 'snapshot' }>;

/** An installed snapshot handed to the service: `data` made only if read (see `handle`). */
export class SnapshotApplyMsg implements SnapshotApply {
  readonly type = 'snapshot' as const;

  constructor(readonly index: LogIndex, readonly term: Term, readonly handle: SnapshotHandle) {}

  get data(): Uint8Array {
    return this.handle.bytes();
  }
}
