import { assert } from '../core/assert.ts';
import type { DrawSite, Random } from '../core/random.ts';
import type { Recorder, RecorderClock } from './recorder.ts';
import type { Schedule, ScheduleCursor } from './schedule.ts';

/**
 * seedrandom's generator for a string seed, written out: its key (mixkey of the seed), ARC4's
 * key schedule, the first 256 bytes dropped (RC4-drop[256]); uint32() is its int32() >>> 0.
 * The same numbers (a test draws both), from a byte array, without seedrandom's closures and
 * its global entropy pool: every message draws, and a run makes thousands of streams.
 */
export class Arc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(seed: string) {
    const key = mixKey(seed);
    const s = this.s;
    for (let k = 0; k < 256; k++) s[k] = k;
    let j = 0;
    for (let k = 0; k < 256; k++) {
      const t = s[k]!;
      j = (j + key[k % key.length]! + t) & 255;
      s[k] = s[j]!;
      s[j] = t;
    }
    for (let k = 0; k < 64; k++) this.uint32();
  }

  /** The next four output bytes, big-endian (seedrandom's g(4)). */
  uint32(): number {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    let r = 0;
    for (let c = 0; c < 4; c++) {
      i = (i + 1) & 255;
      const t = s[i]!;
      j = (j + t) & 255;
      const u = s[j]!;
      s[i] = u;
      s[j] = t;
      r = r * 256 + s[(u + t) & 255]!;
    }
    this.i = i;
    this.j = j;
    return r;
  }
}

/** seedrandom's mixkey: the seed's UTF-16 units smeared into at most 256 key bytes ([0] if
 * none). */
function mixKey(seed: string): number[] {
  const key: number[] = [];
  let smear = 0;
  for (let k = 0; k < seed.length; k++) {
    smear ^= (key[k & 255] ?? 0) * 19;
    key[k & 255] = (smear + seed.charCodeAt(k)) & 255;
  }
  return key.length === 0 ? [0] : key;
}

/** A Random backed by seedrandom's ARC4 generator, identical on every machine. */
export class SeededRandom implements Random {
  private readonly prng: Arc4;
  draws = 0;

  constructor(seed: string) {
    this.prng = new Arc4(seed);
  }

  below(n: number): number {
    if (!(Number.isInteger(n) && n > 0)) {
      // The context object only on failure: this runs for every draw.
      assert(false, 'random.below: n must be a positive integer', { n });
    }
    this.draws += 1;
    // 32 random bits, then a multiply-shift; exact in doubles, so identical everywhere.
    return Math.floor((this.prng.uint32() * n) / 4294967296);
  }
}

/**
 * A draw site of the simulator: a DrawSite plus how to label and classify what it decided.
 * - kind 'decision': part of the schedule; recorded when not benign; a schedule may change it.
 * - kind 'data': a value of the workload (a command, a key), not a decision: recorded in full,
 *   replayed as recorded, never shrunk.
 */
export interface Site extends DrawSite {
  readonly kind?: 'decision' | 'data';
  /** The fault it injects when not benign (counted in shrink reports). */
  readonly fault?: FaultKind;
  /** Label of a non-benign decision; `stream` is the stream's name, `detail` the caller's. */
  label?(value: number, stream: string, detail: string | undefined): string;
}

export type FaultKind =
  | 'lost request' | 'lost reply' | 'delay' | 'reorder' | 'unreachable delay' | 'timing'
  | 'crash' | 'restart' | 'partition' | 'link' | 'choice' | 'duplicate';

/** A site for draws whose caller named none (tests, ad hoc streams). */
export const UNNAMED: Site = { name: 'draw' };

/** Chooses every value of a run: from the seed, or from a schedule (then benign by default). */
export class Draws {
  /** This run's position in the schedule. */
  readonly cursor: ScheduleCursor | null;

  constructor(
    readonly seed: number,
    readonly schedule: Schedule | null = null,
    readonly recorder: Recorder | null = null,
    /** The run's clock: decisions are named by the millisecond they are drawn in. */
    readonly clock: RecorderClock = { now: 0, executed: 0 },
  ) {
    this.cursor = schedule?.cursor() ?? null;
  }

  /** Nothing to look up or record: streams may draw straight from their generator. */
  get passive(): boolean {
    return this.schedule === null && this.recorder === null;
  }
}

/** Where a site of one stream stands: draws at the current instant and in all, data draws. */
interface SiteCount {
  ms: number;
  nth: number;
  ordinal: number;
  data: number;
}

/**
 * How a stream's decisions are named in a schedule:
 * - 'time' (the network's and timers' streams): by (virtual instant, nth draw at that site at
 *   that instant), so a fault keeps its moment when earlier decisions change;
 * - 'order' (scenario and client streams, whose draws follow the program's loop): by the draw's
 *   ordinal at its site (the instant is recorded as 0), so "the 17th coin of the disconnect
 *   loop" stays the 17th when timing moves.
 */
export type KeyedBy = 'time' | 'order';

/**
 * One named stream of draws ("net 0>1", "timer 2", "scenario"). Each site counts its own draws,
 * so a draw at one site never shifts another's.
 */
export class Stream implements Random {
  private readonly raw: SeededRandom;
  private dataRaw: SeededRandom | null = null;
  private readonly counts = new Map<string, SiteCount>();

  constructor(readonly name: string, private readonly draws: Draws,
    readonly keyedBy: KeyedBy = 'time') {
    this.raw = new SeededRandom(`raftsim/${draws.seed}/${name}`);
  }

  /** A uniform value in [0, n): a decision at `site` (0 or site.benign is benign). */
  below(n: number, site: DrawSite = UNNAMED, detail?: string): number {
    if (this.draws.passive) return this.raw.below(n);
    return this.decide(site, n, detail, () => this.raw.below(n));
  }

  /** True with probability num/den (seeded: yes iff a draw in [0, den) is >= den - num). */
  chance(num: number, den: number, site: Site, detail?: string): boolean {
    if (this.draws.passive) return this.raw.below(den) >= den - num;
    return this.decide(site, 2, detail, () => (this.raw.below(den) >= den - num ? 1 : 0)) === 1;
  }

  /** True with probability num/den (seeded: yes iff a draw in [0, den) is < num). */
  chanceBelow(num: number, den: number, site: Site, detail?: string): boolean {
    if (this.draws.passive) return this.raw.below(den) < num;
    return this.decide(site, 2, detail, () => (this.raw.below(den) < num ? 1 : 0)) === 1;
  }

  /** A value in [0, bound) whose seeded draw is `fromSeed` (several raw draws, say). */
  custom(site: Site, bound: number, fromSeed: (raw: Random) => number, detail?: string): number {
    if (this.draws.passive) return fromSeed(this.raw);
    return this.decide(site, bound, detail, () => fromSeed(this.raw));
  }

  /**
   * A draw whose value nothing depends on (e.g. when an unreachable call fails, for a caller
   * that ignores failures): seeded, the raw draw is made, so the stream stays aligned with
   * earlier runs of the seed; scheduled, nothing is drawn. Not a decision.
   */
  skip(fromSeed: (raw: Random) => unknown): void {
    if (this.draws.schedule === null) fromSeed(this.raw);
  }

  /** Workload data in [0, n): replayed from a recording, never shrunk (see Site.kind). */
  data(n: number, site: Site): number {
    if (this.draws.passive) return this.raw.below(n);
    const ordinal = this.count(site.name).data++;
    const schedule = this.draws.schedule;
    let value: number;
    if (schedule === null) {
      value = this.raw.below(n);
    } else {
      const recorded = schedule.dataAt(this.name, site.name, ordinal);
      value = recorded !== undefined && recorded < n ? recorded : this.dataFallback().below(n);
    }
    this.draws.recorder?.data(this.name, site, ordinal, value);
    return value;
  }

  /**
   * A decision: seeded, the value `fromSeed` draws; scheduled, the schedule's decision at this
   * (site, ordinal), 0 (benign) when it lists none. Decisions are stored relative to the benign
   * value: decision = (value - benign) mod bound.
   */
  private decide(site: DrawSite, bound: number, detail: string | undefined,
    fromSeed: () => number): number {
    assert(Number.isInteger(bound) && bound > 0, 'random: bound must be a positive integer',
      { bound, site: site.name });
    const now = this.keyedBy === 'time' ? this.draws.clock.now : 0;
    const c = this.count(site.name);
    if (c.ms !== now) {
      c.ms = now;
      c.nth = 0;
    }
    const nth = c.nth++;
    const ordinal = c.ordinal++;
    const benign = site.benign ?? 0;
    assert(Number.isInteger(benign) && benign >= 0 && benign < bound,
      'random: benign value out of range', { benign, bound, site: site.name });
    const cursor = this.draws.cursor;
    let value: number;
    if (cursor === null) {
      value = fromSeed();
    } else {
      const byOrder = cursor.keying === 'order' && this.keyedBy === 'time';
      const taken = byOrder ? cursor.take(this.name, site.name, 0, ordinal)
        : cursor.take(this.name, site.name, now, nth);
      const d = Math.min(taken, bound - 1);
      value = (d + benign) % bound;
    }
    assert(Number.isInteger(value) && value >= 0 && value < bound, 'random: value out of range',
      { value, bound, site: site.name });
    const decision = (value - benign + bound) % bound;
    this.draws.recorder?.decision(this, site, { at: now, nth, ordinal }, bound, value, decision,
      detail);
    return value;
  }

  private count(site: string): SiteCount {
    let c = this.counts.get(site);
    if (c === undefined) {
      c = { ms: -1, nth: 0, ordinal: 0, data: 0 };
      this.counts.set(site, c);
    }
    return c;
  }

  /** Data draws a schedule did not record come from their own seeded stream. */
  private dataFallback(): SeededRandom {
    this.dataRaw ??= new SeededRandom(`raftsim/${this.draws.seed}/data/${this.name}`);
    return this.dataRaw;
  }
}

/**
 * Independent named streams of one run ("net 0->1", "timer 2", "scenario"), so that extra
 * draws in one component never shift another's.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Stream>();
  readonly draws: Draws;

  constructor(seedOrDraws: number | Draws) {
    this.draws = typeof seedOrDraws === 'number' ? new Draws(seedOrDraws) : seedOrDraws;
  }

  get seed(): number {
    return this.draws.seed;
  }

  /** The stream `name`; its first use fixes how its decisions are keyed (KeyedBy). */
  get(name: string, keyedBy: KeyedBy = 'time'): Stream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new Stream(name, this.draws, keyedBy);
      this.streams.set(name, s);
    }
    assert(s.keyedBy === keyedBy, 'random: a stream keyed two ways', { name, keyedBy });
    return s;
  }
}

