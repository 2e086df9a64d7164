import { AssertionError } from '../../core/assert.ts';
import { ScenarioFailure } from '../../scenarios/failure.ts';
import { SafetyViolation } from '../../sim/safety.ts';

/** Which check stopped a run, and when (virtual ms). */
export interface Caught {
  readonly kind: 'safety' | 'check' | 'assertion' | 'liveness' | 'error';
  readonly check: string;
  readonly message: string;
  readonly atMs: number;
}

export function classifyFailure(e: unknown, atMs: number): Caught {
  if (e instanceof SafetyViolation) {
    return { kind: 'safety', check: e.invariant, message: e.details, atMs };
  }
  if (e instanceof ScenarioFailure) {
    return { kind: 'check', check: e.check, message: e.message, atMs };
  }
  if (e instanceof AssertionError) {
    return { kind: 'assertion', check: 'assertion', message: e.message, atMs };
  }
  return { kind: 'error', check: 'error', message: String(e), atMs };
}

export function describeCaught(c: Caught): string {
  return `${c.kind} '${c.check}' at ${c.atMs} ms: ${c.message}`;
}
