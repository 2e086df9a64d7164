/**
 * The one source of randomness the pure core accepts. Integer-only, so results are identical on
 * every machine. Convention (used by the simulator's recorder and shrinker): a draw of 0 is the
 * benign choice (no drop, shortest delay, no crash).
 */
export interface Random {
  /** Uniform integer in [0, n). n must be a positive integer. */
  below(n: number): number;
}

/** True with probability numerator/denominator; a draw of 0 means "no" for small ratios. */
export function chance(random: Random, numerator: number, denominator: number): boolean {
  // Draw r in [0, d); "yes" iff r >= d - n, so that r = 0 is "no" whenever n < d.
  return random.below(denominator) >= denominator - numerator;
}

/** Uniform integer in [min, max], both inclusive. */
export function rangeInclusive(random: Random, min: number, max: number): number {
  return min + random.below(max - min + 1);
}
