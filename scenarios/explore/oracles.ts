import type { RaftCluster } from '../../sim/raft-cluster.ts';
import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';

/** Poll period of the liveness oracle (virtual ms). */
const POLL_MS = 20;

/** The liveness waits for what clients and servers still hold (scenario.ts settle). */
export const PENDING_OPERATIONS = 'pending operations';
export const PENDING_REQUESTS = 'pending requests';
const PENDING = new Set([PENDING_OPERATIONS, PENDING_REQUESTS]
  .map((what) => `check: liveness: ${what}`));

/**
 * What a shrink counts as one failure (sim/shrink.ts ShrinkOptions.classOf). A request that a
 * server accepted and never answers shows either way: as a clerk still waiting (pending
 * operations), or, when the clerk retried at another server and finished, as the request itself
 * (pending requests). Which of the two a run ends in depends on the clerk's retries, not on the
 * bug, so a shrink may go from one to the other: on waiter-hangs-on-lost-leadership's first
 * failure at explore seed 4 (bench/bug-zoo.ts), 141 decisions when each was its own failure, 23
 * as one. Every other signature is a class of its own.
 */
export function shrinkClass(signature: string): string {
  return PENDING.has(signature) ? 'check: liveness: pending' : signature;
}

/**
 * The liveness oracle's waits after the heal: each polls until its condition holds, and fails
 * with `liveness: <what>` if the deadline (heal + LIVENESS_MS) passes first.
 */
export function* until(world: World, deadline: number, done: () => boolean, what: string,
  why: () => string): Proc {
  while (!done()) {
    if (world.now >= deadline) {
      fail(`liveness: ${what}`, `${why()} (bound reached at ${deadline} ms)`);
    }
    yield* sleep(Math.min(POLL_MS, Math.max(1, deadline - world.now)));
  }
}

/** A server leads, and no server is in a higher term than the leader's. */
export function leaderOf(cluster: RaftCluster): number | null {
  const statuses = cluster.hosts.map((h) => h.node?.status() ?? null);
  const maxTerm = Math.max(...statuses.map((s) => s?.term ?? 0));
  const i = statuses.findIndex((s) => s !== null && s.role === 'leader' && s.term === maxTerm);
  return i === -1 ? null : i;
}

export function rolesText(cluster: RaftCluster): string {
  return cluster.hosts.map((h) => {
    const s = h.node?.status();
    return s === undefined ? `s${h.id} down` : `s${h.id} ${s.role} t${s.term} ` +
      `commit ${s.commitIndex} applied ${s.lastApplied}`;
  }).join('; ');
}

/** Client requests the servers accepted and have not answered (HostService.pendingRequests). */
export function pendingRequests(cluster: RaftCluster): number {
  let n = 0;
  for (const h of cluster.hosts) n += h.service?.pendingRequests?.() ?? 0;
  return n;
}

/**
 * Applied state has converged: every server is up, has applied everything the leader has
 * committed, and holds the same replicated state (HostService.stateDigest).
 */
export function converged(cluster: RaftCluster): boolean {
  const l = leaderOf(cluster);
  if (l === null) return false;
  const commit = cluster.hosts[l]!.node!.status().commitIndex;
  const digests = new Set<string>();
  for (const h of cluster.hosts) {
    const s = h.node?.status();
    if (s === undefined || s.lastApplied !== commit) return false;
    const d = h.service?.stateDigest?.();
    if (d !== undefined) digests.add(d);
  }
  return digests.size <= 1;
}

/** Why the states have not converged (for the failure message). */
export function divergence(cluster: RaftCluster): string {
  const applied = new Map<number, string[]>();
  for (const h of cluster.hosts) {
    const s = h.node?.status();
    if (s === undefined) continue;
    const d = h.service?.stateDigest?.() ?? '';
    const list = applied.get(s.lastApplied) ?? [];
    if (!list.includes(d)) list.push(d);
    applied.set(s.lastApplied, list);
  }
  const split = [...applied.entries()].filter(([, ds]) => ds.length > 1).map(([i]) => i);
  const head = split.length > 0
    ? `servers that applied through the same index hold different states (index ${split[0]})`
    : 'servers have not applied everything the leader committed';
  return `${head}: ${rolesText(cluster)}`;
}
