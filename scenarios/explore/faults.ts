import { NetworkFaults } from '../../sim/faults.ts';
import { CLIENT_ID_BASE } from '../../sim/network.ts';
import type { RaftCluster } from '../../sim/raft-cluster.ts';
import type { World } from '../../sim/world.ts';
import type { ChurnEvent, ExploreSpec, FaultKindName, PartitionEvent } from './spec.ts';

/**
 * How many fault events of each kind were injected (coverage), partitions by shape, crash
 * points reached, and leaders crashed by churn.
 */
export type InjectedCounts =
  Record<FaultKindName | 'oneWay' | 'bridge' | 'crashPointHit' | 'churnKill', number>;

export function noInjections(): InjectedCounts {
  return { crash: 0, crashPoint: 0, partition: 0, linkLoss: 0, clog: 0, pause: 0, churn: 0,
    oneWay: 0, bridge: 0, crashPointHit: 0, churnKill: 0 };
}

const MIXED = ['after-save', 'now', 'after-send'] as const;

/**
 * Carries out a spec's fault schedule on a cluster: each event at its time, undone after its
 * duration; everything undone at the heal. Overlapping events compose: a link is cut while any
 * partition cuts it, a server stays paused while any pause holds it, and a link's loss or clog
 * is the largest of the events holding it.
 */
export class FaultDirector {
  readonly net = new NetworkFaults();
  readonly injected: InjectedCounts = noInjections();
  private healed = false;
  private readonly cuts: PartitionEvent[] = [];
  /** The leader a partition aimed at was when it began. */
  private readonly leaderAtCut = new Map<PartitionEvent, number>();
  private readonly pauses: number[];
  private readonly linkLoss = new Map<string, number[]>();
  private readonly clogs = new Map<string, number[]>();

  constructor(private readonly world: World, private readonly cluster: RaftCluster,
    private readonly spec: ExploreSpec) {
    this.pauses = cluster.hosts.map(() => 0);
    world.network.faults = this.net;
  }

  get n(): number {
    return this.cluster.n;
  }

  /** Schedule every event that starts before the heal, and the swarm's network rates. */
  start(): void {
    this.net.setRates(this.spec.net);
    this.net.duplicateClientRequests = this.spec.workload.api === 'appends';
    const f = this.spec.faults;
    for (const e of f.crash) this.at(e.at, 'crash', () => this.crash(this.aim(e), e.downMs));
    for (const e of f.crashPoint) {
      this.at(e.at, 'crashPoint', () => this.armCrash(this.aim(e), e.point, e.downMs));
    }
    for (const e of f.partition) this.during(e.at, e.ms, 'partition', () => this.cut(e));
    for (const e of f.linkLoss) {
      this.during(e.at, e.ms, 'linkLoss',
        () => this.hold(this.linkLoss, this.aim({ ...e, server: e.from }), e.to % this.n, e.rate));
    }
    for (const e of f.clog) {
      this.during(e.at, e.ms, 'clog', () =>
        this.hold(this.clogs, this.aim({ ...e, server: e.from }), e.to % this.n, e.extraMs));
    }
    for (const e of f.pause) this.during(e.at, e.ms, 'pause', () => this.pause(this.aim(e)));
    for (const e of f.churn) this.during(e.at, e.ms, 'churn', () => this.churn(e));
  }

  /** The server an event aims at: the leader of the moment, or its own (mod the cluster). */
  private aim(e: { readonly leader: boolean; readonly server: number }): number {
    return (e.leader ? this.leaderNow() : null) ?? e.server % this.n;
  }

  /** The leader of the highest term (a deposed leader that has not heard yet is not it). */
  private leaderNow(): number | null {
    let best: number | null = null;
    for (const [i, h] of this.cluster.hosts.entries()) {
      const s = h.node?.status();
      if (s?.role !== 'leader') continue;
      if (best === null || s.term > this.cluster.hosts[best]!.node!.status().term) best = i;
    }
    return best;
  }

  /** Undo every fault: calm network, every link up, every server running. */
  heal(): void {
    this.healed = true;
    this.net.calm();
    this.cuts.length = 0;
    this.world.note('explore', 'heal: calm network, every link up, every server up');
    this.cluster.connectAll();
    for (let c = 0; c < this.spec.workload.clients; c++) {
      this.world.network.allow(CLIENT_ID_BASE + c, null);
    }
    for (const [i, h] of this.cluster.hosts.entries()) {
      h.disarmCrash();
      this.pauses[i] = 0;
      h.resume();
      if (!h.up) this.cluster.startServer(i);
    }
  }

  private at(t: number, kind: FaultKindName, run: () => void): void {
    if (t >= this.spec.faultMs) return;
    this.world.queue.schedule(t, () => {
      if (this.healed) return;
      this.injected[kind] += 1;
      run();
    });
  }

  /** Start a fault at `t`; `start` returns its undo, run `ms` later (unless healed by then). */
  private during(t: number, ms: number, kind: FaultKindName, start: () => () => void): void {
    this.at(t, kind, () => {
      const undo = start();
      this.world.queue.schedule(ms, () => {
        if (!this.healed) undo();
      });
    });
  }

  private crash(i: number, downMs: number): void {
    const h = this.cluster.hosts[i]!;
    if (!h.up) return;
    this.world.note('explore', `crash s${i} for ${downMs} ms`);
    h.crash();
    this.afterCrash(i, downMs);
  }

  private afterCrash(i: number, downMs: number): void {
    this.world.safety.checkDurable();
    this.world.queue.schedule(downMs, () => {
      if (!this.healed && !this.cluster.hosts[i]!.up) this.cluster.startServer(i);
    });
  }

  private armCrash(i: number, point: 'after-save' | 'after-send', downMs: number): void {
    const h = this.cluster.hosts[i]!;
    if (!h.up) return;
    this.world.note('explore', `s${i} will crash at its next Ready's ${point} point`);
    h.armCrash(point, () => {
      this.injected.crashPointHit += 1;
      this.afterCrash(i, downMs);
    });
  }

  /** Every periodMs until undone: crash the leader of the moment (see ChurnEvent). */
  private churn(e: ChurnEvent): () => void {
    let on = true;
    let kills = 0;
    const tick = (): void => {
      if (!on || this.healed) return;
      const l = this.leaderNow();
      if (l !== null) {
        this.injected.churnKill += 1;
        const point = e.point === 'mixed' ? MIXED[kills % MIXED.length]! : e.point;
        kills += 1;
        if (point === 'now') this.crash(l, e.downMs);
        else this.armCrash(l, point, e.downMs);
      }
      this.world.queue.schedule(e.periodMs, tick);
    };
    tick();
    return () => { on = false; };
  }

  private pause(i: number): () => void {
    this.pauses[i]! += 1;
    this.cluster.hosts[i]!.pause();
    return () => {
      this.pauses[i]! -= 1;
      if (this.pauses[i] === 0) this.cluster.hosts[i]!.resume();
    };
  }

  private cut(e: PartitionEvent): () => void {
    const l = e.leader ? this.leaderNow() : null;
    if (l !== null) this.leaderAtCut.set(e, l);
    if (e.shape === 'one-way') this.injected.oneWay += 1;
    if (e.shape === 'bridge') this.injected.bridge += 1;
    this.cuts.push(e);
    this.world.note('explore', `partition (${e.shape}): ${this.describe(e)}`);
    this.relink();
    return () => {
      this.cuts.splice(this.cuts.indexOf(e), 1);
      this.world.note('explore', `partition over (${e.shape})`);
      this.relink();
    };
  }

  /** Aimed at the leader (Jepsen's "isolate the leader"): the leader alone is side 1. */
  private sideOf(e: PartitionEvent, i: number): number {
    const l = this.leaderAtCut.get(e);
    if (l !== undefined) return i === l ? 1 : 0;
    return e.side[i % e.side.length]!;
  }

  /**
   * The servers client c may reach: those on its side of every partition that confines
   * clients (and a bridge server from either side); null when none does.
   */
  private clientReach(c: number): number[] | null {
    const confining = this.cuts.filter((e) => e.clientSide.length > 0);
    if (confining.length === 0) return null;
    return Array.from({ length: this.n }, (_, i) => i).filter((i) => confining.every((e) =>
      (e.shape === 'bridge' && i === e.bridge % this.n) ||
      this.sideOf(e, i) === e.clientSide[c % e.clientSide.length]));
  }

  /** Does partition `e` cut requests from i to j? */
  private cutsLink(e: PartitionEvent, i: number, j: number): boolean {
    const [a, b] = [this.sideOf(e, i), this.sideOf(e, j)];
    if (a === b) return false;
    if (e.shape === 'one-way') return a === 1;
    if (e.shape === 'bridge') return i !== e.bridge % this.n && j !== e.bridge % this.n;
    return true;
  }

  private relink(): void {
    for (let i = 0; i < this.n; i++) {
      for (let j = 0; j < this.n; j++) {
        if (i !== j) {
          this.world.network.setLink(i, j, !this.cuts.some((e) => this.cutsLink(e, i, j)));
        }
      }
    }
    for (let c = 0; c < this.spec.workload.clients; c++) {
      this.world.network.allow(CLIENT_ID_BASE + c, this.clientReach(c));
    }
  }

  private describe(e: PartitionEvent): string {
    const sides = [0, 1].map((s) => Array.from({ length: this.n }, (_, i) => i)
      .filter((i) => this.sideOf(e, i) === s).map((i) => `s${i}`).join(','));
    const bridge = e.shape === 'bridge' ? `, bridge s${e.bridge % this.n}` : '';
    return `[${sides[0]}] [${sides[1]}]${bridge}`;
  }

  /** Hold a per-link value (loss or clog) on from>to; the link's value is the largest held. */
  private hold(board: Map<string, number[]>, from: number, to: number, v: number): () => void {
    if (from === to) return () => {};
    const key = `${from}>${to}`;
    const held = board.get(key) ?? [];
    board.set(key, held);
    held.push(v);
    this.apply(board, from, to);
    return () => {
      held.splice(held.indexOf(v), 1);
      this.apply(board, from, to);
    };
  }

  private apply(board: Map<string, number[]>, from: number, to: number): void {
    const v = Math.max(0, ...(board.get(`${from}>${to}`) ?? []));
    if (board === this.linkLoss) this.net.setLinkLoss(from, to, v);
    else this.net.setClog(from, to, v);
  }
}
