import test from 'ava';
import type { Raft } from '../core/raft/contract.ts';
import { raftNode } from '../core/raft/node.ts';
import type {
  Entry, Input, LogIndex, LogWrite, NodeStatus, Ready, Term,
} from '../core/raft/types.ts';
import { RaftCluster } from '../sim/raft-cluster.ts';
import type { RaftHost } from '../sim/raft-host.ts';
import { SafetyViolation } from '../sim/safety.ts';
import { World } from '../sim/world.ts';
import { entry } from './helpers/raft-state.ts';

/**
 * The SafetyMonitor (sim/safety.ts) sees a violation as soon as the Ready that causes it is
 * carried out. Each test runs a healthy 3-server cluster that has committed a few commands, then
 * makes one node report a bad state, as a buggy implementation would, and lets the host process
 * it. The monitor reads nodes only through the Raft contract, so a node that forges its reports
 * is, to the monitor, a node in that state.
 */
class Forgeable implements Raft {
  role: NodeStatus['role'] | null = null;
  readonly forged = new Map<LogIndex, Entry>();
  private writes: LogWrite[] = [];

  constructor(private readonly inner: Raft) {}

  /** From now on, report `e` at `index`, and report that it was just written. */
  forge(index: LogIndex, e: Entry): void {
    this.forged.set(index, e);
    this.writes.push({ fromIndex: index, entries: [e] });
  }

  /** From now on, claim `role`; the next Ready reports an (empty) write to be observed. */
  claim(role: NodeStatus['role']): void {
    this.role = role;
    this.writes.push({ fromIndex: this.inner.status().lastIndex + 1, entries: [] });
  }

  step(input: Input): void {
    this.inner.step(input);
  }

  propose(command: Uint8Array): { index: LogIndex; term: Term } | null {
    return this.inner.propose(command);
  }

  snapshot(index: LogIndex, data: Uint8Array): void {
    this.inner.snapshot(index, data);
  }

  ready(): Ready {
    const r = this.inner.ready();
    const logWrites = [...r.logWrites, ...this.writes];
    this.writes = [];
    return { ...r, logWrites };
  }

  status(): NodeStatus {
    const s = this.inner.status();
    return this.role === null ? s : { ...s, role: this.role };
  }

  termAt(index: LogIndex): Term | undefined {
    return this.forged.get(index)?.term ?? this.inner.termAt(index);
  }

  entries(from: LogIndex, to: LogIndex): readonly Entry[] {
    return this.inner.entries(from, to).map((e, k) => this.forged.get(from + k) ?? e);
  }

  persistedSize(): number {
    return this.inner.persistedSize();
  }
}

interface Healthy {
  world: World;
  cluster: RaftCluster;
  leader: RaftHost;
  nodes: Forgeable[];
}

function healthyCluster(): Healthy {
  const world = new World(1, null);
  const nodes: Forgeable[] = [];
  world.nodeFactory = (config, random, persisted) =>
    (nodes[config.id] = new Forgeable(raftNode(config, random, persisted)));
  const cluster = new RaftCluster(world, 3, () => ({ start() {}, apply() {} }));
  cluster.startAll();
  while (world.queue.runNext(2000));
  const leader = cluster.hosts.find((h) => h.node?.status().role === 'leader')!;
  for (const v of [1, 2, 3]) leader.propose(new Uint8Array([v]));
  while (world.queue.runNext(3000));
  return { world, cluster, leader, nodes };
}

const follower = (c: RaftCluster, leader: RaftHost): RaftHost => c.hosts.find((h) => h !== leader)!;

test('monitor: the setup commits 3 entries on every server', (t) => {
  const { cluster } = healthyCluster();
  t.deepEqual(cluster.hosts.map((h) => h.node!.status().commitIndex), [3, 3, 3]);
});

test('monitor: a second leader in the same term is an Election Safety violation', (t) => {
  const { cluster, leader, nodes } = healthyCluster();
  const host = follower(cluster, leader);
  nodes[host.id]!.claim('leader');
  const e = t.throws(() => host.process(), { instanceOf: SafetyViolation });
  t.is(e?.invariant, 'Election Safety');
});

test('monitor: a log write with a different command at a known (index, term) breaks Log ' +
  'Matching', (t) => {
  const { cluster, leader, nodes } = healthyCluster();
  const host = follower(cluster, leader);
  nodes[host.id]!.forge(3, { term: host.node!.termAt(3)!, command: new Uint8Array([99]) });
  const e = t.throws(() => host.process(), { instanceOf: SafetyViolation });
  t.is(e?.invariant, 'Log Matching');
});

// A follower that replaces a committed entry by one of another term is flagged when it writes
// it (found with accept-stale-term-appendentries minus the core's own assert: before the fix,
// only a later election or crash could notice).
test('monitor: overwriting a committed entry is a violation when it is written', (t) => {
  const { cluster, leader, nodes } = healthyCluster();
  const host = follower(cluster, leader);
  // A term nobody wrote at index 3 yet.
  nodes[host.id]!.forge(3, entry(3, host.node!.termAt(3)! + 1));
  const e = t.throws(() => host.process(), { instanceOf: SafetyViolation });
  t.is(e?.invariant, 'State Machine Safety');
});
