import type { Ready } from '../core/raft/types.ts';
import type { HistoryOp } from './history.ts';
import { CLIENT_ID_BASE, type CallOptions, type Endpoint } from './network.ts';
import type { ClientOpView, RunObserver } from './observe.ts';
import type { RaftHost } from './raft-host.ts';

/** What a run exercised, counted from the structured observation channel (sim/observe.ts). */
export interface RunCoverage {
  /** A node became leader of a term. */
  elections: number;
  /** A follower installed a leader's snapshot (an InstallSnapshot took effect). */
  snapshotsInstalled: number;
  /** A node cut entries off its log (a write at or below its last index). */
  truncations: number;
  /** A client sent an operation again (another server, or after a failure). */
  clientRetries: number;
  clientOps: number;
  crashes: number;
  restarts: number;
}

export function emptyCoverage(): RunCoverage {
  return { elections: 0, snapshotsInstalled: 0, truncations: 0, clientRetries: 0, clientOps: 0,
    crashes: 0, restarts: 0 };
}

/**
 * A RunObserver that only counts (runScenario(..., { observer })). It keeps, per server, the
 * last index and the term it last led, to tell a truncation and a new leadership.
 */
export class CoverageObserver implements RunObserver {
  readonly counts: RunCoverage = emptyCoverage();
  private readonly lastIndex = new Map<number, number>();
  private readonly ledTerm = new Map<number, number>();
  private sends = 0;

  attach(): void {}
  servers(): void {}

  started(host: RaftHost): void {
    if (host.currentIncarnation > 1) this.counts.restarts += 1;
    this.lastIndex.set(host.id, host.node!.status().lastIndex);
  }

  crashed(): void {
    this.counts.crashes += 1;
  }

  ready(host: RaftHost, ready: Ready): void {
    const s = host.node!.status();
    const last = this.lastIndex.get(host.id) ?? 0;
    if (ready.logWrites.some((w) => w.fromIndex <= last)) this.counts.truncations += 1;
    this.lastIndex.set(host.id, s.lastIndex);
    if (s.role === 'leader' && this.ledTerm.get(host.id) !== s.term) {
      this.ledTerm.set(host.id, s.term);
      this.counts.elections += 1;
    }
    for (const a of ready.apply) if (a.type === 'snapshot') this.counts.snapshotsInstalled += 1;
  }

  sent(call: CallOptions, from: Endpoint): void {
    if (from.id >= CLIENT_ID_BASE && !call.label.endsWith('(copy)')) this.sends += 1;
    this.counts.clientRetries = Math.max(0, this.sends - this.counts.clientOps);
  }

  invoke(_client: number, _op: ClientOpView, _history: HistoryOp | null): number {
    this.counts.clientOps += 1;
    return 0;
  }

  arrived(): void {}
  replied(): void {}
  replyArrived(): void {}
  abandoned(): void {}
  failed(): void {}
  link(): void {}
  slow(): void {}
  allow(): void {}
  partition(): void {}
  connect(): void {}
  returned(): void {}
  note(): void {}
  finished(): void {}
}
