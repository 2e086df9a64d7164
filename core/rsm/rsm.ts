import { assert } from '../assert.ts';
import { handleOf, SnapshotHandle } from '../raft/snapshot.ts';
import type { ApplyMsg, LogIndex, NodeStatus, Term } from '../raft/types.ts';
import type {
  Codec, Completion, RaftPort, RsmConfig, RsmRules, StateMachine, SubmitStart,
} from './types.ts';

/** A request wrapped with the id of the submit that proposed it (the course's Op{Me, Id, Req}). */
interface Op<Req> {
  readonly me: number;
  readonly inc: number;
  readonly id: number;
  readonly req: Req;
}

interface Waiter {
  readonly ticket: number;
  readonly term: Term;
  readonly id: number;
}

/** The correct RSM rules: what Rsm does unless built as a known-bad variant. */
export const rsmRules: RsmRules = {
  appliedThrough: (snapshotIndex) => snapshotIndex,
  abandonsWait: (waiterTerm, status) => waiterTerm < status.term,
};

/** Upper bound on submits waiting at once on one server (TigerBeetle: a limit on everything). */
export const MAX_WAITERS = 10_000;

/**
 * The replicated state machine layer (the course's rsm package), pure: submit() proposes through
 * Raft; apply() runs every committed op in log order on every server and completes the matching
 * submit with the result; a submit whose index holds another op, or whose term has passed,
 * completes with ErrWrongLeader. An isolated ex-leader's submits wait until it learns of a new
 * term. Snapshots are taken when the persisted Raft state reaches maxRaftState.
 */
export class Rsm<Req, Res> {
  private readonly waiters = new Map<LogIndex, Waiter>();
  private nextId = 1;
  private nextTicket = 1;
  private readonly rules: RsmRules;
  lastApplied: LogIndex = 0;

  /** `rules` replaces some of the RSM's decisions (known-bad variants only). */
  constructor(
    private readonly config: RsmConfig,
    private readonly sm: StateMachine<Req, Res>,
    private readonly codec: Codec<Op<Req>>,
    private readonly raft: RaftPort,
    rules: Partial<RsmRules> = {},
  ) {
    this.rules = { ...rsmRules, ...rules };
  }

  /** At startup: restore the persisted snapshot (if any) before Raft applies anything after it. */
  start(snapshot: Uint8Array, snapshotIndex: LogIndex): void {
    if (snapshot.length > 0) this.sm.restore(SnapshotHandle.of(snapshot));
    this.lastApplied = this.rules.appliedThrough(snapshotIndex);
  }

  submit(req: Req): SubmitStart {
    if (this.waiters.size >= MAX_WAITERS) return { err: 'ErrWrongLeader' };
    const { me, incarnation: inc } = this.config;
    const op: Op<Req> = { me, inc, id: this.nextId++, req };
    const r = this.raft.propose(this.codec.encode(op));
    if (r === null) return { err: 'ErrWrongLeader' };
    const ticket = this.nextTicket++;
    // A waiter from an older term at this index was failed when the term changed
    // (statusChanged), so none can be left to overwrite silently.
    const old = this.waiters.get(r.index);
    assert(old === undefined, 'rsm: a submit would replace a waiter that was never answered',
      { index: r.index, term: r.term, old });
    this.waiters.set(r.index, { ticket, term: r.term, id: op.id });
    return { ticket };
  }

  /** A committed command or an installed snapshot, in log order. */
  apply(msg: ApplyMsg): Completion<Res>[] {
    if (msg.type === 'snapshot') return this.applySnapshot(msg.index, handleOf(msg));
    assert(msg.index === this.lastApplied + 1, 'rsm: apply out of order',
      { index: msg.index, lastApplied: this.lastApplied });
    this.lastApplied = msg.index;
    const op = this.codec.decode(msg.command);
    const result = this.sm.doOp(op.req);
    const out: Completion<Res>[] = [];
    const w = this.waiters.get(msg.index);
    if (w !== undefined) {
      this.waiters.delete(msg.index);
      const mine = op.me === this.config.me && op.inc === this.config.incarnation && op.id === w.id;
      out.push(mine ? { ticket: w.ticket, err: 'OK', result }
        : { ticket: w.ticket, err: 'ErrWrongLeader' });
    }
    this.maybeSnapshot();
    return out;
  }

  /** Raft's term or role changed: submits from earlier terms can no longer be known to commit. */
  statusChanged(status: NodeStatus): Completion<Res>[] {
    const out: Completion<Res>[] = [];
    for (const [index, w] of this.waiters) {
      if (this.rules.abandonsWait(w.term, status)) {
        this.waiters.delete(index);
        out.push({ ticket: w.ticket, err: 'ErrWrongLeader' });
      }
    }
    return out;
  }

  /** Shutdown: release every waiting submit. */
  stop(): Completion<Res>[] {
    const out: Completion<Res>[] = [];
    for (const w of this.waiters.values()) out.push({ ticket: w.ticket, err: 'ErrWrongLeader' });
    this.waiters.clear();
    return out;
  }

  pendingCount(): number {
    return this.waiters.size;
  }

  private applySnapshot(index: LogIndex, data: SnapshotHandle): Completion<Res>[] {
    assert(index > this.lastApplied, 'rsm: snapshot would roll the state back',
      { index, lastApplied: this.lastApplied });
    this.sm.restore(data);
    this.lastApplied = index;
    const out: Completion<Res>[] = [];
    for (const [i, w] of this.waiters) {
      if (i <= index) {
        this.waiters.delete(i);
        out.push({ ticket: w.ticket, err: 'ErrWrongLeader' });
      }
    }
    return out;
  }

  private maybeSnapshot(): void {
    const max = this.config.maxRaftState;
    if (max < 0 || this.raft.persistedSize() < max) return;
    this.raft.snapshot(this.lastApplied, this.sm.snapshot());
  }
}

/**
 * The JSON codec for ops (requests must be JSON values). Decoding is memoized by byte array:
 * every replica applies the same command (log entries are shared, never mutated), so a command
 * is parsed once, not once per server; and a command this codec encoded decodes to the value it
 * was made from, which its JSON is (ops are JSON values), so it is never parsed: bytes read back
 * from a save are other arrays, parsed and validated. Decoded ops are read-only to their users.
 */
export function jsonCodec<T>(validate: (v: unknown) => T): Codec<T> {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const decoded = new WeakMap<Uint8Array, T>();
  return {
    encode: (v) => {
      const b = enc.encode(JSON.stringify(v));
      decoded.set(b, v);
      return b;
    },
    decode: (b) => {
      let v = decoded.get(b);
      if (v === undefined) {
        v = validate(JSON.parse(dec.decode(b)));
        decoded.set(b, v);
      }
      return v;
    },
  };
}

export type { Op };
