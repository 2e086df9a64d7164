import { AssertionError } from '../../core/assert.ts';
import type { DrawSite, Random } from '../../core/random.ts';
import {
  DEFAULT_TIMING, type ApplyMsg, type Message, type NodeId, type NodeStatus, type PersistedState,
  type RaftConfig,
} from '../../core/raft/types.ts';
import { defaultNodeFactory, type NodeFactory } from '../../sim/raft-host.ts';
import {
  describeEntry, describeLog, describeMessage, describeReady, describeStatus, indent,
  isEmptyReady,
} from './describe.ts';
import { logOf, type ProtocolNode } from './node-view.ts';

/**
 * The protocol harness's world (etcd's rafttest.InteractionEnv): N nodes and nothing else. No
 * clock and no network: a node's timer fires only when a command says so, and the messages its
 * Readies send wait in one pool, in send order, until a command delivers or drops them. Nodes
 * are built by a NodeFactory (the real RaftNode, or a known-bad variant) and driven only through
 * step(), propose(), snapshot(), ready() and status().
 *
 * Like the simulator's host, the harness saves a Ready's state before its messages join the
 * pool, and a crash keeps only the last save. It also checks two safety properties as it goes
 * and prints a `SAFETY:` line when one breaks: no two leaders in one term, and no two nodes
 * applying different entries at one index.
 */
export interface EnvOptions {
  readonly factory?: NodeFactory;
}

/** How deliver-msgs hands messages over: newest first, and how many times each. */
export interface Delivery {
  readonly reverse?: boolean;
  readonly copies?: number;
}

interface Slot {
  node: ProtocolNode | null;
  /** The last save (what a restart starts from). */
  saved: PersistedState;
  /** The status after the last Ready this harness carried out. */
  seen: NodeStatus;
  /** The generation of the timer the last Ready armed. */
  timerGen: number | null;
}

const encoder = new TextEncoder();
const EMPTY: PersistedState = { raftState: new Uint8Array(0), snapshot: new Uint8Array(0) };

/** Always the draw site's benign value, or `fixed` (capped to the range) when given. */
export function benignRandom(fixed?: number): Random {
  return {
    below: (n: number, site?: DrawSite) => Math.min(fixed ?? site?.benign ?? 0, n - 1),
  };
}

export class ProtocolEnv {
  readonly factory: NodeFactory;
  private readonly slots = new Map<NodeId, Slot>();
  private peers: NodeId[] = [];
  private random: Random = benignRandom();
  /** Messages sent and not yet delivered or dropped, in send order. */
  pool: Message[] = [];
  private readonly leaders = new Map<number, NodeId>();
  private readonly applied = new Map<number, { node: NodeId; entry: string }>();

  constructor(opts: EnvOptions = {}) {
    this.factory = opts.factory ?? defaultNodeFactory;
  }

  get ids(): readonly NodeId[] {
    return this.peers;
  }

  /** Create nodes 1..n, one cluster; each starts and its first Ready (its timer) is carried out. */
  addNodes(n: number, draw?: number): string[] {
    if (this.peers.length > 0) throw new Error('add-nodes: the cluster already exists');
    this.peers = Array.from({ length: n }, (_, i) => i + 1);
    this.random = benignRandom(draw);
    return this.peers.flatMap((id) => this.start(id));
  }

  /** Start an incarnation of node `id` from its last save (none: a fresh node). */
  private start(id: NodeId): string[] {
    const saved = this.slots.get(id)?.saved ?? EMPTY;
    const config: RaftConfig = { id, peers: this.peers, ...DEFAULT_TIMING };
    const node = this.factory(config, this.random, saved);
    this.slots.set(id, { node, saved, seen: node.status(), timerGen: null });
    const first = this.processReady(id);
    const timerOnly = first.length === 1 && first[0]!.startsWith('timer: ');
    return [describeStatus(node.status()), ...(timerOnly ? [] : first.map((l) => `  ${l}`))];
  }

  slot(id: NodeId): Slot {
    const slot = this.slots.get(id);
    if (slot === undefined) throw new Error(`no node ${id}`);
    return slot;
  }

  /** The node, or null when it is down. */
  node(id: NodeId): ProtocolNode | null {
    return this.slot(id).node;
  }

  /** Drain node `id`'s Ready and carry it out: save, send (to the pool), apply, arm the timer. */
  processReady(id: NodeId): string[] {
    const slot = this.slot(id);
    const node = slot.node;
    if (node === null) return [`${id} is down`];
    const r = node.ready();
    if (isEmptyReady(r)) return [];
    const after = node.status();
    const out = describeReady(r, slot.seen, after);
    slot.seen = after;
    if (r.persist !== null) slot.saved = r.persist;
    this.pool.push(...r.messages);
    for (const a of r.apply) out.push(...this.checkApply(id, a));
    if (r.timer !== null) slot.timerGen = r.timer.gen;
    out.push(...this.checkLeader(after));
    return out;
  }

  private checkApply(id: NodeId, a: ApplyMsg): string[] {
    if (a.type !== 'command') return [];
    const entry = describeEntry(a.index, a);
    const other = this.applied.get(a.index);
    if (other === undefined) this.applied.set(a.index, { node: id, entry });
    else if (other.entry !== entry) {
      return [`SAFETY: ${id} applied ${entry}, but ${other.node} applied ${other.entry}`];
    }
    return [];
  }

  private checkLeader(s: NodeStatus): string[] {
    if (s.role !== 'leader') return [];
    const other = this.leaders.get(s.term);
    if (other === undefined) this.leaders.set(s.term, s.id);
    else if (other !== s.id) return [`SAFETY: ${s.id} and ${other} both lead term ${s.term}`];
    return [];
  }

  /**
   * Run `act` on node `id`; an assertion inside the node stops it like a crash (fail-stop), and
   * is printed: `error: ... (3 stopped)`.
   */
  guard(id: NodeId, act: (node: ProtocolNode) => string[]): string[] {
    const node = this.node(id);
    if (node === null) return [`${id} is down`];
    try {
      return act(node);
    } catch (e) {
      if (!(e instanceof AssertionError)) throw e;
      return [`error: ${e.message} (${id} stopped)`, ...this.crash(id)];
    }
  }

  /** The timer armed by the node's last carried-out Ready fires. */
  fireTimer(id: NodeId, want: 'election' | 'heartbeat'): string[] {
    return this.guard(id, (node) => {
      const leader = node.status().role === 'leader';
      if (leader !== (want === 'heartbeat')) {
        return [`${id} is ${leader ? 'the leader' : 'not the leader'}: no ${want} timer`];
      }
      const gen = this.slot(id).timerGen;
      if (gen === null) return [`${id} has no timer armed`];
      node.step({ type: 'timeout', gen });
      return [];
    });
  }

  propose(id: NodeId, command: string): string[] {
    return this.guard(id, (node) => {
      const r = node.propose(encoder.encode(command));
      return [r === null ? `${id} is not the leader` : `index=${r.index} term=${r.term}`];
    });
  }

  /** The node's service snapshots everything it applied through `index`. */
  snapshot(id: NodeId, index: number): string[] {
    return this.guard(id, (node) => {
      node.snapshot(index, encoder.encode(`state through ${index}`));
      return [];
    });
  }

  /**
   * Deliver (or drop) the pool's messages that match, in pool order (newest first with
   * `reverse`: a network that reorders), each `copies` times (a network that duplicates); a
   * message to a node that is down is dropped. Returns one line per message handled.
   */
  deliver(match: (m: Message) => boolean, drop: boolean, how: Delivery = {}): string[] {
    const out: string[] = [];
    const taken = this.pool.filter(match);
    this.pool = this.pool.filter((m) => !match(m));
    if (how.reverse === true) taken.reverse();
    for (const m of taken.flatMap((x) => Array<Message>(how.copies ?? 1).fill(x))) {
      if (drop) out.push(`dropped: ${describeMessage(m)}`);
      else if (this.node(m.to) === null) {
        out.push(`dropped (${m.to} is down): ${describeMessage(m)}`);
      } else {
        out.push(describeMessage(m));
        out.push(...this.guard(m.to, (node) => {
          node.step({ type: 'message', message: m });
          return [];
        }).map((l) => `  ${l}`));
      }
    }
    return out;
  }

  /** The node stops: its volatile state and the messages waiting for it are gone. */
  crash(id: NodeId): string[] {
    const slot = this.slot(id);
    if (slot.node === null) return [`${id} is already down`];
    slot.node = null;
    slot.timerGen = null;
    return this.deliver((m) => m.to === id, true);
  }

  /**
   * A new incarnation from the last save. Messages sent to the node while it was down never
   * reach it: they are dropped first.
   */
  restart(id: NodeId): string[] {
    if (this.slot(id).node !== null) return [`${id} is up: crash it first`];
    return [...this.deliver((m) => m.to === id, true), ...this.start(id)];
  }

  status(id: NodeId): string {
    const slot = this.slot(id);
    if (slot.node !== null) return describeStatus(slot.node.status());
    return `${id}: down`;
  }

  describePool(): string[] {
    return this.pool.map(describeMessage);
  }

  /**
   * Until nothing changes: each node of `ids` (every node if empty) that is up handles its
   * Ready, then each that has messages waiting receives them. Timers never fire here.
   */
  stabilize(ids: readonly NodeId[], maxRounds: number): string[] {
    const set = ids.length > 0 ? ids : this.peers;
    const out: string[] = [];
    for (let round = 0; round < maxRounds; round++) {
      let done = true;
      for (const id of set) {
        if (this.node(id) === null) continue;
        const lines = this.processReady(id);
        if (lines.length > 0) out.push(`> ${id} handling Ready`, ...indent(lines));
        done &&= lines.length === 0;
      }
      for (const id of set) {
        if (!this.pool.some((m) => m.to === id)) continue;
        out.push(`> ${id} receiving messages`, ...indent(this.deliver((m) => m.to === id, false)));
        done = false;
      }
      if (done) return out;
    }
    return [...out, `not stable after ${maxRounds} rounds`];
  }

  log(id: NodeId): string {
    const node = this.node(id);
    return `${id}: ${node === null ? 'down' : describeLog(logOf(node))}`;
  }
}
