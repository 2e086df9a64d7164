import { GO_INT, GO_STRING, GO_UINT, gobSize, goStruct } from '../core/gob.ts';
import { KvServer, type KvServerOptions, type ReplyEffect } from '../core/kv/server.ts';
import { isKvRpcRequest, type KvRpcReply } from '../core/kv/types.ts';
import type { ApplyMsg, NodeStatus } from '../core/raft/types.ts';
import type { RaftPort } from '../core/rsm/types.ts';
import type { IncomingCall } from './network.ts';
import type { HostService, RaftHost } from './raft-host.ts';

/** Builds the KV service of one server incarnation. */
export type KvServiceFactory = (host: RaftHost, maxRaftState: number) => HostService;

export const defaultKvServiceFactory: KvServiceFactory = (host, maxRaftState) =>
  new KvHostService(host, maxRaftState);

/**
 * The KV RPCs' Go shapes, for the gob size model (core/gob.ts): the 2025 kvsrv1/rpc structs
 * (GetArgs, GetReply, PutArgs, PutReply; Tversion is a uint64, Err a string) and, for the
 * Put/Append era, the PutAppendArgs a 2018-2024 clerk sends with its (ClientId, SeqNum). The
 * C++ lab marshals with rrr, not gob; its RPCs are counted with the same shapes.
 */
const GO_KV = {
  get: goStruct('GetArgs', [['Key', GO_STRING]]),
  put: goStruct('PutArgs', [['Key', GO_STRING], ['Value', GO_STRING], ['Version', GO_UINT]]),
  write: goStruct('PutAppendArgs', [['Key', GO_STRING], ['Value', GO_STRING],
    ['ClientId', GO_INT], ['SeqNum', GO_INT]]),
  getReply: goStruct('GetReply', [['Value', GO_STRING], ['Version', GO_UINT],
    ['Err', GO_STRING]]),
  putReply: goStruct('PutReply', [['Err', GO_STRING]]),
} as const;

/**
 * Bytes of a KV request or reply as labrpc counts them: its gob encoding by a fresh encoder
 * (descriptors included). A reply is sized by what it carries: with a value it is a GetReply,
 * else a PutReply (an ErrWrongLeader to a Get counts as a PutReply: a few bytes fewer).
 */
export function kvMessageSize(m: unknown): number {
  if (isKvRpcRequest(m)) {
    const r = m.req;
    switch (r.op) {
      case 'get': return gobSize(GO_KV.get, { Key: r.key });
      case 'put': return gobSize(GO_KV.put, { Key: r.key, Value: r.value, Version: r.version });
      case 'putPlain': case 'append':
        return gobSize(GO_KV.write,
          { Key: r.key, Value: r.value, ClientId: r.client, SeqNum: r.seq });
    }
  }
  const reply = m as { err: string; value?: string; version?: number };
  if (reply.value === undefined) return gobSize(GO_KV.putReply, { Err: reply.err });
  return gobSize(GO_KV.getReply,
    { Value: reply.value, Version: reply.version ?? 0, Err: reply.err });
}

/** A RaftPort over a host's current node. */
export function raftPort(host: RaftHost): RaftPort {
  return {
    propose: (command) => {
      const r = host.propose(command);
      return r.isLeader ? { index: r.index, term: r.term } : null;
    },
    snapshot: (index, data) => host.snapshotHandle(index, data),
    persistedSize: () => host.node?.persistedSize() ?? 0,
  };
}

/**
 * Runs the pure KvServer on a simulated server: client RPCs become submits; replies go back
 * through the network, which may still lose them (the course's reply-loss faults).
 */
export class KvHostService implements HostService {
  readonly server: KvServer<IncomingCall>;

  /** `options` replaces the store or the server's rules (the known-bad services do). */
  constructor(private readonly host: RaftHost, maxRaftState: number,
    options: KvServerOptions = {}) {
    this.server = new KvServer<IncomingCall>(
      { me: host.id, incarnation: host.currentIncarnation, maxRaftState }, raftPort(host),
      options);
  }

  start(snapshot: Uint8Array): void {
    this.server.start(snapshot, this.host.node!.status().snapshotIndex);
  }

  apply(msg: ApplyMsg): void {
    this.send(this.server.apply(msg));
  }

  handleCall(call: IncomingCall): void {
    if (!isKvRpcRequest(call.request)) {
      call.respond({ err: 'ErrWrongLeader' } satisfies KvRpcReply, 0);
      return;
    }
    this.send(this.server.handle(call.request.req, call));
  }

  statusChanged(status: NodeStatus): void {
    this.send(this.server.statusChanged(status));
  }

  stop(): void {
    // The server is gone: its pending RPCs lose their replies (the network fails them).
    this.server.stop();
  }

  stateDigest(): string {
    return this.server.store.digest();
  }

  pendingRequests(): number {
    return this.server.pendingCount();
  }

  private send(effects: ReplyEffect<IncomingCall>[]): void {
    for (const e of effects) e.token.respond(e.reply, kvMessageSize(e.reply));
  }
}
