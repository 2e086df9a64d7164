import type { ClerkRules } from '../../../core/kv/clerk.ts';

/**
 * raft-bugs.md #36 clerk-indeterminate-as-failure: a versioned Put that is re-sent after a lost
 * reply and then gets ErrVersion is reported as ErrVersion, a definite "did not happen", instead
 * of ErrMaybe. The first attempt may have executed: the caller (and a checker) is told a write
 * failed that in fact took effect (redisraft#23, Jepsen jetcd 0.8.2).
 */
export const clerkIndeterminateAsFailure: Partial<ClerkRules> = {
  indeterminate: () => false, // BUG: a re-sent Put's ErrVersion is ErrMaybe
};
