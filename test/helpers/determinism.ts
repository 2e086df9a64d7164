import type { ExecutionContext } from 'ava';

/**
 * The determinism contract (style practice 11, fast-check's ArbitraryAssertions shape): a build
 * function run twice with one seed gives a byte-identical trace; a different seed gives a
 * different one. `build(seed)` returns the full trace text (or any string fingerprint of it).
 */
export function assertSameSeedSameTrace(t: ExecutionContext, build: (seed: number) => string,
  seeds: readonly number[] = [1, 2, 3]): void {
  const first = seeds.map(build);
  const second = seeds.map(build);
  for (let k = 0; k < seeds.length; k++) {
    t.true(first[k] === second[k], `seed ${seeds[k]}: two runs differ`);
  }
  t.is(new Set(first).size, seeds.length, `different seeds should give different traces`);
}
