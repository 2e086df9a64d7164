import type { Scenario } from '../types.ts';
import { snapTests } from './suite-snap.ts';
import { kvTests } from './suite.ts';

/**
 * The C++ lab's KV tests (Stony Brook dslabs-cpp): its nine tests (branch lab-kv-23) as `cpp/T1`
 * ... `cpp/T9`, then the two snapshot tests of its lab-shard-23 variant.
 */
export const cppSuite: readonly Scenario[] = [...kvTests, ...snapTests];
