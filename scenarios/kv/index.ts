import type { Scenario } from '../types.ts';
import { suite4B } from './suite-4b.ts';
import { suite4C } from './suite-4c.ts';

/** The course's 2025 KV suite (kvraft1), 4B (13 tests) then 4C (9 tests), in its order. */
export const kvSuite: readonly Scenario[] = [...suite4B, ...suite4C];
