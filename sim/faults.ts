import { assert } from '../core/assert.ts';
import { CLIENT_ID_BASE } from './network.ts';
import type { Site, Stream } from './random.ts';

/**
 * The network faults beyond the course's (docs/simulator.md, "The fault model"): what a message
 * may suffer on top of labrpc's rules. Off by default (a Network without a NetworkFaults, or one
 * with every rate 0, draws nothing and changes nothing). Generated runs (scenarios/explore/) turn
 * them on; any scenario may (World.network.faults).
 *
 * Drawn per message, each a decision at a site of the link's stream (`net a>b`), so a shrink can
 * make any one of them benign:
 * - loss: a request, or a reply after its handler ran, is lost (rate per mille; a per-link
 *   rate adds to it);
 * - delay: a request waits 0..delayMaxMs more;
 * - hold (long reordering): a request or a reply waits 1..holdMaxMs more; with holdMaxMs
 *   above an election timeout plus an election, a reply can arrive after its caller lost its
 *   leadership and won it again, or campaigned anew (labrpc's long reordering stops at 2199 ms);
 * - duplicate: a request is delivered a second time, 1..dupMaxMs after the first; the second
 *   copy is handled as a request of its own and its reply goes back to the caller too (a
 *   client keeps the first answer; a Raft node steps every reply it gets). Servers' requests
 *   only, unless `duplicateClientRequests`: the 2025 KV service's versioned Put is at most once
 *   per send (a first send's ErrVersion means it did not happen), which holds on any RPC layer
 *   that never runs one send twice (labrpc, TCP); the 2018-2024 service's (client, seq)
 *   duplicate detection must survive duplicates, so its runs turn them on.
 * Set explicitly (events, no draw):
 * - per-link loss: link a>b loses `rate` per mille of its messages;
 * - clog: every message on link a>b waits `ms` more (its delay jumps for a while).
 * One-way and bridge partitions need no new fault: links are directed (Network.setLink).
 */
export interface SwarmRates {
  /** Per mille of requests and of replies lost. */
  readonly loss: number;
  /** A request's extra delay is drawn from 0..delayMaxMs (0: none). */
  readonly delayMaxMs: number;
  /** Per mille of requests and of replies held back, each 1..holdMaxMs. */
  readonly hold: number;
  readonly holdMaxMs: number;
  /** Per mille of requests delivered twice, the copy 1..dupMaxMs after the first. */
  readonly duplicate: number;
  readonly dupMaxMs: number;
}

export const CALM: SwarmRates = {
  loss: 0, delayMaxMs: 0, hold: 0, holdMaxMs: 0, duplicate: 0, dupMaxMs: 0,
};

/** What happens to one request: lost, or delivered after `delayMs`, maybe twice. */
export interface RequestFate {
  readonly lost: boolean;
  readonly delayMs: number;
  /** The copy arrives this many ms after the first (null: no copy). */
  readonly duplicateMs: number | null;
}

/** What happens to one reply: lost, or delivered after `delayMs` more. */
export interface ReplyFate {
  readonly lost: boolean;
  readonly delayMs: number;
}

/** What the faults did to messages so far (coverage counts). */
export interface FaultCounts {
  lost: number;
  delayed: number;
  held: number;
  duplicated: number;
  clogged: number;
}

/** `net a>b` -> `s0>c1` (servers s<id>, clients c<id - 1000>), as the network names links. */
function linkOf(stream: string): string {
  const m = /^net (\d+)>(\d+)$/.exec(stream);
  const name = (id: number): string => (id >= 1000 ? `c${id - 1000}` : `s${id}`);
  return m === null ? stream : `${name(Number(m[1]))}>${name(Number(m[2]))}`;
}

/**
 * The draw sites of these faults (docs/shrinking.md). Loss and delay reuse the network's own
 * sites' names ('request loss', 'reply loss', 'request delay'): they decide the same thing.
 */
export const FAULT_SITES = {
  requestLoss: {
    name: 'request loss', fault: 'lost request',
    label: (_v, s, d) => `${d} request ${linkOf(s)} lost`,
  },
  replyLoss: {
    name: 'reply loss', fault: 'lost reply',
    label: (_v, s, d) => `${d} reply ${linkOf(s)} lost`,
  },
  requestDelay: {
    name: 'request delay', fault: 'delay',
    label: (v, s, d) => `${d} ${linkOf(s)} delayed ${v} ms`,
  },
  requestHold: {
    name: 'request hold', fault: 'reorder',
    label: (v, s, d) => `${d} request ${linkOf(s)} held back ${v} ms`,
  },
  replyHold: {
    name: 'reply hold', fault: 'reorder',
    label: (v, s, d) => `${d} reply ${linkOf(s)} held back ${v} ms`,
  },
  duplicate: {
    name: 'request duplicate', fault: 'duplicate',
    label: (v, s, d) => `${d} request ${linkOf(s)} delivered again ${v} ms later`,
  },
} as const satisfies Record<string, Site>;

/** Rates are per mille: a draw in [0, 1000) below the rate is a hit. */
const PER_MILLE = 1000;

/**
 * A value in [0, 1 + max]: 0 (benign) with probability 1 - rate/1000, else 1 + uniform(max).
 * One decision per message and site, so dropping it from a schedule makes that message calm.
 */
function maybe(rng: Stream, site: Site, rate: number, max: number, label: string): number {
  if (rate <= 0 || max <= 0) return 0;
  return rng.custom(site, max + 1, (raw) =>
    (raw.below(PER_MILLE) < rate ? 1 + raw.below(max) : 0), label);
}

export class NetworkFaults {
  private rates: SwarmRates = CALM;
  /** Duplicate clients' requests too (see the duplicate fault above). */
  duplicateClientRequests = false;
  private readonly linkLoss = new Map<string, number>();
  private readonly clogMs = new Map<string, number>();
  readonly counts: FaultCounts = { lost: 0, delayed: 0, held: 0, duplicated: 0, clogged: 0 };

  /** The swarm's rates for every link (CALM turns them off). */
  setRates(r: SwarmRates): void {
    for (const v of Object.values(r)) {
      assert(Number.isInteger(v) && v >= 0, 'faults: rates are whole numbers >= 0', r);
    }
    assert(r.loss <= PER_MILLE && r.hold <= PER_MILLE && r.duplicate <= PER_MILLE,
      'faults: a rate above 1000 per mille', r);
    this.rates = r;
  }

  /** Link a>b loses `perMille` of its messages (0 lifts it). */
  setLinkLoss(from: number, to: number, perMille: number): void {
    assert(Number.isInteger(perMille) && perMille >= 0 && perMille <= PER_MILLE,
      'faults: bad link loss', { from, to, perMille });
    if (perMille === 0) this.linkLoss.delete(`${from}>${to}`);
    else this.linkLoss.set(`${from}>${to}`, perMille);
  }

  /** Every message on link a>b waits `ms` more (0 lifts it). */
  setClog(from: number, to: number, ms: number): void {
    assert(Number.isInteger(ms) && ms >= 0, 'faults: bad clog', { from, to, ms });
    if (ms === 0) this.clogMs.delete(`${from}>${to}`);
    else this.clogMs.set(`${from}>${to}`, ms);
  }

  /** Everything off: the calm network (the heal of a generated run). */
  calm(): void {
    this.rates = CALM;
    this.linkLoss.clear();
    this.clogMs.clear();
  }

  /** A request from `from` to `to` (drawn on the stream `net from>to`). */
  request(rng: Stream, from: number, to: number, label: string): RequestFate {
    const r = this.rates;
    if (this.lost(rng, FAULT_SITES.requestLoss, from, to, label)) {
      return { lost: true, delayMs: 0, duplicateMs: null };
    }
    const delay = r.delayMaxMs > 0
      ? rng.custom(FAULT_SITES.requestDelay, r.delayMaxMs + 1,
        (raw) => raw.below(r.delayMaxMs + 1), label)
      : 0;
    if (delay > 0) this.counts.delayed += 1;
    const held = this.held(rng, FAULT_SITES.requestHold, label);
    const dups = from < CLIENT_ID_BASE || this.duplicateClientRequests;
    const dup = dups ? maybe(rng, FAULT_SITES.duplicate, r.duplicate, r.dupMaxMs, label) : 0;
    if (dup > 0) this.counts.duplicated += 1;
    return { lost: false, delayMs: delay + held + this.clog(from, to),
      duplicateMs: dup > 0 ? dup : null };
  }

  /** A reply from `from` (the server that handled the call) to `to` (the caller). */
  reply(rng: Stream, from: number, to: number, label: string): ReplyFate {
    if (this.lost(rng, FAULT_SITES.replyLoss, from, to, label)) return { lost: true, delayMs: 0 };
    const held = this.held(rng, FAULT_SITES.replyHold, label);
    return { lost: false, delayMs: held + this.clog(from, to) };
  }

  private lost(rng: Stream, site: Site, from: number, to: number, label: string): boolean {
    const rate = Math.min(PER_MILLE, this.rates.loss + (this.linkLoss.get(`${from}>${to}`) ?? 0));
    if (rate === 0) return false;
    const lost = rng.chanceBelow(rate, PER_MILLE, site, label);
    if (lost) this.counts.lost += 1;
    return lost;
  }

  private held(rng: Stream, site: Site, label: string): number {
    const v = maybe(rng, site, this.rates.hold, this.rates.holdMaxMs, label);
    if (v > 0) this.counts.held += 1;
    return v;
  }

  private clog(from: number, to: number): number {
    const ms = this.clogMs.get(`${from}>${to}`) ?? 0;
    if (ms > 0) this.counts.clogged += 1;
    return ms;
  }
}
