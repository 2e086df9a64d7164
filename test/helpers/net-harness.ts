import { EventQueue } from '../../sim/events.ts';
import {
  Network, type Endpoint, type IncomingCall, type NetworkOptions,
} from '../../sim/network.ts';
import { RandomStreams } from '../../sim/random.ts';
import { Trace } from '../../sim/trace.ts';

/**
 * A bare Network with one client (id 100) and one server (id 0), recording for every call when
 * it was made, when the server's handler ran, and when and how the caller learnt the outcome.
 */
export interface CallRecord {
  readonly calledAt: number;
  handledAt: number | null;
  outcome: 'reply' | 'fail' | null;
  outcomeAt: number | null;
  /** The order in which outcomes arrived (over all calls), -1 before. */
  outcomeSeq: number;
}

export const CLIENT = 100;
export const SERVER = 0;
export const REQUEST_BYTES = 10;
export const REPLY_BYTES = 5;

export class NetHarness {
  readonly queue = new EventQueue();
  readonly network: Network;
  readonly client: Endpoint = { id: CLIENT, name: 'c', alive: true, handler: null };
  server: Endpoint;
  readonly calls: CallRecord[] = [];
  private outcomes = 0;
  /** How the server answers; the default answers at once. */
  answer: (call: IncomingCall, record: CallRecord) => void = (c) => c.respond('ok', REPLY_BYTES);

  /** A seed, or streams driven by a schedule (sim/schedule.ts). */
  constructor(seed: number | RandomStreams, opts: Partial<NetworkOptions>) {
    const streams = typeof seed === 'number' ? new RandomStreams(seed) : seed;
    this.network = new Network(this.queue, streams, new Trace(null));
    this.network.opts = { reliable: true, longDelays: false, longReordering: false, ...opts };
    this.server = this.startServer();
  }

  /** (Re)start the server: a new endpoint replaces the old one. */
  startServer(): Endpoint {
    const ep: Endpoint = { id: SERVER, name: 's0', alive: true, handler: null };
    ep.handler = (call) => {
      const rec = this.calls[call.request as number]!;
      rec.handledAt = this.queue.now;
      this.answer(call, rec);
    };
    this.network.attach(ep);
    this.server = ep;
    return ep;
  }

  call(to: number = SERVER): CallRecord {
    const rec: CallRecord = { calledAt: this.queue.now, handledAt: null, outcome: null,
      outcomeAt: null, outcomeSeq: -1 };
    const id = this.calls.length;
    this.calls.push(rec);
    const done = (outcome: 'reply' | 'fail') => () => {
      if (rec.outcome !== null) throw new Error(`call ${id} finished twice`);
      rec.outcome = outcome;
      rec.outcomeAt = this.queue.now;
      rec.outcomeSeq = this.outcomes++;
    };
    this.network.call(this.client, to, id, {
      requestBytes: REQUEST_BYTES, label: 'Ping', onReply: done('reply'), onFail: done('fail'),
    });
    return rec;
  }

  /** Run every event up to virtual time `until` (inclusive). */
  runUntil(until: number): void {
    while (this.queue.runNext(until));
  }
}

/** |count - n p| within six standard deviations of a Binomial(n, p): safe on any fixed seed. */
export function withinSixSigma(count: number, n: number, p: number): boolean {
  return Math.abs(count - n * p) <= 6 * Math.sqrt(n * p * (1 - p));
}
