import type { Scenario } from '../types.ts';
import { suite4A, suite4C } from './suite-4a.ts';

/** The course's rsm tests (kvraft1/rsm), 7 of part 4A and TestSnapshot4C, in the course's order. */
export const rsmSuite: readonly Scenario[] = [...suite4A, ...suite4C];
