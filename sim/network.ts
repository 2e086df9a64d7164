import { assert } from '../core/assert.ts';
import type { EventQueue, QueuedEvent, Runnable } from './events.ts';
import type { NetworkFaults } from './faults.ts';
import type { RunObserver } from './observe.ts';
import type { RandomStreams, Site, Stream } from './random.ts';
import type { Trace } from './trace.ts';

/**
 * The course tester's network (labrpc), with its exact constants. Fault model, stated up front:
 * - reliable: a request to a reachable server runs its handler in the same virtual instant; the
 *   reply returns in the same instant.
 * - delivery order: labrpc runs every request and every reply in a goroutine of its own, so even
 *   a reliable network may deliver concurrent calls out of send order. Here every request and
 *   every reply, when it is due, yields 0-3 times (a seeded draw per message): each yield puts it
 *   behind every event already queued for that instant (other messages, timers, test steps).
 *   Virtual time does not move; 0 (benign) keeps the send order.
 * - unreliable: the request waits 0-26 ms; then 10% are lost before the handler runs; of the
 *   replies, 10% are lost after the handler ran (the caller sees a failure, the effect stays).
 * - long reordering: 2/3 of replies are delayed 200 + rand(1 + rand(2000)) ms (200-2199 ms).
 * - unreachable (link disabled, server crashed): the call fails after 0-99 ms, or 0-6999 ms with
 *   long delays (the Raft tests' setting).
 * - a server cut off or crashed while its handler runs loses the reply (checked when the reply is
 *   ready and every 100 ms while a handler is pending).
 * - no duplication: only clients re-send. Partitions cut server-server links only; clients are
 *   limited by their own allowed-server list.
 * - beyond labrpc, off unless a scenario sets `faults` (sim/faults.ts): loss at any rate, per
 *   link too; extra delay; holding a request or reply back for up to seconds (long enough to
 *   cross its caller's next election); duplicated requests; clogged links. Links are directed,
 *   so one-way and bridge partitions are setLink calls.
 * - slow (the C++ lab's unreliable mode only): requests sent by a slowed endpoint wait its added
 *   latency before they travel; 0 (the default) changes nothing.
 * Counting as the course does: 1 RPC and the request's bytes when called, reply bytes when
 * delivered, and per server the handler dispatches.
 */
export interface NetworkOptions {
  reliable: boolean;
  longDelays: boolean;
  longReordering: boolean;
}

/** A registered party: a server incarnation or a client. Dead endpoints receive nothing. */
export interface Endpoint {
  readonly id: number;
  readonly name: string;
  alive: boolean;
  handler: ((call: IncomingCall) => void) | null;
}

export interface IncomingCall {
  readonly from: number;
  readonly request: unknown;
  /** Answer the call (once); the network decides whether the answer reaches the caller. */
  respond(reply: unknown, replyBytes: number): void;
}

export interface CallOptions {
  readonly requestBytes: number;
  readonly label: string;
  onReply(reply: unknown): void;
  onFail?(): void;
}

const POLL_MS = 100;

/** Client endpoint ids start here, so they never clash with server ids. */
export const CLIENT_ID_BASE = 1000;

/** Endpoint ids as the trace names them: servers `s<id>`, clients `c<id - 1000>`. */
export function endpointName(id: number): string {
  return id >= CLIENT_ID_BASE ? `c${id - CLIENT_ID_BASE}` : `s${id}`;
}

/** `net a>b` -> `s0>c1` (servers s<id>, clients c<id - 1000>). */
function linkName(stream: string): string {
  const m = /^net (\d+)>(\d+)$/.exec(stream);
  return m === null ? stream : `${endpointName(Number(m[1]))}>${endpointName(Number(m[2]))}`;
}

/**
 * The network's draw sites (docs/shrinking.md). Benign is the calm network: nothing lost, no
 * delay, no reordering, every message delivered in send order; an unreachable server's call
 * fails at once. On a stream `net a>b`, the
 * request sites decide a's calls to b, the reply sites decide b's replies to a's calls.
 */
export const NET_SITES = {
  unreachable: {
    name: 'unreachable delay', fault: 'unreachable delay',
    label: (v, s, d) => `${d} ${linkName(s)} unreachable: fails after ${v} ms`,
  },
  requestDelay: {
    name: 'request delay', fault: 'delay',
    label: (v, s, d) => `${d} ${linkName(s)} delayed ${v} ms`,
  },
  requestLoss: {
    name: 'request loss', fault: 'lost request',
    label: (_v, s, d) => `${d} request ${linkName(s)} lost`,
  },
  replyLoss: {
    name: 'reply loss', fault: 'lost reply',
    label: (_v, s, d) => `${d} reply ${linkName(s)} lost`,
  },
  replyReorder: {
    name: 'reply reorder', fault: 'reorder',
    label: (v, s, d) => `${d} reply ${linkName(s)} held back ${200 + v - 1} ms`,
  },
  requestOrder: {
    name: 'request order', fault: 'reorder',
    label: (v, s, d) => `${d} ${linkName(s)} yields ${v} time${v === 1 ? '' : 's'} on arrival`,
  },
  replyOrder: {
    name: 'reply order', fault: 'reorder',
    label: (v, s, d) => `${d} reply ${linkName(s)} yields ${v} time${v === 1 ? '' : 's'}`,
  },
} as const satisfies Record<string, Site>;

/**
 * How many times a due message may yield to the other events of its instant (draws 0..3). A
 * draw per message, uniform, so two concurrent messages swap about 3 times in 8.
 */
export const ORDER_YIELDS = 4;

/** Long reordering (labrpc): 2/3 of replies wait 200 + rand(1 + rand(2000)) ms. As one
 * decision: 0 = not held back, v > 0 = held back 200 + v - 1 ms. */
function drawReorder(raw: { below(n: number): number }): number {
  if (raw.below(900) >= 600) return 0;
  return 1 + raw.below(1 + raw.below(2000));
}

export class Network {
  opts: NetworkOptions = { reliable: true, longDelays: false, longReordering: false };
  totalRpcs = 0;
  totalBytes = 0;
  /** Handler dispatches per endpoint id (reset when the server restarts, as in the course). */
  readonly dispatched = new Map<number, number>();
  private readonly current = new Map<number, Endpoint>();
  private optsCopy: Readonly<NetworkOptions> = { ...this.opts };
  /** Disabled links, by from * LINK_KEY + to. */
  private readonly linkOff = new Set<number>();
  private readonly allowed = new Map<number, Set<number>>();
  private readonly slowMs = new Map<number, number>();
  /** The stream of each link `net a>b`, by a * LINK_KEY + b (looked up on every call). */
  private readonly linkStreams = new Map<number, Stream>();
  /** The run's structured observer (World.observe sets it); null costs nothing. */
  observer: RunObserver | null = null;
  /** Faults beyond labrpc's (sim/faults.ts); null (the default) draws and changes nothing. */
  faults: NetworkFaults | null = null;

  constructor(
    private readonly queue: EventQueue,
    private readonly streams: RandomStreams,
    private readonly trace: Trace,
  ) {}

  /** Register (or replace, on restart) the endpoint that answers for `id`. */
  attach(ep: Endpoint): void {
    const old = this.current.get(ep.id);
    if (old !== undefined) old.alive = false;
    this.current.set(ep.id, ep);
    this.dispatched.set(ep.id, 0);
  }

  /** Crash: the endpoint is gone; its pending handlers lose their replies. */
  detach(id: number): void {
    const ep = this.current.get(id);
    if (ep !== undefined) ep.alive = false;
    this.current.delete(id);
  }

  setLink(from: number, to: number, on: boolean): void {
    const key = linkKey(from, to);
    this.observer?.link(from, to, on);
    if (on) this.linkOff.delete(key);
    else this.linkOff.add(key);
  }

  linkEnabled(from: number, to: number): boolean {
    const allowed = this.allowed.get(from);
    if (allowed !== undefined && !allowed.has(to)) return false;
    return !this.linkOff.has(linkKey(from, to));
  }

  /** Restrict a client to some servers (the course's MakeClerkTo); null lifts the restriction. */
  allow(client: number, servers: readonly number[] | null): void {
    this.observer?.allow(client, servers);
    if (servers === null) this.allowed.delete(client);
    else this.allowed.set(client, new Set(servers));
  }

  /** The C++ lab's slow(i, ms): every request `id` sends waits `ms` more; 0 lifts it. */
  setSlow(id: number, ms: number): void {
    assert(Number.isInteger(ms) && ms >= 0, 'network.setSlow: bad latency', { id, ms });
    this.observer?.slow(id, ms);
    if (ms === 0) this.slowMs.delete(id);
    else this.slowMs.set(id, ms);
  }

  isUp(id: number): boolean {
    return this.current.has(id);
  }

  call(from: Endpoint, to: number, request: unknown, o: CallOptions): void {
    if (!from.alive) assert(false, 'network.call: the caller is dead', { from: from.name });
    this.totalRpcs += 1;
    this.totalBytes += o.requestBytes;
    const opts = this.optsNow();
    const rng = this.linkStream(from.id, to);
    const target = this.current.get(to);
    if (target === undefined || !this.linkEnabled(from.id, to)) {
      const bound = opts.longDelays ? 7000 : 100;
      // Only a caller that handles failures makes the delay a decision (Raft peers ignore them).
      let delay = 0;
      if (o.onFail === undefined) rng.skip((raw) => raw.below(bound));
      else delay = rng.custom(NET_SITES.unreachable, bound, (raw) => raw.below(bound), o.label);
      this.traceCall(from, to, o.label,
        o.onFail === undefined ? 'unreachable' : `unreachable, fails in ${delay}ms`);
      this.observer?.sent(o, from, to, request, 'unreachable', delay, opts);
      this.failLater(from, o, delay);
      return;
    }
    const delay = (opts.reliable ? 0 : rng.custom(NET_SITES.requestDelay, 27,
      (raw) => raw.below(27), o.label)) + (this.slowMs.get(from.id) ?? 0);
    if (!opts.reliable && rng.chance(100, 1000, NET_SITES.requestLoss, o.label)) {
      this.traceCall(from, to, o.label, `request lost (${delay}ms)`);
      this.observer?.sent(o, from, to, request, 'lost', delay, opts);
      this.failLater(from, o, delay);
      return;
    }
    const yields = rng.below(ORDER_YIELDS, NET_SITES.requestOrder, o.label);
    if (this.faults !== null) {
      this.faultyCall(from, target, request, o, opts, delay, yields);
      return;
    }
    this.traceCall(from, to, o.label, delay === 0 ? 'sent' : `sent, arrives in ${delay}ms`);
    this.observer?.sent(o, from, to, request, 'sent', delay, opts);
    this.queue.schedule(delay, new Arrival(this, from, target, request, o, opts, yields));
  }

  /** A request's journey under `faults`: maybe lost, delayed, held back, or delivered twice. */
  private faultyCall(from: Endpoint, target: Endpoint, request: unknown, o: CallOptions,
    opts: NetworkOptions, delay: number, yields: number): void {
    const to = target.id;
    const fate = this.faults!.request(this.streams.get(`net ${from.id}>${to}`), from.id, to,
      o.label);
    if (fate.lost) {
      this.traceCall(from, to, o.label, `request lost (${delay}ms)`);
      this.observer?.sent(o, from, to, request, 'lost', delay, opts);
      this.failLater(from, o, delay);
      return;
    }
    const total = delay + fate.delayMs;
    this.traceCall(from, to, o.label, total === 0 ? 'sent' : `sent, arrives in ${total}ms`);
    this.observer?.sent(o, from, to, request, 'sent', total, opts);
    this.queue.schedule(total, new Arrival(this, from, target, request, o, opts, yields));
    if (fate.duplicateMs === null) return;
    // The copy is a call of its own for observers (a fresh CallOptions), with the same callbacks.
    // Calls may be class instances (their callbacks on the prototype): no object spread.
    const copy: CallOptions = {
      requestBytes: o.requestBytes, label: `${o.label} (copy)`,
      onReply: (reply) => o.onReply(reply),
      ...(o.onFail === undefined ? {} : { onFail: () => o.onFail!() }),
    };
    const at = total + fate.duplicateMs;
    this.traceCall(from, to, o.label, `duplicated, the copy arrives in ${at}ms`);
    this.observer?.sent(copy, from, to, request, 'sent', at, opts);
    this.queue.schedule(at, () => this.dispatch(from, target, request, copy, opts));
  }

  /** A request reaches its target's handler (called by Arrival, and for a duplicate). */
  dispatch(from: Endpoint, target: Endpoint, request: unknown, o: CallOptions,
    opts: NetworkOptions): void {
    if (!target.alive || target.handler === null) {
      this.trace.event(this.queue.now, target.name, `${o.label} from ${from.name}: server dead`);
      this.observer?.arrived(o, target, false);
      this.failLater(from, o, 0);
      return;
    }
    this.dispatched.set(target.id, (this.dispatched.get(target.id) ?? 0) + 1);
    this.observer?.arrived(o, target, true);
    const call = new PendingCall(this, from, target, request, o, opts);
    target.handler(call);
    if (!call.answered) call.startPolling();
  }

  /** Called by PendingCall. */
  deadFor(from: Endpoint, target: Endpoint): boolean {
    return !target.alive || this.current.get(target.id) !== target ||
      !this.linkEnabled(from.id, target.id);
  }

  finish(c: PendingCall, reply: unknown, replyBytes: number): void {
    const rng = this.linkStream(c.target.id, c.caller.id);
    if (this.deadFor(c.caller, c.target)) {
      this.trace.event(this.queue.now, c.target.name,
        `${c.o.label} reply lost: cut off or crashed`);
      this.observer?.replied(c.o, reply, 'cut', 0);
      this.failLater(c.caller, c.o, 0);
      return;
    }
    if (!c.opts.reliable && rng.chance(100, 1000, NET_SITES.replyLoss, c.o.label)) {
      this.trace.event(this.queue.now, c.target.name,
        `${c.o.label} reply to ${c.caller.name} lost`);
      this.observer?.replied(c.o, reply, 'lost', 0);
      this.failLater(c.caller, c.o, 0);
      return;
    }
    let delay = 0;
    if (c.opts.longReordering) {
      const held = rng.custom(NET_SITES.replyReorder, 2001, drawReorder, c.o.label);
      if (held > 0) delay = 200 + held - 1;
    }
    if (this.faults !== null) {
      const fate = this.faults.reply(rng, c.target.id, c.from, c.o.label);
      if (fate.lost) {
        this.trace.event(this.queue.now, c.target.name,
          `${c.o.label} reply to ${c.caller.name} lost`);
        this.observer?.replied(c.o, reply, 'lost', 0);
        this.failLater(c.caller, c.o, 0);
        return;
      }
      delay += fate.delayMs;
      if (fate.delayMs > 0) {
        this.trace.event(this.queue.now, c.target.name,
          `${c.o.label} reply to ${c.caller.name} arrives in ${delay}ms`);
      }
    }
    this.observer?.replied(c.o, reply, 'sent', delay);
    const yields = rng.below(ORDER_YIELDS, NET_SITES.replyOrder, c.o.label);
    this.queue.schedule(delay, new ReplyArrival(this, c, reply, replyBytes, yields));
  }

  /** A reply reaches its caller (called by ReplyArrival). */
  replyArrived(c: PendingCall, reply: unknown, replyBytes: number): void {
    this.observer?.replyArrived(c.o, c.caller.alive);
    if (!c.caller.alive) return;
    this.totalBytes += replyBytes;
    c.o.onReply(reply);
  }

  /**
   * The options as they are now, as an object that never changes (calls keep the options they
   * were made under; scenarios may change `opts` in place at any time): a copy, made again only
   * when a field changed.
   */
  private optsNow(): NetworkOptions {
    const o = this.opts;
    const c = this.optsCopy;
    // Field by field (a for-in over the options cost more than the call itself).
    if (o.reliable === c.reliable && o.longDelays === c.longDelays &&
      o.longReordering === c.longReordering) return c;
    this.optsCopy = { reliable: o.reliable, longDelays: o.longDelays,
      longReordering: o.longReordering };
    return this.optsCopy;
  }

  /** The stream `net a>b` (its name seeds it), cached by link. */
  private linkStream(from: number, to: number): Stream {
    const key = linkKey(from, to);
    let s = this.linkStreams.get(key);
    if (s === undefined) {
      s = this.streams.get(`net ${from}>${to}`);
      this.linkStreams.set(key, s);
    }
    return s;
  }

  failLater(from: Endpoint, o: CallOptions, delay: number): void {
    if (o.onFail === undefined) return;
    this.queue.schedule(delay, () => {
      if (!from.alive) return;
      this.observer?.failed(o);
      // A method call on `o`: call options may be class instances.
      o.onFail?.();
    });
  }

  schedule(delay: number, run: QueuedEvent): void {
    this.queue.schedule(delay, run);
  }

  private traceCall(from: Endpoint, to: number, label: string, what: string): void {
    this.trace.begin(this.queue.now, from.name).str(label).str(' -> ').num(to).str(': ')
      .str(what);
    this.trace.end();
  }
}

/** Link keys: from * LINK_KEY + to (endpoint ids are below it). */
const LINK_KEY = 1 << 20;

function linkKey(from: number, to: number): number {
  if (!(from >= 0 && from < LINK_KEY && to >= 0 && to < LINK_KEY)) {
    assert(false, 'network: endpoint id out of range', { from, to });
  }
  return from * LINK_KEY + to;
}

/**
 * A request in flight, as one queued event: due after its delay, it yields `yields` times to
 * the events already queued at its instant (the request-order draw; each yield an event), then
 * reaches its target. An object rather than closures: one allocation per message.
 */
class Arrival implements Runnable {
  constructor(
    private readonly net: Network,
    private readonly from: Endpoint,
    private readonly target: Endpoint,
    private readonly request: unknown,
    private readonly o: CallOptions,
    private readonly opts: NetworkOptions,
    private yields: number,
  ) {}

  run(): void {
    if (this.yields === 0) {
      this.net.dispatch(this.from, this.target, this.request, this.o, this.opts);
      return;
    }
    this.yields -= 1;
    this.net.schedule(0, this);
  }
}

/** A reply in flight: as Arrival, for the reply-order draw. */
class ReplyArrival implements Runnable {
  constructor(
    private readonly net: Network,
    private readonly call: PendingCall,
    private readonly reply: unknown,
    private readonly replyBytes: number,
    private yields: number,
  ) {}

  run(): void {
    if (this.yields === 0) {
      this.net.replyArrived(this.call, this.reply, this.replyBytes);
      return;
    }
    this.yields -= 1;
    this.net.schedule(0, this);
  }
}

/**
 * A request whose handler has run (or is running): the IncomingCall its handler gets; answers at
 * most once.
 */
class PendingCall implements IncomingCall {
  answered = false;
  private failed = false;
  readonly from: number;

  constructor(
    private readonly net: Network,
    readonly caller: Endpoint,
    readonly target: Endpoint,
    readonly request: unknown,
    readonly o: CallOptions,
    readonly opts: NetworkOptions,
  ) {
    this.from = caller.id;
  }

  respond(reply: unknown, replyBytes: number): void {
    if (this.answered) return;
    this.answered = true;
    if (!this.failed) this.net.finish(this, reply, replyBytes);
  }

  /** labrpc checks every 100 ms whether the server died or was cut off while handling. */
  startPolling(): void {
    this.net.schedule(POLL_MS, () => {
      if (this.answered || this.failed) return;
      if (this.net.deadFor(this.caller, this.target)) {
        this.failed = true;
        this.net.observer?.abandoned(this.o);
        this.net.failLater(this.caller, this.o, 0);
        return;
      }
      this.startPolling();
    });
  }
}
