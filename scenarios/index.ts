import { raftSuite } from './raft/index.ts';
import type { Scenario } from './types.ts';

/** Every scenario raftsim knows, in listing order. */
export const allScenarios: readonly Scenario[] = [...raftSuite];

export function findScenario(id: string): Scenario | undefined {
  return allScenarios.find((s) => s.id === id);
}
