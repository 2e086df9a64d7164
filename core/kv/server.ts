import type { NodeStatus } from '../raft/types.ts';
import { Rsm } from '../rsm/rsm.ts';
import type { Completion, RaftPort, RsmConfig } from '../rsm/types.ts';
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
 * The KV server (pure): every request, Gets included, goes through the log (the course's rule:
 * a server not part of a majority must not answer a Get). It answers a pending RPC when its op
 * is applied, or with ErrWrongLeader when it cannot know the op will commit.
 */
export class KvServer<T> {
  readonly store = new KvStore();
  private readonly rsm: Rsm<KvRequest, KvReply>;
  private readonly pending = new Map<number, T>();

  constructor(config: RsmConfig, raft: RaftPort) {
    this.rsm = new Rsm(config, this.store, kvOpCodec, raft);
  }

  start(snapshot: Uint8Array, snapshotIndex: number): void {
    this.rsm.start(snapshot, snapshotIndex);
  }

  handle(req: KvRequest, token: T): ReplyEffect<T>[] {
    const r = this.rsm.submit(req);
    if ('err' in r) return [{ token, reply: { err: 'ErrWrongLeader' } }];
    this.pending.set(r.ticket, token);
    return [];
  }

  apply(msg: ApplyMsg): ReplyEffect<T>[] {
    return this.complete(this.rsm.apply(msg));
  }

  statusChanged(status: NodeStatus): ReplyEffect<T>[] {
    return this.complete(this.rsm.statusChanged(status));
  }

  stop(): ReplyEffect<T>[] {
    return this.complete(this.rsm.stop());
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
