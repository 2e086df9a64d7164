import type { Operation } from '../../checker/index.ts';
import type { VInput, VOutput } from '../../checker/models/kv-versioned.ts';

type VOp = Operation<VInput, VOutput>;

export interface Reduced {
  readonly ops: Operation[];
  /** ErrMaybe Puts checked as ErrVersion Puts (no-ops). */
  readonly rewritten: number;
  /** Pending Puts left out (they can only be no-ops). */
  readonly dropped: number;
}

/**
 * A verdict-preserving reduction of a kv-versioned history, applied before the search.
 *
 * A key's version moves only by a Put at exactly the current version, one step at a time, so
 * each transition v -> v+1 happens at most once. A Put at version v whose outcome is unknown
 * (ErrMaybe, or still pending) is therefore a no-op in every linearization if
 *  (a) another Put at version v returned OK: that Put made the transition; or
 *  (b) a Get returned version v+1 with a different value: someone else's Put made it.
 * Such an ErrMaybe Put is checked as an ErrVersion Put (legal exactly where it is a no-op) and
 * such a pending Put is left out (never happening is the same as a no-op). Every linearization
 * of the reduced history is one of the original and, by the argument above, vice versa.
 *
 * Why: when 20 clients retry Puts while no leader exists (SnapshotRecoverManyClients4C), every
 * re-sent Put that then meets ErrVersion returns ErrMaybe; dozens of ErrMaybe Puts share version
 * 0, and the plain search tries every subset of them as no-ops after each wrong guess of which
 * one applied (the course's Porcupine times out there and passes; raftsim must decide).
 */
export function reduceVersioned(ops: readonly Operation[]): Reduced {
  const vops = ops as readonly VOp[];
  const okPuts = new Set<string>();
  const seen = new Map<string, Set<string>>();
  for (const op of vops) {
    if (op.output === null || op.output.err !== 'OK') continue;
    if (op.input.op === 'put') {
      okPuts.add(at(op.input.key, op.input.version));
    } else if ('version' in op.output) {
      const k = at(op.input.key, op.output.version);
      const values = seen.get(k) ?? new Set<string>();
      values.add(op.output.value);
      seen.set(k, values);
    }
  }
  const noOp = (input: VInput & { op: 'put' }): boolean => {
    if (okPuts.has(at(input.key, input.version))) return true;
    const after = seen.get(at(input.key, input.version + 1));
    return after !== undefined && [...after].some((value) => value !== input.value);
  };
  const out: Operation[] = [];
  let rewritten = 0;
  let dropped = 0;
  for (const op of vops) {
    const unknown = op.output === null || op.output.err === 'ErrMaybe';
    if (op.input.op !== 'put' || !unknown || !noOp(op.input)) {
      out.push(op);
    } else if (op.output === null) {
      dropped += 1;
    } else {
      rewritten += 1;
      out.push({ ...op, output: { err: 'ErrVersion' } });
    }
  }
  return { ops: out, rewritten, dropped };
}

function at(key: string, version: number): string {
  return `${version} ${key}`;
}
