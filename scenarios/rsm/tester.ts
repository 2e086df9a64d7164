import { RaftCluster } from '../../sim/raft-cluster.ts';
import { future, join, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { INC, NULL, RsmSrv, type RsmRep, type RsmReq, type SubmitResult } from './server.ts';

/** rsm/test.go: 3 servers; helpers give up after NSEC seconds. */
export const NSRV = 3;
export const NSEC = 10;

type IncRep = Extract<RsmRep, { type: 'IncRep' }>;
type NullRep = Extract<RsmRep, { type: 'NullRep' }>;

/**
 * The course's rsm tester (kvraft1/rsm/test.go) on the simulator. The tester is the service: each
 * server runs an RsmSrv, and the helpers call Submit directly on a server's rsm, as the course
 * does. The network is reliable, without long delays (MakeConfig(t, NSRV, true, ...)).
 *   const r = yield* t.oneInc();
 *   yield* t.checkCounter(r.n, NSRV);
 */
export class RsmTester {
  readonly cluster: RaftCluster;
  /** The latest RsmSrv of each server; a shut-down one stays until its restart (as ts.srvs). */
  readonly srvs: RsmSrv[] = [];
  /** The server that last accepted a Submit (ts.leader). */
  private leader = 0;

  constructor(readonly world: World, readonly maxRaftState: number) {
    world.network.opts = { reliable: true, longDelays: false, longReordering: false };
    this.cluster = new RaftCluster(world, NSRV, (host) => {
      const s = new RsmSrv(host, world.scheduler, maxRaftState);
      this.srvs[host.id] = s;
      return s;
    });
    this.cluster.startAll();
  }

  // ---- Group operations (tester1/group.go). ----

  isConnected(i: number): boolean {
    return this.cluster.connected[i]!;
  }

  /** ts.disconnectLeader(): DisconnectAll(ts.leader). */
  disconnectLeader(): number {
    this.cluster.disconnect(this.leader);
    return this.leader;
  }

  /** ts.connect(i): ConnectOne(i). */
  connect(i: number): void {
    this.cluster.connect(i);
  }

  /** MakePartition(l): p1 = the first n/2+1 others; p2 = the rest, with l last (the minority). */
  makePartition(l: number): [number[], number[]] {
    const others = this.srvs.map((_, i) => i).filter((i) => i !== l);
    const size1 = Math.floor(NSRV / 2) + 1;
    return [others.slice(0, size1), [...others.slice(size1), l]];
  }

  partition(p1: readonly number[], p2: readonly number[]): void {
    this.cluster.partition([p1, p2]);
  }

  /** Group Shutdown(): ShutdownServer(i) for every server. */
  shutdown(): void {
    for (let i = 0; i < NSRV; i++) this.cluster.shutdown(i);
  }

  /** Group StartServers(): StartServer(i) for every server, then ConnectAll(). */
  startServers(): void {
    for (let i = 0; i < NSRV; i++) this.cluster.startServer(i);
    this.cluster.connectAll();
  }

  /** The course's Leader(cfg, gid): the first server whose Raft says it leads, else 0. */
  findLeader(): { found: boolean; leader: number } {
    const i = this.cluster.hosts.findIndex((h) => h.node?.status().role === 'leader');
    return i === -1 ? { found: false, leader: 0 } : { found: true, leader: i };
  }

  logSize(): number {
    return this.cluster.logSize();
  }

  // ---- Goroutines and select. ----

  /** `go f()`: run a process concurrently; join the task to wait for it. */
  go<T>(name: string, proc: Proc<T>): Task<T> {
    return this.world.scheduler.spawn(name, proc);
  }

  /** select { case <-done: true; case <-time.After(ms): false } */
  *within(done: Task<unknown>, ms: number): Proc<boolean> {
    if (done.done) return true;
    const first = future<boolean>(`${done.name} within ${ms} ms`);
    const settle = (v: boolean): void => {
      if (!first.done) this.world.scheduler.resolve(first, v);
    };
    this.go(`${first.name}: done`, (function* () {
      yield* join(done);
      settle(true);
    })());
    this.go(`${first.name}: timer`, (function* () {
      yield* sleep(ms);
      settle(false);
    })());
    return yield* join(first);
  }

  // ---- Submit helpers (test.go). ----

  /** srvs[i].rsm.Submit(req), waiting for its outcome. */
  *submit(i: number, req: RsmReq): Proc<SubmitResult> {
    return yield* join(this.srvs[i]!.submit(req));
  }

  /**
   * onePartition(p, req): for up to NSEC s, try the connected, running servers in p (null: any),
   * starting from the last known leader; the first OK wins and becomes the leader. Between rounds
   * sleep 50 ms. Null after NSEC s.
   */
  *onePartition(p: readonly number[] | null, req: RsmReq): Proc<RsmRep | null> {
    const t0 = this.world.now;
    while (this.world.now - t0 < NSEC * 1000) {
      let index = this.leader;
      for (let k = 0; k < NSRV; k++) {
        if (this.isConnected(index) && this.cluster.hosts[index]!.up &&
          (p === null || p.includes(index))) {
          const r = yield* this.submit(index, req);
          if (r.err === 'OK') {
            this.leader = index;
            return r.rep;
          }
        }
        index = (index + 1) % NSRV;
      }
      yield* sleep(50);
    }
    return null;
  }

  /** oneInc(); where the course would dereference a nil IncRep, the run fails instead. */
  *oneInc(): Proc<IncRep> {
    const rep = yield* this.onePartition(null, INC);
    if (rep === null) fail('oneInc', `no server completed an Inc within ${NSEC} s`);
    if (rep.type !== 'IncRep') fail('oneInc', `an Inc got ${rep.type}`);
    return rep;
  }

  /** oneNull(): null after NSEC s without a leader (TestShutdown4A relies on it). */
  *oneNull(): Proc<NullRep | null> {
    const rep = yield* this.onePartition(null, NULL);
    if (rep !== null && rep.type !== 'NullRep') fail('oneNull', `a Null got ${rep.type}`);
    return rep;
  }

  // ---- Checks. ----

  /** checkCounter(v, nsrv): up to 30 polls, sleeping 10 ms doubling while < 1 s (to 1280 ms). */
  *checkCounter(v: number, nsrv: number): Proc {
    let to = 10;
    let n = 0;
    for (let iters = 0; iters < 30; iters++) {
      n = this.countValue(v);
      if (n >= nsrv) return;
      yield* sleep(to);
      if (to < 1000) to *= 2;
    }
    fail('checkCounter', `only ${n} srvs have ${v} instead of ${nsrv}`);
  }

  countValue(v: number): number {
    return this.srvs.filter((s) => s.counter === v).length;
  }
}
