import { Clerk, type ClerkEffect, type ClerkOp, type ClerkResult } from '../core/kv/clerk.ts';
import type { Random } from '../core/random.ts';
import type { KvRpcReply, KvRpcRequest } from '../core/kv/types.ts';
import type { History, HistoryOp } from './history.ts';
import { kvMessageSize } from './kv-service.ts';
import type { Endpoint } from './network.ts';
import { future, join, sleep, type Proc } from './tasks.ts';
import type { World } from './world.ts';

/** Client endpoint ids start here, so they never clash with server ids. */
export const CLIENT_ID_BASE = 1000;

/**
 * A client call takes at least 1-9 ms (uniform, drawn per call from the client's own stream).
 * labrpc delivers a reliable call at once and the simulated Raft commits within the same virtual
 * instant, so without a floor a client that never sleeps (GenericTest's OnePut loop) would run
 * forever at one instant and the clock would never reach the end of its client phase. The Go
 * tester spends real time per call (goroutines, gob, the Raft round): the course's Basic4B makes
 * about 700-1150 calls in its 3 s, Speed4B's 1000 Puts take 1.2-8 s; this floor gives about 500
 * and 5 s. It changes little on the unreliable network, where most calls take longer anyway.
 */
export const CALL_FLOOR_MS = { min: 1, max: 9 } as const;

/** How an op and its result are written into the history, per checker model. */
export type Recorder = (op: ClerkOp, result: ClerkResult | null) => {
  input: Record<string, unknown>;
  output: Record<string, unknown> | null;
};

/** The 2025 model (kv-versioned): put carries a version; get returns value, version and err. */
export const versionedRecorder: Recorder = (op, result) => {
  if (op.op === 'get') {
    return { input: { op: 'get', key: op.key }, output: result === null ? null : { ...result } };
  }
  if (op.op !== 'put') throw new Error(`kv-versioned history cannot record ${op.op}`);
  return {
    input: { op: 'put', key: op.key, value: op.value, version: op.version },
    output: result === null ? null : { err: result.err },
  };
};

/** The 2018-2024 model (kv): get -> value; put and append -> {}. */
export const plainRecorder: Recorder = (op, result) => {
  if (op.op === 'get') {
    const value = result !== null && 'value' in result ? result.value : '';
    return { input: { op: 'get', key: op.key }, output: result === null ? null : { value } };
  }
  if (op.op === 'put') throw new Error('kv history cannot record a versioned put');
  const kind = op.op === 'append' ? 'append' : 'put';
  return { input: { op: kind, key: op.key, value: op.value }, output: result === null ? null : {} };
};

/**
 * A simulated client machine running one pure Clerk: it carries out the Clerk's effects (RPCs
 * through the network, backoff waits) and records every operation in the history.
 */
export class KvClient {
  readonly endpoint: Endpoint;
  readonly clerk: Clerk;
  private readonly rng: Random;

  constructor(
    private readonly world: World,
    readonly index: number,
    servers: readonly number[],
    private readonly history: History | null,
    private readonly recorder: Recorder,
  ) {
    const id = CLIENT_ID_BASE + index;
    this.endpoint = { id, name: `c${index}`, alive: true, handler: null };
    this.clerk = new Clerk(id, servers);
    this.rng = world.streams.get(`client ${index}`);
  }

  /** Run one operation to its answer, as the course's Clerk call does. */
  *call(op: ClerkOp): Proc<ClerkResult> {
    const rec = this.history === null ? null : this.begin(op);
    let effect: ClerkEffect = this.clerk.begin(op);
    while (effect.type !== 'done') {
      if (effect.type === 'wait') {
        yield* sleep(effect.ms);
        effect = this.clerk.onWake();
        continue;
      }
      const reply = yield* this.rpc(effect.to, { type: 'KV', req: effect.request });
      effect = reply === null ? this.clerk.onFail() : this.clerk.onReply(reply);
    }
    if (rec !== null) {
      this.history!.end(rec, this.world.now, this.recorder(op, effect.result).output!);
    }
    return effect.result;
  }

  private begin(op: ClerkOp): HistoryOp {
    return this.history!.begin(this.index, this.world.now, this.recorder(op, null).input);
  }

  /** One RPC: the reply, or null when the network reports failure. */
  private *rpc(to: number, request: KvRpcRequest): Proc<KvRpcReply | null> {
    const answer = future<KvRpcReply | null>(`${this.endpoint.name} rpc`);
    const resolve = (v: KvRpcReply | null): void => this.world.scheduler.resolve(answer, v);
    this.world.network.call(this.endpoint, to, request, {
      requestBytes: kvMessageSize(request),
      label: `${request.req.op}(${request.req.key})`,
      onReply: (r) => resolve(r as KvRpcReply),
      onFail: () => resolve(null),
    });
    const sent = this.world.now;
    const floor = CALL_FLOOR_MS.min + this.rng.below(CALL_FLOOR_MS.max - CALL_FLOOR_MS.min + 1);
    const reply = yield* join(answer);
    const spent = this.world.now - sent;
    if (spent < floor) yield* sleep(floor - spent);
    return reply;
  }
}
