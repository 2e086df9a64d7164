import type { HostService, RaftHost } from '../../../sim/raft-host.ts';

/** Builds the KV service of one server incarnation (KvHostService, or a known-bad variant). */
export type KvServiceFactory = (host: RaftHost, maxRaftState: number) => HostService;

/** One fault, applied by the nemesis at its time. Server numbers are 0..4. */
export type Fault =
  | { readonly type: 'crash'; readonly server: number }
  | { readonly type: 'restart'; readonly server: number }
  | { readonly type: 'crashLeader' }
  /** ShutdownServer on all five, then StartServer on all after downMs (4C "crash"). */
  | { readonly type: 'crashAll'; readonly downMs: number }
  /** These servers on one side, the rest on the other (server-server links only). */
  | { readonly type: 'partition'; readonly minority: readonly number[] }
  /** The current leader (and `with`, if given and different) cut off from the others. */
  | { readonly type: 'isolateLeader'; readonly with: number | null }
  /** Every link back on (crashed servers stay down). */
  | { readonly type: 'heal' };

export interface FaultStep {
  readonly afterMs: number;
  readonly fault: Fault;
}

/**
 * One simulated run: a 5-server cluster, `clients` clerks doing unique Appends and Gets on `keys`
 * keys while the nemesis runs `faults`; then every server restarts and reconnects, the clerks
 * finish their last op, and a fresh clerk reads every key.
 */
export interface KvRunPlan {
  readonly seed: number;
  readonly maxRaftState: number;
  readonly clients: number;
  readonly keys: number;
  /** Labrpc's unreliable mode: 10% of requests and 10% of replies lost, 0-26 ms delays. */
  readonly unreliable: boolean;
  /** Labrpc's long reordering (2/3 of replies 200-2199 ms late); off unless a test sets it. */
  readonly longReordering?: boolean;
  /** Out of 100: how many of a clerk's ops are Gets (the rest are Appends). */
  readonly getPercent: number;
  readonly faults: readonly FaultStep[];
}

export function describeFault(f: Fault): string {
  switch (f.type) {
    case 'crash': return `crash s${f.server}`;
    case 'restart': return `restart s${f.server}`;
    case 'crashLeader': return 'crash leader';
    case 'crashAll': return `crash all for ${f.downMs}ms`;
    case 'partition': return `partition [${f.minority.join(',')}] | rest`;
    case 'isolateLeader': return f.with === null ? 'isolate leader' : `isolate leader + s${f.with}`;
    case 'heal': return 'heal';
  }
}

/** A plan in one line per field, for failure messages and replay. */
export function describePlan(p: KvRunPlan): string {
  const faults = p.faults.map((s) => `+${s.afterMs}ms ${describeFault(s.fault)}`).join('; ');
  return `seed=${p.seed} maxRaftState=${p.maxRaftState} clients=${p.clients} keys=${p.keys} ` +
    `unreliable=${p.unreliable} gets=${p.getPercent}% faults: ${faults || '(none)'}`;
}
