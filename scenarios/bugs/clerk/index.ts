import type { ClerkRules } from '../../../core/kv/clerk.ts';
import { clerkIndeterminateAsFailure } from './clerk-indeterminate-as-failure.ts';

/**
 * Known-bad KV clerks: the real Clerk (core/kv/clerk.ts) with its one rule replaced, for every
 * client of a run (`RunOptions.clerkRules`). Only the 2025 Clerk's versioned Put consults it.
 */
export const CLERK_BUGS: ReadonlyArray<{
  readonly id: string; readonly catalogue: number; readonly summary: string;
  readonly rules: Partial<ClerkRules>;
}> = [
  { id: 'clerk-indeterminate-as-failure', catalogue: 36, rules: clerkIndeterminateAsFailure,
    summary: "a re-sent Put's ErrVersion is reported as failed, not ErrMaybe" },
];
