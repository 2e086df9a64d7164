import { kvSuite } from './kv/index.ts';
import { paperSuite } from './paper/index.ts';
import { raftSuite } from './raft/index.ts';
import { rsmSuite } from './rsm/index.ts';
import type { Scenario } from './types.ts';

/** Every scenario raftsim knows, in listing order: the course's Raft suite, then its KV suite. */
export const allScenarios: readonly Scenario[] = [...raftSuite, ...rsmSuite, ...kvSuite,
  ...paperSuite];

export function findScenario(id: string): Scenario | undefined {
  return allScenarios.find((s) => s.id === id);
}
