import type { NodeStatus, Role } from '../raft/types.ts';
import { Rsm } from '../rsm/rsm.ts';
import type { Completion, RaftPort, RsmConfig, RsmRules } from '../rsm/types.ts';
import { kvOpCodec } from './codec.ts';
import { KvStore } from './store.ts';
import type { ApplyMsg } from '../raft/types.ts';
import type { KvReply, KvRequest, KvRpcReply } from './types.ts';

/** A reply to send: `token` identifies the pending RPC (opaque to the server). */
export interface ReplyEffect<T> {
  readonly token: T;
  readonly reply: KvRpcReply;
}

/**
 * The KV server's decisions about *when* to answer, each one function; the real server's are
 * `kvServerRules`. They are override points for the known-bad services (scenarios/bugs/kv/),
 * which differ from the real server by one of these or by their store, never by a copy.
 */
export interface KvServerRules {
  /**
   * Before the log: an answer to give at once, or null to submit the request. The real server
   * never answers early: a server that is not part of a majority must not answer even a Get.
   * `role` is the node's role as last reported through statusChanged.
   */
  answerBeforeLog(req: KvRequest, store: KvStore, role: Role): KvRpcReply | null;
  /**
   * Once Raft has accepted the op into the leader's log: an answer to give already, or null.
   * The real server answers only when the op is applied (it may yet be lost).
   */
  answerOnSubmit(req: KvRequest): KvRpcReply | null;
}

export const kvServerRules: KvServerRules = {
  answerBeforeLog: () => null,
  answerOnSubmit: () => null,
};

/** What a KvServer is built with besides its Raft: both default to the real thing. */
export interface KvServerOptions {
  /** The state machine, fresh for this incarnation (default: a new KvStore). */
  readonly store?: KvStore;
  readonly rules?: Partial<KvServerRules>;
  /** Replaces some of the RSM's decisions under the server (core/rsm/types.ts RsmRules). */
  readonly rsmRules?: Partial<RsmRules>;
}

/**
 * The KV server (pure): every request, Gets included, goes through the log (the course's rule:
 * a server not part of a majority must not answer a Get). It answers a pending RPC when its op
 * is applied, or with ErrWrongLeader when it cannot know the op will commit.
 */
export class KvServer<T> {
  readonly store: KvStore;
  private readonly rules: KvServerRules;
  private readonly rsm: Rsm<KvRequest, KvReply>;
  private readonly pending = new Map<number, T>();
  private role: Role = 'follower';

  constructor(config: RsmConfig, raft: RaftPort, options: KvServerOptions = {}) {
    this.store = options.store ?? new KvStore();
    this.rules = { ...kvServerRules, ...options.rules };
    this.rsm = new Rsm(config, this.store, kvOpCodec, raft, options.rsmRules);
  }

  start(snapshot: Uint8Array, snapshotIndex: number): void {
    this.rsm.start(snapshot, snapshotIndex);
  }

  handle(req: KvRequest, token: T): ReplyEffect<T>[] {
    const early = this.rules.answerBeforeLog(req, this.store, this.role);
    if (early !== null) return [{ token, reply: early }];
    const r = this.rsm.submit(req);
    if ('err' in r) return [{ token, reply: { err: 'ErrWrongLeader' } }];
    this.pending.set(r.ticket, token);
    const now = this.rules.answerOnSubmit(req);
    return now === null ? [] : [{ token, reply: now }];
  }

  apply(msg: ApplyMsg): ReplyEffect<T>[] {
    return this.complete(this.rsm.apply(msg));
  }

  statusChanged(status: NodeStatus): ReplyEffect<T>[] {
    this.role = status.role;
    return this.complete(this.rsm.statusChanged(status));
  }

  stop(): ReplyEffect<T>[] {
    return this.complete(this.rsm.stop());
  }

  /** Requests submitted and not yet answered (each is answered once applied or abandoned). */
  pendingCount(): number {
    return this.pending.size;
  }

  private complete(done: Completion<KvReply>[]): ReplyEffect<T>[] {
    const out: ReplyEffect<T>[] = [];
    for (const c of done) {
      const token = this.pending.get(c.ticket);
      if (token === undefined) continue;
      this.pending.delete(c.ticket);
      out.push({ token, reply: c.err === 'OK' ? c.result : { err: 'ErrWrongLeader' } });
    }
    return out;
  }
}
