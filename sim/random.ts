import seedrandom from 'seedrandom';
import { assert } from '../core/assert.ts';
import type { Random } from '../core/random.ts';

/** A Random backed by seedrandom's ARC4 generator, identical on every machine. */
export class SeededRandom implements Random {
  private readonly prng: seedrandom.PRNG;
  draws = 0;

  constructor(seed: string) {
    this.prng = seedrandom(seed);
  }

  below(n: number): number {
    assert(Number.isInteger(n) && n > 0, 'random.below: n must be a positive integer', { n });
    this.draws += 1;
    // 32 random bits, then a multiply-shift; exact in doubles, so identical everywhere.
    return Math.floor(((this.prng.int32() >>> 0) * n) / 4294967296);
  }
}

/**
 * Independent named streams derived from one run seed ("net 0->1", "timer 2", "scenario"), so that
 * extra draws in one component never shift another's.
 */
export class RandomStreams {
  private readonly streams = new Map<string, SeededRandom>();
  constructor(readonly seed: number) {}

  get(name: string): SeededRandom {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new SeededRandom(`raftsim/${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
