import { RaftCluster } from '../../sim/raft-cluster.ts';
import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { Applier, encodeValue, type Value } from './applier.ts';
import type { Stream } from '../../sim/random.ts';
import { dataSite } from '../sites.ts';

const LEADER_CHECK_PAUSE = dataSite('leader check pause');
const VALUE = dataSite('value');

export const ELECTION_TIMEOUT_MS = 1000;
export const MAX_LOG_SIZE = 2000;

/**
 * The course year whose tester a run follows. 2025 (raft1/test.go): restart(i) is StartServer(i)
 * then ConnectAll(), which heals every cut; a restarted server's applier starts with no logs.
 * 2024 (raft/config.go): start1(i) crashes i if it runs and starts it disconnected, the test
 * then connects only i; the tester's copy of each server's applied values outlives restarts.
 * scenarios/raft2024 runs the 2025 scenario bodies under 2024's rules (useTester2024).
 */
export type TesterYear = 2024 | 2025;
const YEAR = new WeakMap<World, TesterYear>();

/** Run this world's Raft testers with the 2024 config.go's semantics. */
export function useTester2024(world: World): void {
  YEAR.set(world, 2024);
}

export interface RaftTestOptions {
  readonly servers: number;
  readonly reliable: boolean;
  readonly snapshots: boolean;
}

/**
 * The course's Raft tester (raft1/test.go) on the simulator: the same helpers with the same
 * constants, as generator processes that sleep in virtual time. Scenarios read like the Go tests:
 *   const leader = yield* t.checkOneLeader();
 *   t.disconnect(leader);
 *   yield* t.one(101, 2, true);
 */
export class RaftTester {
  readonly cluster: RaftCluster;
  readonly appliers: (Applier | null)[];
  readonly rand: Stream;
  readonly n: number;
  readonly year: TesterYear;

  constructor(readonly world: World, opts: RaftTestOptions) {
    this.n = opts.servers;
    this.year = YEAR.get(world) ?? 2025;
    this.rand = world.streams.get('scenario', 'order');
    this.appliers = Array.from({ length: opts.servers }, () => null);
    world.network.opts = { reliable: opts.reliable, longDelays: true, longReordering: false };
    this.cluster = new RaftCluster(world, opts.servers, (host) => {
      const a = new Applier(host, this.appliers, opts.snapshots);
      const before = this.appliers[host.id];
      if (this.year === 2024 && before) a.logs = before.logs;
      this.appliers[host.id] = a;
      return a;
    });
    this.cluster.startAll();
  }

  // ---- Faults (the tester's group operations). ----

  disconnect(i: number): void {
    this.cluster.disconnect(i);
  }

  connect(i: number): void {
    this.cluster.connect(i);
  }

  connectAll(): void {
    this.cluster.connectAll();
  }

  isConnected(i: number): boolean {
    return this.cluster.connected[i]!;
  }

  /** ShutdownServer(i). */
  crash(i: number): void {
    this.cluster.shutdown(i);
  }

  /**
   * 2025: restart(i) is StartServer(i), then ConnectAll() (which heals every cut). 2024: the
   * tests' start1(i) then connect(i), which reconnects i alone.
   */
  restart(i: number): void {
    if (this.year === 2024) {
      this.start1(i);
      this.connect(i);
      return;
    }
    this.cluster.startServer(i);
    this.cluster.connectAll();
  }

  /** 2024's start1(i): crash i if it runs (crash1 cuts its links), start it, leave it cut. */
  start1(i: number): void {
    this.crash(i);
    this.cluster.startServer(i);
  }

  isUp(i: number): boolean {
    return this.cluster.hosts[i]!.up;
  }

  setReliable(reliable: boolean): void {
    this.world.network.opts.reliable = reliable;
    this.world.note('net', reliable ? 'reliable' : 'unreliable');
  }

  setLongReordering(on: boolean): void {
    this.world.network.opts.longReordering = on;
    this.world.note('net', `long reordering ${on ? 'on' : 'off'}`);
  }

  // ---- Raft calls. ----

  start(i: number, cmd: Value): { index: number; term: number; isLeader: boolean } {
    return this.cluster.hosts[i]!.propose(encodeValue(cmd));
  }

  getState(i: number): { term: number; isLeader: boolean } {
    const s = this.cluster.hosts[i]!.node?.status();
    if (s === undefined) return { term: -1, isLeader: false };
    return { term: s.term, isLeader: s.role === 'leader' };
  }

  // ---- Checks (same names, loops and constants as the course). ----

  /** Up to 10 rounds of 450-549 ms; at most one leader per term; the newest term's leader. */
  *checkOneLeader(): Proc<number> {
    for (let iters = 0; iters < 10; iters++) {
      yield* sleep(450 + this.rand.data(100, LEADER_CHECK_PAUSE));
      const leaders = new Map<number, number[]>();
      for (let i = 0; i < this.n; i++) {
        if (!this.isConnected(i)) continue;
        const s = this.getState(i);
        if (s.isLeader) leaders.set(s.term, [...(leaders.get(s.term) ?? []), i]);
      }
      let last = -1;
      for (const [term, ls] of leaders) {
        if (ls.length > 1) fail('checkOneLeader', `term ${term} has ${ls.length} (>1) leaders`);
        if (term > last) last = term;
      }
      if (leaders.size !== 0) {
        const leader = leaders.get(last)![0]!;
        this.world.note('tester', `checkOneLeader: s${leader} leads term ${last}`);
        return leader;
      }
    }
    return fail('checkOneLeader', 'expected one leader, got none');
  }

  checkTerms(): number {
    let term = -1;
    for (let i = 0; i < this.n; i++) {
      if (!this.isConnected(i)) continue;
      const t = this.getState(i).term;
      if (term === -1) term = t;
      else if (term !== t) fail('checkTerms', 'servers disagree on term');
    }
    return term;
  }

  checkNoLeader(): void {
    for (let i = 0; i < this.n; i++) {
      if (this.isConnected(i) && this.getState(i).isLeader) {
        fail('checkNoLeader',
          `expected no leader among connected servers, but ${i} claims to be leader`);
      }
    }
  }

  /** How many servers have applied `index`, and the value (which must agree). */
  nCommitted(index: number): { count: number; value: string | undefined } {
    let count = 0;
    let value: string | undefined;
    for (const a of this.appliers) {
      const v = a?.logs.get(index);
      if (v === undefined) continue;
      if (count > 0 && v !== value) {
        fail('nCommitted', `committed values do not match: index ${index}, ${value}, ${v}`);
      }
      count += 1;
      value = v;
    }
    return { count, value };
  }

  checkNoAgreement(index: number): void {
    const n = this.nCommitted(index).count;
    if (n > 0) fail('checkNoAgreement', `${n} committed but no majority`);
  }

  /**
   * one(cmd, expectedServers, retry): for up to 10 s, find a leader among connected servers,
   * Start(cmd) there, then poll every 20 ms for 2 s until expectedServers applied it.
   */
  *one(cmd: Value, expectedServers: number, retry: boolean): Proc<number> {
    const t0 = this.world.now;
    const want = JSON.stringify(cmd);
    let starts = 0;
    while (this.world.now - t0 < 10_000) {
      let index = -1;
      for (let k = 0; k < this.n; k++) {
        starts = (starts + 1) % this.n;
        if (!this.isConnected(starts) || !this.isUp(starts)) continue;
        const r = this.start(starts, cmd);
        if (r.isLeader) {
          index = r.index;
          break;
        }
      }
      if (index === -1) {
        yield* sleep(50);
        continue;
      }
      const t1 = this.world.now;
      while (this.world.now - t1 < 2000) {
        const { count, value } = this.nCommitted(index);
        if (count > 0 && count >= expectedServers && value === want) {
          this.world.note('tester', `one(${short(cmd)}): index ${index} on ${count} servers`);
          return index;
        }
        yield* sleep(20);
      }
      if (!retry) fail('one', `one(${short(cmd)}) failed to reach agreement`);
    }
    return fail('one', `one(${short(cmd)}) failed to reach agreement`);
  }

  /** wait(index, n, startTerm): back off 10 ms .. 1 s for up to 30 polls; -1 if a term moved on. */
  *wait(index: number, n: number, startTerm: number): Proc<string | -1> {
    let to = 10;
    for (let iters = 0; iters < 30; iters++) {
      if (this.nCommitted(index).count >= n) break;
      yield* sleep(to);
      if (to < 1000) to *= 2;
      if (startTerm > -1) {
        for (let i = 0; i < this.n; i++) {
          if (this.isUp(i) && this.getState(i).term > startTerm) return -1;
        }
      }
    }
    const { count, value } = this.nCommitted(index);
    if (count < n) fail('wait', `only ${count} decided for index ${index}; wanted ${n}`);
    return value!;
  }

  // ---- Counters. ----

  rpcCount(i: number): number {
    return this.world.network.dispatched.get(i) ?? 0;
  }

  rpcTotal(): number {
    return this.world.network.totalRpcs;
  }

  bytesTotal(): number {
    return this.world.network.totalBytes;
  }

  logSize(): number {
    return this.cluster.logSize();
  }

  randomValue(): number {
    return this.rand.data(1_000_000_000, VALUE);
  }
}

function short(v: Value): string {
  const s = String(v);
  return s.length > 20 ? `${s.slice(0, 17)}...` : s;
}
