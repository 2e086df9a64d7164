import { assert } from '../core/assert.ts';
import { messageSize } from '../core/raft/codec.ts';
import type { Raft, RaftFactory } from '../core/raft/contract.ts';
import { electionTimeoutSite, raftNode } from '../core/raft/node.ts';
import type { SnapshotHandle } from '../core/raft/snapshot.ts';
import {
  isRequest, type ApplyMsg, type LogIndex, type Message, type NodeStatus, type RaftConfig,
  type Ready, type Term,
} from '../core/raft/types.ts';
import type { EventQueue, Runnable, Scheduled } from './events.ts';
import type { CallOptions, Endpoint, IncomingCall, Network } from './network.ts';
import type { RunObserver } from './observe.ts';
import { Persister } from './persister.ts';
import type { RandomStreams } from './random.ts';
import type { RecordedDecision, Recorder } from './recorder.ts';
import { StringOut, type TextOut, type Trace } from './trace.ts';

/** The service running above Raft on one server (the course's applier, or the KV server). */
export interface HostService {
  /** A new incarnation starts; `snapshot` is the persisted snapshot (empty if none). */
  start(snapshot: Uint8Array): void;
  /** Committed commands and installed snapshots, in log order. */
  apply(msg: ApplyMsg): void;
  /** A non-Raft RPC (e.g. a client request). */
  handleCall?(call: IncomingCall): void;
  /** The incarnation is gone (crash/shutdown): release everything. */
  stop?(): void;
  /** The node's term or role changed (after its effects were carried out). */
  statusChanged?(status: NodeStatus): void;
  /**
   * The replicated state as a canonical string, so that two servers that applied the same log
   * prefix can be compared (generated runs check that they converge).
   */
  stateDigest?(): string;
  /**
   * Client requests accepted and not answered yet (generated runs check that they drain after
   * the heal: a request is answered once applied, or failed when its term is over).
   */
  pendingRequests?(): number;
}

/**
 * Observes every Ready of every node (the safety monitor). `after` is the node's status as the
 * Ready was drained (before its effects are carried out); when absent, the observer asks the node.
 */
export interface ReadyObserver {
  observe(host: RaftHost, before: NodeStatus, ready: Ready, after?: NodeStatus): void;
  /** The node has just stepped message `m` (before its effects are drained). */
  stepped?(host: RaftHost, m: Message): void;
}

/**
 * Where a server may crash inside one Ready's effects (sim/raft-host.ts carryOut):
 * - 'after-save': the state is saved, the messages that depend on it are not sent;
 * - 'after-send': the messages are sent, the committed entries are not applied.
 */
export type CrashPoint = 'after-save' | 'after-send';

/**
 * Builds a node incarnation: any implementation of the Raft contract (core/raft/contract.ts).
 * The default is the real RaftNode; known-bad variants (scenarios/bugs/) are other factories.
 */
export type NodeFactory = RaftFactory;

export const defaultNodeFactory: NodeFactory = raftNode;

export interface HostContext {
  readonly nodeFactory: NodeFactory;
  readonly queue: EventQueue;
  readonly network: Network;
  readonly streams: RandomStreams;
  readonly trace: Trace;
  readonly observer: ReadyObserver;
  /** Set when the run records its draws (timers tell it which draws decided nothing). */
  readonly recorder: Recorder | null;
  /** The run's structured observer (sim/observe.ts), if any. */
  readonly runObserver?: RunObserver | null;
}

const MAX_DRAIN_ROUNDS = 64;

/** The draw site name of the election timeout (core/raft/node.ts electionTimeoutSite). */
const TIMEOUT_SITE = 'election timeout';

/** A node's armed timer, and its queued event (a Runnable: one allocation per arming). */
class ArmedTimer implements Runnable {
  /** The non-benign election-timeout draw that armed it, if recorded. */
  drawn: RecordedDecision | null = null;
  event: Scheduled | null = null;

  constructor(private readonly host: RaftHost, readonly at: number, readonly afterMs: number,
    readonly inc: number, readonly gen: number) {}

  run(): void {
    this.host.timerFired(this);
  }
}

/**
 * One simulated server: its persister (which survives crashes) and, while up, one incarnation of
 * a Raft node (whatever implementation of the contract the factory builds) and its service. It
 * turns the node's effects into network calls, saves and timers.
 */
export class RaftHost {
  readonly persister = new Persister();
  node: Raft | null = null;
  service: HostService | null = null;
  private endpoint: Endpoint | null = null;
  private incarnation = 0;
  private replyTo: IncomingCall | null = null;
  private lastStatus: NodeStatus | null = null;
  /** The armed timer (cancelled when superseded, so a stale timer is never an event). */
  private timer: ArmedTimer | null = null;
  /** While paused: the inputs that arrived, run in order on resume (see pause). */
  private held: Array<() => void> | null = null;
  /** A crash armed at a point inside the next Ready's effects (see armCrash). */
  private crashAt: { readonly point: CrashPoint; readonly then: () => void } | null = null;

  constructor(
    private readonly ctx: HostContext,
    readonly id: number,
    readonly name: string,
    private readonly config: RaftConfig,
    private readonly makeService: (host: RaftHost) => HostService,
  ) {
    ctx.recorder?.watchTimer(`timer ${id}`);
  }

  get up(): boolean {
    return this.node !== null;
  }

  get currentIncarnation(): number {
    return this.incarnation;
  }

  /** Trace a line as this server. */
  note(what: string): void {
    this.ctx.trace.event(this.ctx.queue.now, this.name, what);
  }

  /** Start a new incarnation from the last save. */
  start(): void {
    assert(this.node === null, 'host.start: already running', { host: this.name });
    this.incarnation += 1;
    const random = this.ctx.streams.get(`timer ${this.id}`);
    this.node = this.ctx.nodeFactory(this.config, random, this.persister.read());
    const ep: Endpoint = {
      id: this.id, name: this.name, alive: true, handler: (c) => this.onCall(c),
    };
    this.endpoint = ep;
    this.ctx.network.attach(ep);
    this.service = this.makeService(this);
    this.lastStatus = this.node.status();
    this.ctx.trace.event(this.ctx.queue.now, this.name, `start (incarnation ${this.incarnation})`);
    this.ctx.runObserver?.started(this);
    this.service.start(this.persister.read().snapshot);
    this.process();
  }

  /** Crash: every volatile byte and in-flight RPC of this server is gone; the persister stays. */
  crash(): void {
    if (this.node === null) return;
    this.ctx.trace.event(this.ctx.queue.now, this.name, 'crash');
    this.supersedeTimer();
    this.ctx.runObserver?.crashed(this);
    this.ctx.network.detach(this.id);
    this.service?.stop?.();
    this.node = null;
    this.service = null;
    this.endpoint = null;
    this.replyTo = null;
    this.held = null;
    this.crashAt = null;
  }

  get paused(): boolean {
    return this.held !== null;
  }

  /**
   * Pause the server (a stopped process, a long GC pause): its timers do not fire and the
   * messages it receives wait, requests and replies alike; on resume it handles them in arrival
   * order. A paused server is not dead to its callers: their calls wait for it.
   */
  pause(): void {
    if (this.node === null || this.held !== null) return;
    this.held = [];
    this.note('pause');
  }

  resume(): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    this.note(`resume (${held.length} inputs waited)`);
    const inc = this.incarnation;
    for (const run of held) {
      if (this.incarnation !== inc || this.node === null) return;
      run();
    }
  }

  /**
   * Crash at `point` inside the next Ready whose effects straddle it (a save followed by sends;
   * for 'after-send', a Ready with entries to apply, after whatever it sent), then call `then`
   * (the harness's after-crash duties). Cleared by any crash.
   */
  armCrash(point: CrashPoint, then: () => void): void {
    assert(this.node !== null, 'host.armCrash: the server is down', { host: this.name });
    this.crashAt = { point, then };
  }

  get crashArmed(): boolean {
    return this.crashAt !== null;
  }

  disarmCrash(): void {
    this.crashAt = null;
  }

  /** Run `input` now, or when the server resumes if it is paused. */
  private whenRunning(input: () => void): boolean {
    if (this.held === null) return false;
    this.held.push(input);
    return true;
  }

  /** Start(): propose a command; returns (index, term, isLeader) like the course's Raft. */
  propose(command: Uint8Array): { index: LogIndex; term: Term; isLeader: boolean } {
    const node = this.node;
    if (node === null) return { index: -1, term: -1, isLeader: false };
    const r = node.propose(command);
    // Like the course's Start(), return before anything is applied: the effects are carried out
    // in an event of their own. A 1-server cluster commits at once, and applying here would hand
    // the RSM the entry before it registered its wait for that index (the RPC never answered).
    this.ctx.queue.schedule(0, () => {
      if (this.node === node) this.process();
    });
    if (r === null) return { index: -1, term: node.status().term, isLeader: false };
    return { index: r.index, term: r.term, isLeader: true };
  }

  /** The service's snapshot through `index`. */
  snapshot(index: LogIndex, data: Uint8Array): void {
    this.node?.snapshot(index, data);
  }

  /** The same, as a handle: its bytes are made only if the node cannot take a handle. */
  snapshotHandle(index: LogIndex, data: SnapshotHandle): void {
    const node = this.node;
    if (node?.snapshotHandle !== undefined) node.snapshotHandle(index, data);
    else node?.snapshot(index, data.bytes());
  }

  /** Drain and carry out the node's effects until there are none (service calls may add more). */
  process(): void {
    for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) {
      const node = this.node;
      if (node === null) return;
      const ready = node.ready();
      if (isEmpty(ready)) return;
      this.ctx.runObserver?.ready(this, ready);
      // One status for the observer and the trace: observing does not change the node.
      const now = node.status();
      this.ctx.observer.observe(this, this.lastStatus!, ready, now);
      const roleChanged = this.traceStatus(now);
      this.carryOut(ready);
      if (roleChanged && this.node === node) this.service?.statusChanged?.(node.status());
    }
    assert(false, 'host.process: effects did not settle', { host: this.name });
  }

  private carryOut(ready: Ready): void {
    const inc = this.incarnation;
    if (ready.persist !== null) this.persister.save(ready.persist);
    if (this.crashAt !== null && this.crashes('after-save', ready)) return;
    // Indexed loops: a for-of over these lists allocated an iterator result per element.
    const messages = ready.messages;
    for (let k = 0; k < messages.length; k++) this.sendMessage(messages[k]!);
    if (this.crashAt !== null && this.crashes('after-send', ready)) return;
    const apply = ready.apply;
    for (let k = 0; k < apply.length; k++) {
      if (this.incarnation !== inc || this.service === null) return;
      this.service.apply(apply[k]!);
    }
    if (ready.timer !== null) this.armTimer(ready.timer.afterMs, ready.timer.gen);
  }

  /** The armed crash point is reached inside this Ready: crash here. */
  private crashes(point: CrashPoint, ready: Ready): boolean {
    const armed = this.crashAt!;
    if (armed.point !== point) return false;
    const straddles = point === 'after-save'
      ? ready.persist !== null && ready.messages.length > 0
      : ready.apply.length > 0;
    if (!straddles) return false;
    this.note(point === 'after-save' ? `crash point: saved, ${ready.messages.length} messages ` +
      'not sent' : `crash point: sent, ${ready.apply.length} entries not applied`);
    this.crash();
    armed.then();
    return true;
  }

  private sendMessage(m: Message): void {
    if (!isRequest(m)) {
      const call = this.replyTo;
      assert(call !== null && call.from === m.to, 'host: a reply without its request', m);
      this.replyTo = null;
      call.respond(m, messageSize(m));
      return;
    }
    this.ctx.network.call(this.endpoint!, m.to, m, new RaftCall(this, this.incarnation, m));
  }

  /** A reply to a request sent by incarnation `inc` (dropped if that incarnation is gone). */
  deliver(inc: number, m: Message): void {
    if (this.incarnation !== inc || this.node === null) return;
    if (this.whenRunning(() => this.deliver(inc, m))) return;
    this.traceRecv(m);
    this.node.step({ type: 'message', message: m });
    this.ctx.observer.stepped?.(this, m);
    this.process();
  }

  private onCall(call: IncomingCall): void {
    if (this.whenRunning(() => this.onCall(call))) return;
    const m = call.request as Message;
    if (typeof m !== 'object' || m === null || !('type' in m) || !isRaftMessage(m)) {
      this.service?.handleCall?.(call);
      return;
    }
    this.traceRecv(m);
    this.replyTo = call;
    this.node!.step({ type: 'message', message: m });
    this.ctx.observer.stepped?.(this, m);
    this.process();
    assert(this.replyTo === null || this.node === null, 'host: a request got no reply', m);
  }

  private traceRecv(m: Message): void {
    const trace = this.ctx.trace;
    writeMessage(trace.begin(this.ctx.queue.now, this.name).str('recv '), m);
    trace.end();
  }

  private armTimer(afterMs: number, gen: number): void {
    this.supersedeTimer();
    const armed = new ArmedTimer(this, this.ctx.queue.now, afterMs, this.incarnation, gen);
    armed.drawn = this.ctx.recorder?.timerArmed(`timer ${this.id}`, TIMEOUT_SITE) ?? null;
    armed.event = this.ctx.queue.scheduleCancellable(afterMs, armed);
    this.timer = armed;
  }

  /** The event of `t` runs (ArmedTimer). */
  timerFired(t: ArmedTimer): void {
    this.timer = null;
    this.fire(t.inc, t.gen);
  }

  /** A timeout reaches the node of incarnation `inc`, or waits while the server is paused. */
  private fire(inc: number, gen: number): void {
    const node = this.node;
    if (this.incarnation !== inc || node === null) return;
    if (this.whenRunning(() => this.fire(inc, gen))) return;
    node.step({ type: 'timeout', gen });
    this.process();
  }

  /**
   * The armed timer is replaced (or its server crashed) before it fired: cancel its event. If
   * it was an election timeout drawn off its benign value, and the benign timeout would not
   * have fired by now either, the draw decided nothing: the recording drops it, so a shrink
   * never spends a run on it.
   */
  private supersedeTimer(): void {
    const t = this.timer;
    if (t === null) return;
    this.timer = null;
    this.ctx.queue.cancel(t.event!);
    const d = t.drawn;
    if (d === null) return;
    const min = this.config.electionTimeoutMinMs;
    const benignMs = min + (electionTimeoutSite(this.config).benign ?? 0);
    if (t.afterMs === min + d.drawn && this.ctx.queue.now - t.at < benignMs) {
      this.ctx.recorder?.retract(d);
    }
  }

  /** Trace role, term and commit changes; true if the role or term changed. */
  private traceStatus(s: NodeStatus): boolean {
    const last = this.lastStatus!;
    const roleChanged = s.role !== last.role || s.term !== last.term;
    if (roleChanged) {
      this.ctx.trace.event(this.ctx.queue.now, this.name, `${s.role} in term ${s.term}`);
    }
    if (s.commitIndex !== last.commitIndex) {
      const trace = this.ctx.trace;
      trace.begin(this.ctx.queue.now, this.name).str('commit ').num(s.commitIndex);
      trace.end();
    }
    this.lastStatus = s;
    return roleChanged;
  }
}

/** A Raft request's call options: its reply goes back to the incarnation that sent it. */
class RaftCall implements CallOptions {
  readonly requestBytes: number;
  readonly label: string;

  constructor(private readonly host: RaftHost, private readonly inc: number, m: Message) {
    this.requestBytes = messageSize(m);
    this.label = m.type;
  }

  onReply(reply: unknown): void {
    this.host.deliver(this.inc, reply as Message);
  }
}

function isEmpty(r: Ready): boolean {
  return r.persist === null && r.messages.length === 0 && r.apply.length === 0 &&
    r.timer === null && r.logWrites.length === 0;
}

const RAFT_TYPES = new Set([
  'RequestVote', 'RequestVoteReply', 'AppendEntries', 'AppendEntriesReply', 'InstallSnapshot',
  'InstallSnapshotReply',
]);

function isRaftMessage(m: { type: unknown }): m is Message {
  return typeof m.type === 'string' && RAFT_TYPES.has(m.type);
}

/** A message as its trace line shows it: `AppendEntries 0->1 t3 prev=4/t2 n=1 commit=4`. */
export function describeMessage(m: Message): string {
  const out = new StringOut();
  writeMessage(out, m);
  return out.text;
}

/** describeMessage's text, written in parts (into a trace line, without building it). */
export function writeMessage(o: TextOut, m: Message): void {
  o.str(m.type).str(' ').num(m.from).str('->').num(m.to).str(' t').num(m.term);
  switch (m.type) {
    case 'RequestVote':
      o.str(' last=').num(m.lastLogIndex).str('/t').num(m.lastLogTerm);
      return;
    case 'RequestVoteReply':
      o.str(m.granted ? ' granted' : ' refused');
      return;
    case 'AppendEntries':
      o.str(' prev=').num(m.prevLogIndex).str('/t').num(m.prevLogTerm).str(' n=')
        .num(m.entries.length).str(' commit=').num(m.leaderCommit);
      return;
    case 'AppendEntriesReply':
      if (m.success) o.str(' ok match=').num(m.matchIndex);
      else {
        o.str(' reject prev=').num(m.prevLogIndex).str(' conflict=').num(m.conflictIndex)
          .str('/t').num(m.conflictTerm);
      }
      return;
    case 'InstallSnapshot':
      o.str(' last=').num(m.lastIncludedIndex).str('/t').num(m.lastIncludedTerm);
      return;
    case 'InstallSnapshotReply':
      o.str(' have=').num(m.lastIncludedIndex);
      return;
  }
}
