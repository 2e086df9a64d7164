import type { Scenario } from '../types.ts';
import { suite3A } from './suite-3a.ts';
import { suite3B } from './suite-3b.ts';
import { suite3BMore } from './suite-3b-more.ts';
import { suite3C } from './suite-3c.ts';
import { suite3CChurn } from './suite-3c-churn.ts';
import { suite3D } from './suite-3d.ts';

/** Each part's file, in the course's order (3B and 3C are split over two files each). */
export const raftParts: readonly (readonly Scenario[])[] = [
  suite3A, suite3B, suite3BMore, suite3C, suite3CChurn, suite3D,
];

/** The course's Raft suite, 28 tests, in the course's order: every scenario of every part. */
export const raftSuite: readonly Scenario[] = raftParts.flat();
