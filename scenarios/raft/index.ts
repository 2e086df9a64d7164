import type { Scenario } from '../types.ts';
import { suite3A } from './suite-3a.ts';
import { suite3B } from './suite-3b.ts';
import { suite3BMore } from './suite-3b-more.ts';
import { suite3C } from './suite-3c.ts';
import { suite3CChurn } from './suite-3c-churn.ts';
import { suite3D } from './suite-3d.ts';

/** The course's Raft suite, 28 tests, in the course's order. */
export const raftSuite: readonly Scenario[] = [
  ...suite3A,
  ...suite3B.slice(0, 6),
  ...suite3BMore,
  ...suite3C.slice(0, 6),
  ...suite3CChurn,
  ...suite3D,
];
