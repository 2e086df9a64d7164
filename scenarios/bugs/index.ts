import type { KvServiceFactory } from '../../sim/kv-service.ts';
import type { NodeFactory } from '../../sim/raft-host.ts';
import type { RunOptions } from '../../sim/runner.ts';
import { KV_BUGS } from './kv/index.ts';
import { bugs as RAFT_BUGS } from './raft/index.ts';

/**
 * Known-bad implementations (style.md practice 12: outside core/), for teaching and for proving
 * the harness: `raftsim run paper/Figure8 --bug commit-prior-term-by-count` runs a scenario on a
 * broken Raft and shows what catches it. Ids are the entries of shared/reference/raft-bugs.md.
 */
export interface KnownBug {
  readonly id: string;
  readonly layer: 'raft' | 'kv';
  readonly run: Pick<RunOptions, 'nodeFactory' | 'kvServiceFactory'>;
}

const raft = (id: string, nodeFactory: NodeFactory): KnownBug =>
  ({ id, layer: 'raft', run: { nodeFactory } });
const kv = (id: string, kvServiceFactory: KvServiceFactory): KnownBug =>
  ({ id, layer: 'kv', run: { kvServiceFactory } });

export const knownBugs: readonly KnownBug[] = [
  ...RAFT_BUGS.map((b) => raft(b.id, b.factory)),
  ...KV_BUGS.map((b) => kv(b.name, b.factory)),
];

export function findBug(id: string): KnownBug | undefined {
  return knownBugs.find((b) => b.id === id);
}
