import { KvServer, type ReplyEffect } from '../core/kv/server.ts';
import { isKvRpcRequest, type KvRpcReply } from '../core/kv/types.ts';
import type { ApplyMsg, NodeStatus } from '../core/raft/types.ts';
import type { RaftPort } from '../core/rsm/types.ts';
import type { IncomingCall } from './network.ts';
import type { HostService, RaftHost } from './raft-host.ts';

/** Builds the KV service of one server incarnation. */
export type KvServiceFactory = (host: RaftHost, maxRaftState: number) => HostService;

export const defaultKvServiceFactory: KvServiceFactory = (host, maxRaftState) =>
  new KvHostService(host, maxRaftState);

/** Bytes of a KV request or reply on the simulated wire (its JSON text). */
export function kvMessageSize(m: unknown): number {
  return JSON.stringify(m).length;
}

/** A RaftPort over a host's current node. */
export function raftPort(host: RaftHost): RaftPort {
  return {
    propose: (command) => {
      const r = host.propose(command);
      return r.isLeader ? { index: r.index, term: r.term } : null;
    },
    snapshot: (index, data) => host.snapshot(index, data),
    persistedSize: () => host.node?.persistedSize() ?? 0,
  };
}

/**
 * Runs the pure KvServer on a simulated server: client RPCs become submits; replies go back
 * through the network, which may still lose them (the course's reply-loss faults).
 */
export class KvHostService implements HostService {
  readonly server: KvServer<IncomingCall>;

  constructor(private readonly host: RaftHost, maxRaftState: number) {
    this.server = new KvServer<IncomingCall>(
      { me: host.id, incarnation: host.currentIncarnation, maxRaftState }, raftPort(host));
  }

  start(snapshot: Uint8Array): void {
    this.server.start(snapshot, this.host.node!.log.snapshotIndex);
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

  private send(effects: ReplyEffect<IncomingCall>[]): void {
    for (const e of effects) e.token.respond(e.reply, kvMessageSize(e.reply));
  }
}
