import { DEFAULT_TIMING, type RaftConfig } from '../core/raft/types.ts';
import { RaftHost, type HostContext, type HostService } from './raft-host.ts';
import type { World } from './world.ts';

export type Timing = Pick<RaftConfig,
  'electionTimeoutMinMs' | 'electionTimeoutMaxMs' | 'heartbeatMs' | 'maxEntriesPerAppend'>;

/**
 * A group of Raft servers on the world's network, with the course tester's connectivity
 * semantics: connect(i) enables links between i and every connected server; disconnect(i) cuts
 * every link of i; shutdown(i) disconnects, then crashes; a crashed server keeps its persister.
 */
export class RaftCluster {
  readonly hosts: RaftHost[] = [];
  readonly connected: boolean[];

  constructor(
    readonly world: World,
    readonly n: number,
    makeService: (host: RaftHost) => HostService,
    timing: Timing = DEFAULT_TIMING,
  ) {
    const peers = Array.from({ length: n }, (_, i) => i);
    const ctx: HostContext = {
      nodeFactory: world.nodeFactory, queue: world.queue, network: world.network,
      streams: world.streams, trace: world.trace,
      observer: world.safety, recorder: world.recorder, runObserver: world.observer,
    };
    for (const id of peers) {
      const config: RaftConfig = { id, peers, ...timing };
      this.hosts.push(new RaftHost(ctx, id, `s${id}`, config, makeService));
    }
    this.connected = peers.map(() => false);
    world.safety.setHosts(this.hosts);
    world.observer?.servers(n);
  }

  /** Start every server and connect them all. */
  startAll(): void {
    for (const h of this.hosts) h.start();
    this.connectAll();
  }

  connect(i: number): void {
    this.world.observer?.connect(i, true);
    this.connected[i] = true;
    for (let j = 0; j < this.n; j++) {
      if (j === i || !this.connected[j]) continue;
      this.world.network.setLink(i, j, true);
      this.world.network.setLink(j, i, true);
    }
    this.world.note(`s${i}`, 'connect');
  }

  disconnect(i: number): void {
    this.world.observer?.connect(i, false);
    this.connected[i] = false;
    for (let j = 0; j < this.n; j++) {
      if (j === i) continue;
      this.world.network.setLink(i, j, false);
      this.world.network.setLink(j, i, false);
    }
    this.world.note(`s${i}`, 'disconnect');
  }

  connectAll(): void {
    for (let i = 0; i < this.n; i++) this.connect(i);
  }

  /** Servers in different groups cannot talk; within a group they can. */
  partition(groups: readonly (readonly number[])[]): void {
    this.world.observer?.partition(groups);
    const side = new Map<number, number>();
    groups.forEach((g, k) => g.forEach((i) => side.set(i, k)));
    for (let i = 0; i < this.n; i++) {
      this.connected[i] = true;
      for (let j = 0; j < this.n; j++) {
        if (i !== j) this.world.network.setLink(i, j, side.get(i) === side.get(j));
      }
    }
    this.world.note('net', `partition ${groups.map((g) => `[${g.join(',')}]`).join(' ')}`);
  }

  /** ShutdownServer: cut every link, then crash (volatile state and in-flight RPCs are lost). */
  shutdown(i: number): void {
    this.disconnect(i);
    this.hosts[i]!.crash();
    this.world.safety.checkDurable();
  }

  /** StartServer: a new incarnation from the persister (the caller decides on reconnecting). */
  startServer(i: number): void {
    if (this.hosts[i]!.up) this.hosts[i]!.crash();
    this.hosts[i]!.start();
  }

  /** Largest persisted raft state over all servers (the course's LogSize). */
  logSize(): number {
    return Math.max(...this.hosts.map((h) => h.persister.raftStateSize()));
  }

  snapshotSize(): number {
    return Math.max(...this.hosts.map((h) => h.persister.snapshotSize()));
  }
}
