import { Clerk, type ClerkEffect, type ClerkOp, type ClerkResult } from '../core/kv/clerk.ts';
import {
  CppClerk, type CppClerkEffect, type CppOp, type CppResult, type KvCode,
} from '../core/kv/cpp-clerk.ts';
import type { KvRpcReply, KvRpcRequest } from '../core/kv/types.ts';
import type { History, HistoryOp } from './history.ts';
import type { Site, Stream } from './random.ts';
import { kvMessageSize } from './kv-service.ts';
import { CLIENT_ID_BASE, type CallOptions, type Endpoint } from './network.ts';
import { future, join, sleep, type Proc, type Task } from './tasks.ts';
import type { World } from './world.ts';

export { CLIENT_ID_BASE };

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

/** The floor's draw: the client's pacing, so data, not a decision (docs/shrinking.md). */
const CALL_FLOOR: Site = { name: 'call floor', kind: 'data' };

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
  private readonly rng: Stream;

  constructor(
    private readonly world: World,
    readonly index: number,
    servers: readonly number[],
    private readonly history: History | null,
    private readonly recorder: Recorder,
    /** Give up on a server after this long without an answer and try the next (null: wait). */
    private readonly rpcTimeoutMs: number | null = null,
  ) {
    const id = CLIENT_ID_BASE + index;
    this.endpoint = { id, name: `c${index}`, alive: true, handler: null };
    this.clerk = new Clerk(id, servers, undefined, world.clerkRules);
    this.rng = world.streams.get(`client ${index}`, 'order');
  }

  /** Run one operation to its answer, as the course's Clerk call does. */
  *call(op: ClerkOp): Proc<ClerkResult> {
    const rec = this.history === null ? null : this.begin(op);
    const seen = this.world.observer?.invoke(this.endpoint.id, op, rec);
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
    if (seen !== undefined) this.world.observer?.returned(seen, effect.result);
    return effect.result;
  }

  private begin(op: ClerkOp): HistoryOp {
    return this.history!.begin(this.index, this.world.now, this.recorder(op, null).input);
  }

  /** One RPC: the reply, or null when the network reports failure. */
  private *rpc(to: number, request: KvRpcRequest): Proc<KvRpcReply | null> {
    const r = yield* kvCall(this.world, this.endpoint, this.rng, to, request, this.rpcTimeoutMs);
    return r.kind === 'reply' ? r.reply : null;
  }
}

/**
 * A client machine running the C++ lab's KvClient (core/kv/cpp-clerk.ts): it carries out the
 * clerk's effects (RPCs raced against their 1 s timeout, the Op's 10 s give-up timer), traces
 * every result code, and records each Op in a `kv` history. An Op that ends in KV_TIMEOUT stays
 * pending there (`return: null`): it may take effect later, or never.
 */
export class CppKvClient {
  readonly endpoint: Endpoint;
  readonly clerk: CppClerk;
  /** Op results (KV_SUCCESS, KV_TIMEOUT) and KV_NOTLEADER replies, counted. */
  readonly results: Record<KvCode, number> = { KV_SUCCESS: 0, KV_TIMEOUT: 0, KV_NOTLEADER: 0 };
  private readonly rng: Stream;
  private opGen = 0;

  constructor(private readonly world: World, readonly index: number, servers: readonly number[],
    private readonly history: History | null) {
    const id = CLIENT_ID_BASE + index;
    this.endpoint = { id, name: `c${index}`, alive: true, handler: null };
    this.clerk = new CppClerk(id, servers);
    this.rng = world.streams.get(`client ${index}`, 'order');
  }

  *call(op: CppOp): Proc<CppResult> {
    const input = { op: op.op, key: op.key, value: op.op === 'get' ? '' : op.value };
    const rec = this.history?.begin(this.index, this.world.now, input) ?? null;
    const seen = this.world.observer?.invoke(this.endpoint.id, op, rec);
    const gen = ++this.opGen;
    const what = `${op.op === 'get' ? 'Get' : op.op === 'put' ? 'Put' : 'Append'}(${op.key})`;
    let effect: CppClerkEffect = this.clerk.begin(op);
    while (effect.type === 'send') {
      if (effect.giveUpAfterMs !== null) {
        this.world.queue.schedule(effect.giveUpAfterMs, () => {
          if (this.opGen === gen) this.clerk.onGiveUp();
        });
      }
      const r = yield* kvCall(this.world, this.endpoint, this.rng, effect.to,
        { type: 'KV', req: effect.request }, effect.timeoutMs);
      if (r.kind === 'reply' && r.reply.err === 'ErrWrongLeader') {
        this.results.KV_NOTLEADER += 1;
        this.world.note(this.endpoint.name, `${what} at s${effect.to}: KV_NOTLEADER`);
      } else if (r.kind !== 'reply') {
        this.world.note(this.endpoint.name, `${what} at s${effect.to}: ETIMEDOUT (${r.kind})`);
      }
      effect = r.kind === 'reply' ? this.clerk.onReply(r.reply) : this.clerk.onRpcTimeout();
    }
    this.opGen += 1;
    const res = effect.result;
    this.results[res.code] += 1;
    this.world.note(this.endpoint.name, `${what} returns ${res.code}`);
    if (seen !== undefined) this.world.observer?.returned(seen, res);
    if (rec !== null && res.code === 'KV_SUCCESS') {
      this.history!.end(rec, this.world.now, op.op === 'get' ? { value: res.value } : {});
    }
    return res;
  }
}

/** How one client RPC ended: a reply, a failure the network reported, or the caller's timeout. */
export type KvCallOutcome =
  | { readonly kind: 'reply'; readonly reply: KvRpcReply }
  | { readonly kind: 'failed' }
  | { readonly kind: 'timeout' };

/**
 * One client RPC through the network, taking at least CALL_FLOOR_MS (drawn from `rng`). With a
 * `timeoutMs`, the reply future races a timer (an RPC library's timeout, e.g. the C++ lab's rrr
 * future): whichever comes first wins and a later reply is dropped.
 */
export function* kvCall(world: World, from: Endpoint, rng: Stream, to: number,
  request: KvRpcRequest, timeoutMs: number | null): Proc<KvCallOutcome> {
  const call = new ClientCall(world, from, request);
  world.network.call(from, to, request, call);
  if (timeoutMs !== null) world.queue.schedule(timeoutMs, () => call.resolve(TIMEOUT));
  const sent = world.now;
  const floor = CALL_FLOOR_MS.min + rng.data(CALL_FLOOR_MS.max - CALL_FLOOR_MS.min + 1, CALL_FLOOR);
  const outcome = yield* join(call.answer);
  const spent = world.now - sent;
  if (spent < floor) yield* sleep(floor - spent);
  return outcome;
}

const FAILED: KvCallOutcome = { kind: 'failed' };
const TIMEOUT: KvCallOutcome = { kind: 'timeout' };

/** One client RPC's call options: the first outcome (reply, failure, timeout) resolves it. */
class ClientCall implements CallOptions {
  readonly answer: Task<KvCallOutcome>;
  readonly requestBytes: number;
  readonly label: string;

  constructor(private readonly world: World, from: Endpoint, request: KvRpcRequest) {
    this.answer = future<KvCallOutcome>(`${from.name} rpc`);
    this.requestBytes = kvMessageSize(request);
    this.label = `${request.req.op}(${request.req.key})`;
  }

  resolve(v: KvCallOutcome): void {
    if (!this.answer.done) this.world.scheduler.resolve(this.answer, v);
  }

  onReply(r: unknown): void {
    this.resolve({ kind: 'reply', reply: r as KvRpcReply });
  }

  onFail(): void {
    this.resolve(FAILED);
  }
}
