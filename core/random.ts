/**
 * The one source of randomness the pure core accepts. Integer-only, so results are identical on
 * every machine.
 *
 * Every draw is a *decision* the simulator can record and replay from a schedule (see
 * docs/shrinking.md). A draw names its site, so a recording can say what it decided
 * ("election timeout 412 ms"), and the site says which value is *benign*: what a calm run would
 * draw. A schedule lists only the decisions that differ from the benign value; every other draw
 * gets the benign value.
 */
export interface DrawSite {
  /** What the draw decides, e.g. 'election timeout'. Unique per stream. */
  readonly name: string;
  /** The benign value in [0, n) (default 0). */
  readonly benign?: number;
  /** A short description of a drawn value, e.g. "election timeout 412 ms". */
  describe?(value: number): string;
}

export interface Random {
  /** Uniform integer in [0, n). n must be a positive integer. */
  below(n: number, site?: DrawSite): number;
}

/** Uniform integer in [min, max], both inclusive. */
export function rangeInclusive(random: Random, min: number, max: number, site?: DrawSite): number {
  return min + random.below(max - min + 1, site);
}
