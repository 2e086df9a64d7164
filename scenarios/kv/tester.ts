import type { ClerkResult } from '../../core/kv/clerk.ts';
import { History } from '../../sim/history.ts';
import { KvClient, versionedRecorder, type Recorder } from '../../sim/kv-client.ts';
import { RaftCluster } from '../../sim/raft-cluster.ts';
import type { Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { requireLinearizable } from './history-check.ts';
import type { Stream } from '../../sim/random.ts';
import { pickSite } from '../sites.ts';

/** random_handles' Fisher-Yates draws: all zeros keep a fixed order. */
const SHUFFLE = pickSite('shuffle servers', 'clerk server order: swap with');

/** kvtest.ElectionTimeout: "generously allows solutions to complete elections in one second". */
export const ELECTION_TIMEOUT_MS = 1000;

/** The arguments of the course's MakeTest (kvraft1/test.go), in its order. */
export interface KvTestOptions {
  readonly part: string;
  readonly nclients: number;
  readonly nservers: number;
  readonly reliable: boolean;
  readonly crash: boolean;
  readonly partitions: boolean;
  readonly maxraftstate: number;
  readonly randomkeys: boolean;
}

/** MakeTest's arguments by name; the faults and features a test leaves out are off. */
export interface KvTestSpec {
  readonly part: string;
  readonly nclients: number;
  readonly nservers: number;
  readonly reliable: boolean;
  /** Default false. */
  readonly crash?: boolean;
  /** Default false. */
  readonly partitions?: boolean;
  /** Default -1: no snapshots. */
  readonly maxraftstate?: number;
  /** Default false. */
  readonly randomkeys?: boolean;
}

/** MakeTest with named options: `makeTest({ part: '4B', nclients: 5, ..., crash: true })`. */
export function makeTest(spec: KvTestSpec): KvTestOptions {
  return {
    part: spec.part, nclients: spec.nclients, nservers: spec.nservers, reliable: spec.reliable,
    crash: spec.crash ?? false, partitions: spec.partitions ?? false,
    maxraftstate: spec.maxraftstate ?? -1, randomkeys: spec.randomkeys ?? false,
  };
}

/** makeTitle() plus Begin's suffix: "Test: one client (4B basic) (reliable network)". */
export function kvTitle(o: KvTestOptions): string {
  let title = 'Test: ';
  if (o.crash) title += 'restarts, ';
  if (o.partitions) title += 'partitions, ';
  if (o.maxraftstate !== -1) title += 'snapshots, ';
  if (o.randomkeys) title += 'random keys, ';
  title += o.nclients > 1 ? 'many clients' : 'one client';
  return `${title} (${o.part}) (${o.reliable ? 'reliable' : 'unreliable'} network)`;
}

/** What the tester does differently in each era of the course's KV labs. */
export interface KvEra {
  /** The checker model of the history: kv-versioned (2025) or kv (2018-2024, Put/Append). */
  readonly model: 'kv-versioned' | 'kv';
  readonly recorder: Recorder;
  /** 2018-2024 `random_handles`: each clerk gets the servers in its own random order. */
  readonly shuffleServers: boolean;
}

/** The 2025 tester: versioned Puts, clerks that know the servers in a fixed order. */
export const ERA_2025: KvEra = {
  model: 'kv-versioned', recorder: versionedRecorder, shuffleServers: false,
};

export type GetResult = { readonly value: string; readonly version: number; readonly err: string };

/**
 * The course's KV tester (kvraft1/test.go + kvtest1) on the simulator: one group of servers
 * running the KV service, clerks that reach every server unless restricted (partitions spare
 * clients), and every Get and Put recorded in one history that is never cleared. Neither
 * LongDelays nor LongReordering is set: an unreachable server fails a call in 0-99 ms.
 */
export class KvTester {
  readonly cluster: RaftCluster;
  readonly history: History;
  readonly rand: Stream;
  private readonly servers: readonly number[];
  private nextClerk = 0;
  private checks = 0;

  constructor(readonly world: World, readonly opts: KvTestOptions,
    readonly era: KvEra = ERA_2025, title: string = kvTitle(opts)) {
    world.network.opts = { reliable: opts.reliable, longDelays: false, longReordering: false };
    this.history = new History(era.model);
    this.rand = world.streams.get('scenario', 'order');
    this.servers = Array.from({ length: opts.nservers }, (_, i) => i);
    this.cluster = new RaftCluster(world, opts.nservers,
      (host) => world.kvServiceFactory(host, opts.maxraftstate));
    this.cluster.startAll();
    world.histories.push(this.history);
    world.note('tester', title);
  }

  get n(): number {
    return this.opts.nservers;
  }

  // ---- Clerks. ----

  /** MakeClerk: a fresh clerk that may reach every server (in order s0, s1, ... in 2025). */
  makeClerk(): KvClient {
    return this.makeClerkTo(null);
  }

  /** MakeClerkTo(to): the clerk knows every server but may reach only those in `to`. */
  makeClerkTo(to: readonly number[] | null): KvClient {
    const servers = this.era.shuffleServers ? this.randomHandles() : this.servers;
    const ck = new KvClient(this.world, this.nextClerk++, servers, this.history,
      this.era.recorder);
    this.world.network.allow(ck.endpoint.id, to);
    return ck;
  }

  /** random_handles: the servers in a random order (Go's shuffle, `j := rand.Intn(i + 1)`). */
  private randomHandles(): number[] {
    const sa = [...this.servers];
    for (let i = 0; i < sa.length; i++) {
      const j = this.rand.below(i + 1, SHUFFLE);
      [sa[i], sa[j]] = [sa[j]!, sa[i]!];
    }
    return sa;
  }

  /** Clnt.ConnectAll(): the clerk may reach every server again. */
  connectClerk(ck: KvClient): void {
    this.world.network.allow(ck.endpoint.id, null);
  }

  // ---- The group's faults. ----

  partition(p1: readonly number[], p2: readonly number[]): void {
    this.cluster.partition([p1, p2]);
  }

  /** MakePartition(l): p1 = the first n/2+1 servers other than l; p2 = the rest, l last. */
  makePartition(l: number): [number[], number[]] {
    const others = this.servers.filter((i) => i !== l);
    const half = Math.floor(this.n / 2) + 1;
    return [others.slice(0, half), [...others.slice(half), l]];
  }

  connectAll(): void {
    this.cluster.connectAll();
  }

  /** ShutdownServer(i) for every server. */
  shutdownAll(): void {
    for (let i = 0; i < this.n; i++) this.cluster.shutdown(i);
  }

  /** StartServer(i) for every server, then ConnectAll(). */
  restartAll(): void {
    for (let i = 0; i < this.n; i++) this.cluster.startServer(i);
    this.cluster.connectAll();
  }

  /** rsm.Leader: the first server whose Raft claims leadership, or (false, 0). */
  leader(): { ok: boolean; leader: number } {
    const i = this.cluster.hosts.findIndex((h) => h.node?.status().role === 'leader');
    return i === -1 ? { ok: false, leader: 0 } : { ok: true, leader: i };
  }

  // ---- Logged clerk calls (ts.Put / ts.Get), and the course's helpers on them. ----

  *put(ck: KvClient, key: string, value: string, version: number): Proc<string> {
    const r = yield* ck.call({ op: 'put', key, value, version });
    return r.err;
  }

  *get(ck: KvClient, key: string): Proc<GetResult> {
    const r: ClerkResult = yield* ck.call({ op: 'get', key });
    if (!('version' in r)) return fail('Get', `Get(${key}) got a non-Get reply ${r.err}`);
    return r;
  }

  /** Put until OK; ErrMaybe and ErrVersion advance the version. Returns the new version. */
  *putAtLeastOnce(ck: KvClient, key: string, value: string, ver: number): Proc<number> {
    const before = ver;
    for (;;) {
      const err = yield* this.put(ck, key, value, ver);
      if (err === 'OK') {
        ver += 1;
        break;
      }
      if (err === 'ErrMaybe' || err === 'ErrVersion') ver += 1;
      else if (ver !== 0) fail('PutAtLeastOnce', `Put ${key} ver ${ver} err ${err}`);
    }
    this.world.note('tester', `Put(${key}, ${value}) completes, version ${before} -> ${ver}`);
    return ver;
  }

  /** Get must return OK with exactly (value, version). */
  *checkGet(ck: KvClient, key: string, value: string, version: number): Proc {
    const r = yield* this.get(ck, key);
    if (r.err !== 'OK') fail('CheckGet', `Get(${key}) returns error = ${r.err}`);
    if (r.value !== value || r.version !== version) {
      fail('CheckGet', `Get(${key}) returns (${r.value}, ${r.version}) != (${value}, ${version})`);
    }
  }

  // ---- End checks. ----

  /** CheckPorcupine on the whole history so far; unlike the course, undecided fails. */
  checkLinearizable(): void {
    this.checks += 1;
    requireLinearizable(this.world, this.history, `check ${this.checks}`);
  }

  /** LogSize() must be <= 8 x maxraftstate (the course's "logs were not trimmed"). */
  checkLogSize(): void {
    const sz = this.cluster.logSize();
    const max = this.opts.maxraftstate;
    if (sz > 8 * max) fail('LogSize', `logs were not trimmed (${sz} > 8*${max})`);
  }

  /** GenericTest step 7: the log is trimmed, or with maxraftstate -1 no snapshot is used. */
  checkSnapshotBounds(): void {
    const max = this.opts.maxraftstate;
    if (max > 0) this.checkLogSize();
    const ssz = this.cluster.snapshotSize();
    if (max < 0 && ssz > 0) {
      fail('SnapshotSize',
        `snapshot too large (${ssz}), should not be used when maxraftstate = ${max}`);
    }
  }
}
