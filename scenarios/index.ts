import { cppSuite } from './cpp/index.ts';
import { kvSuite } from './kv/index.ts';
import { kv2024Suite } from './kv2024/index.ts';
import { paperSuite } from './paper/index.ts';
import { raftSuite } from './raft/index.ts';
import { raft2024Suite } from './raft2024/index.ts';
import { rsmSuite } from './rsm/index.ts';
import type { Scenario } from './types.ts';

/**
 * Every scenario raftsim knows, in listing order, families contiguous (scenarios/catalogue.ts
 * names them): the 2025 course suites (Raft, rsm, KV), then the 2024 Raft suite (`raft2024/`),
 * the Put/Append era (`kv2024/`), the C++ lab (`cpp/`), and the famous bugs as schedules
 * (`paper/`).
 */
export const allScenarios: readonly Scenario[] = [...raftSuite, ...rsmSuite, ...kvSuite,
  ...raft2024Suite, ...kv2024Suite, ...cppSuite, ...paperSuite];

export function findScenario(id: string): Scenario | undefined {
  return allScenarios.find((s) => s.id === id);
}
