import type { ExecutionContext } from 'ava';
import fc from 'fast-check';

/**
 * fc.assert inside an ava test, so that a failure prints fast-check's whole report: the seed,
 * the shrink path and the counterexample. Properties must throw plain errors (node:assert), not
 * call `t.*`, or ava would report the first unshrunk failure instead.
 * Replay one failure: FC_SEED=<seed> FC_PATH=<path> npx ava <file> --match '<title>'.
 */
export function assertProperty<Ts>(t: ExecutionContext, property: fc.IProperty<Ts>,
  params: fc.Parameters<Ts> = {}): void {
  const seed = process.env['FC_SEED'];
  const replay = seed === undefined ? {} : { seed: Number(seed), path: process.env['FC_PATH'] };
  try {
    fc.assert(property, { includeErrorInReport: true, ...params, ...replay });
  } catch (e) {
    t.fail(e instanceof Error ? e.message : String(e));
    return;
  }
  t.pass();
}

/** assertProperty for an fc.asyncProperty (each run awaits, e.g. a child process). */
export async function assertAsyncProperty<Ts>(t: ExecutionContext,
  property: fc.IAsyncProperty<Ts>, params: fc.Parameters<Ts> = {}): Promise<void> {
  const seed = process.env['FC_SEED'];
  const replay = seed === undefined ? {} : { seed: Number(seed), path: process.env['FC_PATH'] };
  try {
    await fc.assert(property, { includeErrorInReport: true, ...params, ...replay });
  } catch (e) {
    t.fail(e instanceof Error ? e.message : String(e));
    return;
  }
  t.pass();
}
