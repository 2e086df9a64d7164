import { assert } from '../../core/assert.ts';
import type { CppResult, KvCode } from '../../core/kv/cpp-clerk.ts';
import { History } from '../../sim/history.ts';
import { CppKvClient } from '../../sim/kv-client.ts';
import { RaftCluster } from '../../sim/raft-cluster.ts';
import { join, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { requireLinearizable } from '../kv/history-check.ts';
import type { Site, Stream } from '../../sim/random.ts';
import { actSite } from '../sites.ts';

/** The unreliable mode's draws per server and period: down (cut), else an added latency. */
const DOWN = actSite('down', 'cut for 100 ms:', 'link');
const SLOW: Site = {
  name: 'slow', fault: 'delay', label: (v, _s, d) => `scenario: ${d} sends ${v} ms slower`,
};

/** `src/deptran/raft/testconf.h` (lab-kv-23). */
export const NSERVERS = 5;
/** ELECTIONTIMEOUT: 5 000 000 us. The harness's waits; the Raft keeps its own timeouts. */
export const ELECTION_TIMEOUT_MS = 5000;
/** Unreliable mode: a server is down for a period with probability DOWNRATE_N / DOWNRATE_D. */
export const DOWNRATE_N = 1;
export const DOWNRATE_D = 10;
/** Unreliable mode: a server that is up gets an added latency of rand() % MAXSLOW ms. */
export const MAXSLOW_MS = 27;
/** netctlLoop changes the unreliable state every 0.1 s. */
export const NETCTL_PERIOD_MS = 100;

/** Get's result as the tests see it: the code and, on success, the value. */
export interface GetOutcome {
  readonly code: KvCode;
  readonly value: string;
}

/**
 * The C++ lab's KV harness (dslabs-cpp `RaftTestConfig` + `RaftLabTest`, lab-kv-23) on the
 * simulator: 5 servers running our KV service; clients built like `GetKvServer(0)->
 * CreateClient()` (KvClient::Op in core/kv/cpp-clerk.ts); Disconnect(i) that cuts server i's Raft
 * traffic only (clients still reach every server); the unreliable mode's netctl loop. Unlike the
 * lab, which checks values only, every client call is recorded and the history is checked with
 * the `kv` model at the end of each test.
 */
export class CppTester {
  readonly cluster: RaftCluster;
  readonly history = new History('kv');
  readonly rand: Stream;
  /** disconnected_[i]: cut by the test's Disconnect(i). */
  private readonly disconnected: boolean[] = new Array<boolean>(NSERVERS).fill(false);
  /** Cut by the unreliable mode for its current period. */
  private readonly down: boolean[] = new Array<boolean>(NSERVERS).fill(false);
  private unreliable = false;
  private netctl: Task<void> | null = null;
  private nextClient = 0;
  private readonly clients: CppKvClient[] = [];

  constructor(readonly world: World, readonly maxraftstate: number) {
    world.network.opts = { reliable: true, longDelays: false, longReordering: false };
    this.rand = world.streams.get('scenario', 'order');
    this.cluster = new RaftCluster(world, NSERVERS,
      (host) => world.kvServiceFactory(host, maxraftstate));
    this.cluster.startAll();
    world.histories.push(this.history);
  }

  /** `GetKvServer(0)->CreateClient()`: a new client id, leader_idx_ = 0. */
  createClient(): CppKvClient {
    const servers = Array.from({ length: NSERVERS }, (_, i) => i);
    const cli = new CppKvClient(this.world, this.nextClient++, servers, this.history);
    this.clients.push(cli);
    return cli;
  }

  // ---- Connectivity (RaftTestConfig::Disconnect / Reconnect / netctlLoop). ----

  /** IsDisconnected(): cut by the test or, this period, by the unreliable mode. */
  isDisconnected(i: number): boolean {
    return this.disconnected[i]! || this.down[i]!;
  }

  nDisconnected(): number {
    return this.disconnected.filter((d) => d).length;
  }

  isUnreliable(): boolean {
    return this.unreliable;
  }

  /** Disconnect(i): server i sends and receives no Raft RPCs; its KV service stays reachable. */
  disconnect(i: number): void {
    assert(!this.disconnected[i], 'cpp.Disconnect: already disconnected', { i });
    this.disconnected[i] = true;
    this.down[i] = false;
    this.sync(i);
  }

  reconnect(i: number): void {
    assert(this.disconnected[i]!, 'cpp.Reconnect: not disconnected', { i });
    this.disconnected[i] = false;
    this.sync(i);
  }

  /** Make the network match the flags (the cluster's links are Raft traffic only). */
  private sync(i: number): void {
    const cut = this.isDisconnected(i);
    if (cut === !this.cluster.connected[i]) return;
    if (cut) this.cluster.disconnect(i);
    else this.cluster.connect(i);
  }

  /** SetUnreliable(true): start the netctl loop. */
  setUnreliable(): void {
    assert(!this.unreliable, 'cpp.SetUnreliable: already unreliable');
    this.unreliable = true;
    this.world.note('tester', 'SetUnreliable(true)');
    this.netctl = this.world.scheduler.spawn('netctl', this.netctlLoop());
  }

  /** SetUnreliable(false): returns once the loop has ended its period and restored the net. */
  *setReliable(): Proc {
    assert(this.unreliable && this.netctl !== null, 'cpp.SetUnreliable(false): not unreliable');
    this.unreliable = false;
    yield* join(this.netctl);
    this.netctl = null;
    this.world.note('tester', 'SetUnreliable(false)');
  }

  /**
   * netctlLoop: every 100 ms each server the test has not disconnected is down for the period
   * with probability 1/10, else up with an added latency of 0-26 ms; when the mode ends, every
   * such server is up again with no added latency.
   */
  private *netctlLoop(): Proc {
    while (this.unreliable) {
      for (let i = 0; i < NSERVERS; i++) {
        if (this.disconnected[i]) continue;
        this.down[i] = this.rand.chanceBelow(DOWNRATE_N, DOWNRATE_D, DOWN, `s${i}`);
        this.sync(i);
        const slow = this.down[i] ? 0 : this.rand.below(MAXSLOW_MS, SLOW, `s${i}`);
        this.world.network.setSlow(i, slow);
      }
      yield* sleep(NETCTL_PERIOD_MS);
    }
    for (let i = 0; i < NSERVERS; i++) {
      if (this.disconnected[i]) continue;
      this.down[i] = false;
      this.sync(i);
      this.world.network.setSlow(i, 0);
    }
  }

  // ---- The harness's checks. ----

  /**
   * OneLeader(expected): up to 10 times, wait ELECTIONTIMEOUT/10, then look for the leader with
   * the highest term among the servers that are not disconnected. Two leaders in one term, none
   * after 10 tries, or (with `expected`) another leader fail the test.
   */
  *oneLeader(expected = -1): Proc<number> {
    for (let retry = 0; retry < 10; retry++) {
      yield* sleep(ELECTION_TIMEOUT_MS / 10);
      let leader = -1;
      let mostRecentTerm = 0;
      for (let i = 0; i < NSERVERS; i++) {
        const s = this.cluster.hosts[i]!.node?.status();
        if (this.isDisconnected(i) || s === undefined || s.role !== 'leader') continue;
        if (s.term === mostRecentTerm) {
          fail('OneLeader', `multiple leaders elected in term ${s.term}`);
        }
        if (s.term > mostRecentTerm) [leader, mostRecentTerm] = [i, s.term];
      }
      if (leader === -1) continue;
      if (expected >= 0 && leader !== expected) {
        fail('OneLeader', `unexpected leader change, expecting ${expected}, got ${leader}`);
      }
      this.world.note('tester', `OneLeader: s${leader} leads term ${mostRecentTerm}`);
      return leader;
    }
    return fail('OneLeader', 'waited too long for leader election');
  }

  /** GetLogSize(): the largest persisted Raft state. */
  logSize(): number {
    return this.cluster.logSize();
  }

  snapshotSize(): number {
    return this.cluster.snapshotSize();
  }

  /** Beyond the lab: the history so far must be linearizable (kv model), decided. */
  checkHistory(): void {
    requireLinearizable(this.world, this.history, 'end');
  }

  /** The result codes every client saw, for the trace: "KV_SUCCESS 12, KV_TIMEOUT 1, ...". */
  codeSummary(): string {
    const n = (f: (c: CppKvClient) => number): number =>
      this.clients.reduce((a, c) => a + f(c), 0);
    return `KV_SUCCESS ${n((c) => c.results.KV_SUCCESS)}, KV_TIMEOUT ` +
      `${n((c) => c.results.KV_TIMEOUT)} (Op results); KV_NOTLEADER ` +
      `${n((c) => c.results.KV_NOTLEADER)} (replies, retried)`;
  }

  // ---- KvClient calls. ----

  *put(cli: CppKvClient, key: string, value: string): Proc<KvCode> {
    return (yield* cli.call({ op: 'put', key, value })).code;
  }

  *append(cli: CppKvClient, key: string, value: string): Proc<KvCode> {
    return (yield* cli.call({ op: 'append', key, value })).code;
  }

  *get(cli: CppKvClient, key: string): Proc<GetOutcome> {
    const r: CppResult = yield* cli.call({ op: 'get', key });
    return r.code === 'KV_SUCCESS' ? r : { code: r.code, value: '' };
  }
}
