import type { RaftFactory } from '../../core/raft/contract.ts';
import type { KvServiceFactory } from '../../sim/kv-service.ts';
import type { RunOptions } from '../../sim/runner.ts';
import { CLERK_BUGS } from './clerk/index.ts';
import { KV_BUGS } from './kv/index.ts';
import { bugs as RAFT_BUGS } from './raft/index.ts';

/**
 * Known-bad implementations (style.md practice 12: outside core/), for teaching and for proving
 * the harness: `raftsim run paper/Figure8 --bug commit-prior-term-by-count` runs a scenario on a
 * broken Raft and shows what catches it. Ids are the entries of shared/reference/raft-bugs.md.
 */
export interface KnownBug {
  readonly id: string;
  /**
   * 'kv' variants replace the KV service (or the RSM under it) and 'clerk' variants the KV
   * clients' Clerk, so both apply only to scenarios with `kv: true`.
   */
  readonly layer: 'raft' | 'kv' | 'clerk';
  /** Its entry number in raft-bugs.md (the catalogue docs/paper-scenarios.md cites). */
  readonly catalogue: number;
  readonly summary: string;
  readonly run: Pick<RunOptions, 'nodeFactory' | 'kvServiceFactory' | 'clerkRules'>;
  /**
   * The variant as a module of the shape `raftsim run --impl` loads (cli/api.ts): a Raft
   * variant exports `createRaft`, a KV variant `createKvService`. The CLI loads `--bug ID`
   * through this, on the same path and with the same contract checks as a user's module:
   * known-bad variants are, in effect, other people's Rafts. A Clerk variant (the client side,
   * which has no module contract) has none: it runs through `run.clerkRules`.
   */
  readonly module: { readonly createRaft: RaftFactory } |
    { readonly createKvService: KvServiceFactory } | null;
}

/** Every known-bad variant, in catalogue order. */
export const knownBugs: readonly KnownBug[] = [
  ...RAFT_BUGS.map((b): KnownBug => ({ id: b.id, layer: 'raft', catalogue: b.catalogue,
    summary: b.summary, run: { nodeFactory: b.factory }, module: { createRaft: b.factory } })),
  ...KV_BUGS.map((b): KnownBug => ({ id: b.name, layer: 'kv', catalogue: b.catalogue,
    summary: b.summary, run: { kvServiceFactory: b.factory },
    module: { createKvService: b.factory } })),
  ...CLERK_BUGS.map((b): KnownBug => ({ id: b.id, layer: 'clerk', catalogue: b.catalogue,
    summary: b.summary, run: { clerkRules: b.rules }, module: null })),
].sort((a, b) => a.catalogue - b.catalogue);

export function findBug(id: string): KnownBug | undefined {
  return knownBugs.find((b) => b.id === id);
}
