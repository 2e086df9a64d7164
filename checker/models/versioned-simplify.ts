import type { Operation, Simplified } from '../types.ts';
import type { VInput, VOutput } from './kv-versioned.ts';

type VOp = Operation<VInput, VOutput>;

/**
 * The kv-versioned model's verdict-preserving simplification of one part (one key).
 *
 * A key's version moves only by a Put at exactly the current version, one step at a time, so
 * each transition v -> v+1 happens at most once. A Put at version v whose outcome is unknown
 * (ErrMaybe, or pending) is therefore a no-op in every linearization if
 *  (a) another Put at version v returned OK: that Put made the transition; or
 *  (b) a Get returned version v+1 with a different value: someone else's Put made it.
 * Such an ErrMaybe Put is searched as an ErrVersion Put (legal exactly where it is a no-op) and
 * such a pending Put is dropped (never happening is the same as a no-op). Every linearization
 * of the simplified part is one of the original and, by the argument above, vice versa.
 *
 * Why: when many clients retry Puts while no leader exists (the course's
 * SnapshotRecoverManyClients4C), dozens of ErrMaybe Puts share one version, and the plain search
 * tries every subset of them as no-ops after each wrong guess of which one applied.
 */
export function simplifyVersioned(part: readonly VOp[]): Simplified<VOutput> {
  const facts = transitionFacts(part);
  const drop: boolean[] = [];
  const outputs: (VOutput | null)[] = [];
  for (const op of part) {
    const unknown = op.return === null || op.output === null || op.output.err === 'ErrMaybe';
    const noOp = op.input.op === 'put' && unknown && facts.isNoOp(op.input);
    drop.push(noOp && op.return === null);
    outputs.push(noOp && op.return !== null ? { err: 'ErrVersion' }
      : (op.return === null ? null : op.output));
  }
  return { drop, outputs };
}

/** Which version transitions the part proves were made, and by which value. */
function transitionFacts(part: readonly VOp[]) {
  const okPuts = new Set<string>();
  const seen = new Map<string, Set<string>>();
  for (const op of part) {
    if (op.return === null || op.output === null || op.output.err !== 'OK') continue;
    if (op.input.op === 'put') {
      okPuts.add(at(op.input.key, op.input.version));
    } else if ('version' in op.output) {
      const k = at(op.input.key, op.output.version);
      const values = seen.get(k) ?? new Set<string>();
      values.add(op.output.value);
      seen.set(k, values);
    }
  }
  return {
    isNoOp(input: VInput & { op: 'put' }): boolean {
      if (okPuts.has(at(input.key, input.version))) return true;
      const after = seen.get(at(input.key, input.version + 1));
      return after !== undefined && [...after].some((value) => value !== input.value);
    },
  };
}

function at(key: string, version: number): string {
  return `${version} ${key}`;
}
