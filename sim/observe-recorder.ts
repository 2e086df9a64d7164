import type { Entry, LogIndex, NodeStatus, Ready, Term } from '../core/raft/types.ts';
import type { HistoryOp } from './history.ts';
import type { CallOptions, Endpoint, NetworkOptions } from './network.ts';
import type {
  ClientOpView, ReplyFate, RunObserver, SendFate,
} from './observe.ts';
import type { RaftHost } from './raft-host.ts';
import { LogMirror } from './observe-log.ts';
import { commandText, entriesOf, payloadInfo, payloadType, resultText } from './observe-text.ts';
import type { RunFailure } from './runner.ts';

/** One entry as the timeline shows it: its term and a short text of its command. */
export interface EntryView {
  readonly term: Term;
  readonly cmd: string;
}

/** A node's whole log (after a restart): the snapshot point and the entries after it. */
export interface LogImage {
  readonly snapshotIndex: LogIndex;
  readonly snapshotTerm: Term;
  readonly entries: readonly EntryView[];
}

/** Entries written at `from`.. (anything after them was truncated). */
export interface LogWriteView {
  readonly from: LogIndex;
  readonly entries: readonly EntryView[];
}

/**
 * One observation, in run order; `t` is the virtual time in ms. A message's events (send, recv,
 * drop) name it by id in `messages`; `fail` names the request whose caller was told it failed.
 * A `state` event follows every Ready that changed the node's status or log: apply `writes`
 * (truncate at `from`, append), then drop everything at or below status.snapshotIndex and
 * after status.lastIndex (InstallSnapshot and compaction carry no write).
 */
export type ObsEvent =
  | { readonly k: 'send' | 'recv' | 'drop' | 'fail'; readonly t: number; readonly msg: number }
  | { readonly k: 'start'; readonly t: number; readonly server: number;
      readonly incarnation: number; readonly status: NodeStatus; readonly log: LogImage }
  | { readonly k: 'crash'; readonly t: number; readonly server: number }
  | { readonly k: 'state'; readonly t: number; readonly server: number;
      readonly status: NodeStatus; readonly writes: readonly LogWriteView[] }
  | { readonly k: 'link'; readonly t: number; readonly from: number; readonly to: number;
      readonly on: boolean }
  | { readonly k: 'slow'; readonly t: number; readonly server: number; readonly ms: number }
  | { readonly k: 'allow'; readonly t: number; readonly client: number;
      readonly servers: readonly number[] | null }
  | { readonly k: 'mode'; readonly t: number; readonly mode: NetworkOptions }
  | { readonly k: 'partition'; readonly t: number; readonly groups: readonly number[][] }
  | { readonly k: 'connect'; readonly t: number; readonly server: number; readonly on: boolean }
  | { readonly k: 'invoke' | 'return'; readonly t: number; readonly op: number }
  | { readonly k: 'note'; readonly t: number; readonly who: string; readonly what: string }
  | { readonly k: 'end'; readonly t: number; readonly failure: RunFailure | null };

/**
 * How a message ended: delivered; lost by the network (request or reply); unreachable (link
 * down or server crashed when sent); dead (the target died before it arrived); cut (the reply of
 * a server cut off or crashed while handling); dropped (a reply whose caller incarnation was
 * gone); abandoned (no reply will come: the handler's server was cut off while handling);
 * in flight (the run ended first).
 */
export type MessageFate = 'in flight' | 'delivered' | 'lost' | 'unreachable' | 'dead' | 'cut' |
  'dropped' | 'abandoned';

/** One message (one arrow): a request or the reply of RPC `rpc`. */
export interface RecordedMessage {
  readonly id: number;
  readonly rpc: number;
  readonly reply: boolean;
  /** 0 for the original; k for the k-th duplicate (the network does not duplicate yet). */
  readonly copy: number;
  /** The RPC's type: a Raft request type (also on its reply), or a client op (Get, Put...). */
  readonly type: string;
  /** Entries an AppendEntries carries (0: a heartbeat); 0 otherwise. */
  readonly entries: number;
  /** Endpoint ids: servers 0..n-1, clients CLIENT_ID_BASE + i. */
  readonly from: number;
  readonly to: number;
  readonly info: string;
  /** Index in `events` of its send (of its drop, for an abandoned reply). */
  readonly sent: number;
  readonly delayMs: number;
  fate: MessageFate;
  /** Index in `events` where its fate was settled; null while in flight. */
  end: number | null;
}

/** One client operation, from invoke to return (null: still pending when the run ended). */
export interface RecordedOp {
  readonly id: number;
  readonly client: number;
  readonly desc: string;
  readonly invoke: number;
  ret: number | null;
  result: string | null;
  /** The op's entry in the run's client history, if it records one. */
  readonly history: HistoryOp | null;
}

export interface Recording {
  readonly servers: number;
  readonly events: readonly ObsEvent[];
  readonly messages: readonly RecordedMessage[];
  readonly ops: readonly RecordedOp[];
  /** Times the mirrored log disagreed with the node and was re-read (0 unless a bug here). */
  readonly resyncs: number;
}

interface Rpc {
  readonly req: RecordedMessage;
  rep: RecordedMessage | null;
}

/**
 * Records a run's observations (RunObserver) as plain data for the timeline page. It mirrors
 * each server's log from the Ready's log writes, and checks the mirror against the node after
 * every Ready (a disagreement is counted in `resyncs` and repaired from the node's log; it never
 * throws into the run).
 */
export class RunRecorder implements RunObserver {
  private readonly events: ObsEvent[] = [];
  private readonly messages: RecordedMessage[] = [];
  private readonly ops: RecordedOp[] = [];
  private readonly rpcs = new Map<CallOptions, Rpc>();
  private readonly mirrors: LogMirror[] = [];
  private readonly last: (NodeStatus | null)[] = [];
  private readonly linksOff = new Set<string>();
  private mode = '';
  private nServers = 0;
  private rpcCount = 0;
  private resyncs = 0;
  private clock: () => number = () => 0;

  attach(clock: () => number): void {
    this.clock = clock;
  }

  recording(): Recording {
    return { servers: this.nServers, events: this.events, messages: this.messages,
      ops: this.ops, resyncs: this.resyncs };
  }

  servers(n: number): void {
    this.nServers = n;
  }

  started(host: RaftHost): void {
    const node = host.node!;
    const status = node.status();
    const log: LogImage = { snapshotIndex: status.snapshotIndex,
      snapshotTerm: status.snapshotTerm,
      entries: node.entries(status.snapshotIndex + 1, status.lastIndex).map(entryView) };
    this.mirrors[host.id] = new LogMirror(log.snapshotIndex, log.snapshotTerm,
      log.entries.map((e) => e.term));
    this.last[host.id] = status;
    this.push({ k: 'start', t: this.clock(), server: host.id,
      incarnation: host.currentIncarnation, status, log });
  }

  crashed(host: RaftHost): void {
    this.last[host.id] = null;
    this.push({ k: 'crash', t: this.clock(), server: host.id });
  }

  ready(host: RaftHost, ready: Ready): void {
    const node = host.node!;
    const status = node.status();
    let writes: LogWriteView[] = ready.logWrites.map((w) =>
      ({ from: w.fromIndex, entries: w.entries.map(entryView) }));
    const mirror = this.mirrors[host.id]!;
    if (!mirror.apply(writes, status)) {
      this.resyncs += 1;
      const all = node.entries(status.snapshotIndex + 1, status.lastIndex);
      this.mirrors[host.id] = new LogMirror(status.snapshotIndex, status.snapshotTerm,
        all.map((e) => e.term));
      writes = [{ from: status.snapshotIndex + 1, entries: all.map(entryView) }];
    }
    const before = this.last[host.id];
    this.last[host.id] = status;
    if (writes.length === 0 && before != null && sameStatus(before, status)) return;
    this.push({ k: 'state', t: this.clock(), server: host.id, status, writes });
  }

  sent(call: CallOptions, from: Endpoint, to: number, request: unknown, fate: SendFate,
    delayMs: number, opts: NetworkOptions): void {
    this.noteMode(opts);
    const req = this.message(this.rpcCount++, false, payloadType(request), entriesOf(request),
      from.id, to, payloadInfo(call.label, request), delayMs);
    this.rpcs.set(call, { req, rep: null });
    if (fate !== 'sent') this.settle(req, fate);
  }

  arrived(call: CallOptions, _target: Endpoint, delivered: boolean): void {
    const rpc = this.rpcs.get(call);
    if (rpc !== undefined) this.settle(rpc.req, delivered ? 'delivered' : 'dead');
  }

  replied(call: CallOptions, reply: unknown, fate: ReplyFate, delayMs: number): void {
    const rpc = this.rpcs.get(call);
    if (rpc === undefined) return;
    const { req } = rpc;
    rpc.rep = this.message(req.rpc, true, req.type, 0, req.to, req.from,
      payloadInfo(`${call.label} reply`, reply), delayMs);
    if (fate !== 'sent') this.settle(rpc.rep, fate);
  }

  replyArrived(call: CallOptions, delivered: boolean): void {
    const rep = this.rpcs.get(call)?.rep;
    if (rep != null) this.settle(rep, delivered ? 'delivered' : 'dropped');
  }

  abandoned(call: CallOptions): void {
    const rpc = this.rpcs.get(call);
    if (rpc === undefined) return;
    const { req } = rpc;
    const at = this.events.length;
    const rep: RecordedMessage = { id: this.messages.length, rpc: req.rpc, reply: true, copy: 0,
      type: req.type, entries: 0, from: req.to, to: req.from,
      info: `${call.label} reply: never sent (server cut off or crashed while handling)`,
      sent: at, delayMs: 0, fate: 'abandoned', end: at };
    this.messages.push(rep);
    rpc.rep = rep;
    this.push({ k: 'drop', t: this.clock(), msg: rep.id });
  }

  failed(call: CallOptions): void {
    const rpc = this.rpcs.get(call);
    if (rpc === undefined) return;
    this.push({ k: 'fail', t: this.clock(), msg: rpc.req.id });
  }

  link(from: number, to: number, on: boolean): void {
    const key = `${from}>${to}`;
    if (on !== this.linksOff.has(key)) return;
    if (on) this.linksOff.delete(key);
    else this.linksOff.add(key);
    this.push({ k: 'link', t: this.clock(), from, to, on });
  }

  slow(id: number, ms: number): void {
    this.push({ k: 'slow', t: this.clock(), server: id, ms });
  }

  allow(client: number, servers: readonly number[] | null): void {
    this.push({ k: 'allow', t: this.clock(), client, servers: servers && [...servers] });
  }

  partition(groups: readonly (readonly number[])[]): void {
    this.push({ k: 'partition', t: this.clock(), groups: groups.map((g) => [...g]) });
  }

  connect(server: number, on: boolean): void {
    this.push({ k: 'connect', t: this.clock(), server, on });
  }

  invoke(client: number, op: ClientOpView, history: HistoryOp | null): number {
    const id = this.ops.length;
    this.ops.push({ id, client, desc: opText(op), invoke: this.events.length, ret: null,
      result: null, history });
    this.push({ k: 'invoke', t: this.clock(), op: id });
    return id;
  }

  returned(token: number, result: unknown): void {
    const op = this.ops[token]!;
    op.ret = this.events.length;
    op.result = resultText(result);
    this.push({ k: 'return', t: this.clock(), op: token });
  }

  note(who: string, what: string): void {
    this.push({ k: 'note', t: this.clock(), who, what });
  }

  finished(failure: RunFailure | null): void {
    this.push({ k: 'end', t: this.clock(), failure });
  }

  private message(rpc: number, reply: boolean, type: string, entries: number, from: number,
    to: number, info: string, delayMs: number): RecordedMessage {
    const m: RecordedMessage = { id: this.messages.length, rpc, reply, copy: 0, type, entries,
      from, to, info, sent: this.events.length, delayMs, fate: 'in flight', end: null };
    this.messages.push(m);
    this.push({ k: 'send', t: this.clock(), msg: m.id });
    return m;
  }

  private settle(m: RecordedMessage, fate: Exclude<MessageFate, 'in flight'>): void {
    if (m.end !== null) return;
    m.fate = fate;
    m.end = this.events.length;
    this.push({ k: fate === 'delivered' ? 'recv' : 'drop', t: this.clock(), msg: m.id });
  }

  /** The network's mode is recorded when the first call sees it change (it matters only then). */
  private noteMode(opts: NetworkOptions): void {
    const key = `${opts.reliable} ${opts.longDelays} ${opts.longReordering}`;
    if (key === this.mode) return;
    this.mode = key;
    this.push({ k: 'mode', t: this.clock(), mode: { ...opts } });
  }

  private push(e: ObsEvent): void {
    this.events.push(e);
  }
}

function entryView(e: Entry): EntryView {
  return { term: e.term, cmd: commandText(e.command) };
}

function sameStatus(a: NodeStatus, b: NodeStatus): boolean {
  return a.role === b.role && a.term === b.term && a.votedFor === b.votedFor &&
    a.leader === b.leader && a.commitIndex === b.commitIndex &&
    a.lastApplied === b.lastApplied && a.snapshotIndex === b.snapshotIndex &&
    a.lastIndex === b.lastIndex && a.lastTerm === b.lastTerm;
}

function opText(op: ClientOpView): string {
  const name = op.op === 'putPlain' ? 'Put' : op.op[0]!.toUpperCase() + op.op.slice(1);
  const args = [op.key, ...(op.value === undefined ? [] : [JSON.stringify(op.value)])];
  const version = op.version === undefined ? '' : ` v${op.version}`;
  return `${name}(${args.join(', ')})${version}`;
}
