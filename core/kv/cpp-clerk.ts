import { assert } from '../assert.ts';
import type { KvRequest, KvRpcReply } from './types.ts';

/**
 * The C++ lab's KV client (stonysystems/dslabs-cpp, lab-kv-23, `src/kv/client.cc` KvClient::Op)
 * as a pure state machine. Its result codes, as in `src/kv/server.h`.
 */
export const KV_CODES = { KV_SUCCESS: 0, KV_TIMEOUT: 1, KV_NOTLEADER: 2 } as const;
export type KvCode = keyof typeof KV_CODES;

/** The rrr future's default timeout (`src/rrr/rpc/client.hpp`): one RPC waits at most 1 s. */
export const CPP_RPC_TIMEOUT_MS = 1000;
/** KvClient::Op gives up after 10 s (10 000 000 us), checked before each attempt. */
export const CPP_OP_GIVE_UP_MS = 10_000;

/** KvClient::Put / Append / Get. */
export type CppOp =
  | { readonly op: 'put'; readonly key: string; readonly value: string }
  | { readonly op: 'append'; readonly key: string; readonly value: string }
  | { readonly op: 'get'; readonly key: string };

/** What Op returns: KV_SUCCESS (with Get's value) or KV_TIMEOUT (the outcome is unknown). */
export type CppResult =
  | { readonly code: 'KV_SUCCESS'; readonly value: string }
  | { readonly code: 'KV_TIMEOUT' };

/**
 * - send: call `to` with `request`; if no reply came within `timeoutMs`, call onRpcTimeout()
 *   (rrr's ETIMEDOUT). `giveUpAfterMs` is set on an Op's first send only: arm a timer that calls
 *   onGiveUp() that long after the Op began.
 * - done: the Op's result.
 */
export type CppClerkEffect =
  | {
    readonly type: 'send'; readonly to: number; readonly request: KvRequest;
    readonly timeoutMs: number; readonly giveUpAfterMs: number | null;
  }
  | { readonly type: 'done'; readonly result: CppResult };

/**
 * KvClient::Op, one operation at a time:
 * - send to servers[leaderIdx];
 * - KV_NOTLEADER (our servers say ErrWrongLeader): rotate leaderIdx and retry at once (no backoff,
 *   as in the lab), unless the 10 s give-up has passed: then KV_TIMEOUT;
 * - ETIMEDOUT (no reply within 1 s; a failed call counts the same) or a server's KV_TIMEOUT:
 *   rotate leaderIdx and return KV_TIMEOUT at once, with no retry;
 * - any other reply: KV_SUCCESS.
 * Op ids: the lab's (cli_id << 32) + counter, one counter step per Op; writes carry it as the
 * (client, seq) of putPlain / append, so the servers apply each write at most once.
 */
export class CppClerk {
  /** The lab's `leader_idx_`: tests set it to point the client at a server. */
  leaderIdx = 0;
  private counter = 0;
  private current: KvRequest | null = null;
  private expired = false;

  constructor(readonly cliId: number, readonly servers: readonly number[]) {
    assert(servers.length > 0, 'cppClerk: no servers');
  }

  get busy(): boolean {
    return this.current !== null;
  }

  begin(op: CppOp): CppClerkEffect {
    assert(this.current === null, 'cppClerk: one operation at a time', { op });
    this.counter += 1;
    const seq = this.counter;
    this.current = op.op === 'get' ? { op: 'get', key: op.key }
      : { op: op.op === 'put' ? 'putPlain' : 'append', key: op.key, value: op.value,
        client: this.cliId, seq };
    this.expired = false;
    return this.send(CPP_OP_GIVE_UP_MS);
  }

  onReply(reply: KvRpcReply): CppClerkEffect {
    const req = this.current;
    assert(req !== null, 'cppClerk: a reply with no operation');
    if (reply.err === 'ErrWrongLeader') {
      this.rotate();
      return this.expired ? this.finish({ code: 'KV_TIMEOUT' }) : this.send(null);
    }
    const value = req.op === 'get' && 'value' in reply ? reply.value : '';
    return this.finish({ code: 'KV_SUCCESS', value });
  }

  /** ETIMEDOUT: the RPC got no reply within its timeout (or failed). */
  onRpcTimeout(): CppClerkEffect {
    assert(this.current !== null, 'cppClerk: a timeout with no operation');
    this.rotate();
    return this.finish({ code: 'KV_TIMEOUT' });
  }

  /** The Op's 10 s are over; seen before the next attempt (an RPC is always in flight). */
  onGiveUp(): void {
    if (this.current !== null) this.expired = true;
  }

  private rotate(): void {
    this.leaderIdx = (this.leaderIdx + 1) % this.servers.length;
  }

  private send(giveUpAfterMs: number | null): CppClerkEffect {
    return { type: 'send', to: this.servers[this.leaderIdx]!, request: this.current!,
      timeoutMs: CPP_RPC_TIMEOUT_MS, giveUpAfterMs };
  }

  private finish(result: CppResult): CppClerkEffect {
    this.current = null;
    return { type: 'done', result };
  }
}
