import type { Scenario } from '../types.ts';
import { suite4A } from './suite-4a.ts';
import { suite4B } from './suite-4b.ts';

/**
 * The course's 2018-2024 KV suite (kvraft) in its 2024 names: 4A (14 tests, no snapshots) then
 * 4B (9 tests, snapshots), in its order, ids prefixed `kv2024/`.
 */
export const kv2024Suite: readonly Scenario[] = [...suite4A, ...suite4B];
