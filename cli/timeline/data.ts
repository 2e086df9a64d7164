import type { NodeStatus } from '../../core/raft/types.ts';
import { CLIENT_ID_BASE } from '../../sim/kv-client.ts';
import type {
  EntryView, LogWriteView, MessageFate, ObsEvent, RecordedMessage, Recording,
} from '../../sim/observe-recorder.ts';
import type { RunFailure } from '../../sim/runner.ts';

/**
 * The timeline page's data: a Recording made compact (tuples, a string table, lane numbers) so a
 * 20,000-event run stays near a megabyte and parses in milliseconds. Pure and deterministic.
 * Event tuples start with their kind (KIND); the page's script reads them with the same tables,
 * which render.ts writes into it.
 */
export interface TimelineData {
  readonly meta: TimelineMeta;
  /** Lane names: servers s0.. first, then the clients that appear (c0..). */
  readonly lanes: readonly string[];
  readonly servers: number;
  readonly strs: readonly string[];
  /** Virtual time (ms) of each event. */
  readonly t: readonly number[];
  readonly ev: readonly (readonly unknown[])[];
  /** [from lane, to lane, sent event, end event or -1, fate, category, info, rpc, reply 0/1,
   *  copy, delay ms] */
  readonly msgs: readonly (readonly number[])[];
  /** [lane, invoke event, return event or -1, desc, result or -1, history index or -1] */
  readonly ops: readonly (readonly number[])[];
  /** Event of the failure (the run's last), or -1 when it passed. */
  readonly failAt: number;
  /** Time a single event takes on the x axis, in ms (see script-model.ts). */
  readonly w: number;
}

export interface TimelineMeta {
  readonly scenario: string;
  readonly title: string;
  readonly source: string;
  readonly seed: number | null;
  readonly schedule: string | null;
  readonly bug: string | null;
  /** The user's module(s) the run used (--impl), if any. */
  readonly impl?: string | null;
  readonly command: string;
  readonly ok: boolean;
  readonly traceHash: string;
  readonly simMs: number;
  /** The simulator's event count (RunResult.events), not the page's. */
  readonly runEvents: number;
  readonly failure: RunFailure | null;
  /** The linearizability view of the run's history, when there is one. */
  readonly lin: LinSummary | null;
}

export interface LinSummary {
  readonly verdict: string;
  readonly text: string;
  /** History indices the checker blames (could not come next; minimal failing set). */
  readonly blamed: readonly number[];
}

export const KIND = {
  send: 0, recv: 1, drop: 2, fail: 3, start: 4, crash: 5, state: 6, net: 7, slow: 8, allow: 9,
  mode: 10, invoke: 11, return: 12, note: 13, end: 14,
} as const;
export const FATES: readonly MessageFate[] = ['in flight', 'delivered', 'lost', 'unreachable',
  'dead', 'cut', 'dropped', 'abandoned'];
export const CATEGORIES = ['vote', 'append', 'heartbeat', 'snapshot', 'client', 'other'] as const;
export const ROLES = ['follower', 'candidate', 'leader'] as const;

/** Strings, each stored once. */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

export function category(m: Pick<RecordedMessage, 'type' | 'entries'>,
  request: Pick<RecordedMessage, 'entries'>): number {
  switch (m.type) {
    case 'RequestVote': return 0;
    case 'AppendEntries': return request.entries === 0 ? 2 : 1;
    case 'InstallSnapshot': return 3;
    case 'Get': case 'Put': case 'Append': case 'PutPlain': return 4;
    default: return 5;
  }
}

export function timelineData(rec: Recording, meta: TimelineMeta,
  historyIndex: (op: object) => number): TimelineData {
  const lanes = laneMap(rec);
  const strs = new Strings();
  const { ev, t, remap } = events(rec.events, lanes.of, strs);
  const reqOf = new Map<number, RecordedMessage>();
  for (const m of rec.messages) if (!m.reply) reqOf.set(m.rpc, m);
  const msgs = rec.messages.map((m) => [lanes.of(m.from), lanes.of(m.to), remap[m.sent]!,
    m.end === null ? -1 : remap[m.end]!, FATES.indexOf(m.fate),
    category(m, reqOf.get(m.rpc) ?? m), strs.id(m.info), m.rpc, m.reply ? 1 : 0, m.copy,
    m.delayMs]);
  const ops = rec.ops.map((o) => [lanes.of(o.client), remap[o.invoke]!,
    o.ret === null ? -1 : remap[o.ret]!, strs.id(o.desc),
    o.result === null ? -1 : strs.id(o.result), o.history === null ? -1 : historyIndex(o.history)]);
  const n = t.length;
  const w = Math.max(0.05, meta.simMs / Math.max(1, n));
  return { meta, lanes: lanes.names, servers: rec.servers, strs: strs.list, t, ev, msgs, ops,
    failAt: meta.ok ? -1 : n - 1, w: Number(w.toPrecision(3)) };
}

/** Servers keep their ids as lanes; clients follow, in id order. */
function laneMap(rec: Recording): { names: string[]; of: (id: number) => number } {
  const clients = new Set<number>();
  for (const m of rec.messages) {
    for (const id of [m.from, m.to]) if (id >= CLIENT_ID_BASE) clients.add(id);
  }
  for (const o of rec.ops) clients.add(o.client);
  for (const e of rec.events) if (e.k === 'allow') clients.add(e.client);
  const sorted = [...clients].sort((a, b) => a - b);
  const lane = new Map(sorted.map((id, k) => [id, rec.servers + k]));
  const names = Array.from({ length: rec.servers }, (_, i) => `s${i}`)
    .concat(sorted.map((id) => `c${id - CLIENT_ID_BASE}`));
  return { names, of: (id) => (id < CLIENT_ID_BASE ? id : lane.get(id)!) };
}

/**
 * Event tuples. A partition or connect and the link changes right after it (same instant, no
 * other event between) become one `net` event, as do runs of bare link changes; `remap` takes a
 * recording index to its page index.
 */
function events(list: readonly ObsEvent[], lane: (id: number) => number, strs: Strings):
  { ev: unknown[][]; t: number[]; remap: number[] } {
  const ev: unknown[][] = [];
  const t: number[] = [];
  const remap: number[] = [];
  for (const e of list) {
    const open = ev.at(-1);
    if (e.k === 'link' && open?.[0] === KIND.net && t.at(-1) === e.t) {
      (open[2] as number[]).push(e.from, e.to, e.on ? 1 : 0);
      remap.push(ev.length - 1);
      continue;
    }
    remap.push(ev.length);
    t.push(e.t);
    ev.push(tuple(e, lane, strs));
  }
  return { ev, t, remap };
}

function tuple(e: ObsEvent, lane: (id: number) => number, strs: Strings): unknown[] {
  switch (e.k) {
    case 'send': case 'recv': case 'drop': case 'fail': return [KIND[e.k], e.msg];
    case 'start':
      return [KIND.start, e.server, e.incarnation, ...status(e.status),
        entries(e.log.entries, strs), e.log.snapshotIndex, e.log.snapshotTerm];
    case 'crash': return [KIND.crash, e.server];
    case 'state': return [KIND.state, e.server, ...status(e.status), writes(e.writes, strs)];
    case 'link': return [KIND.net, strs.id('links'), [e.from, e.to, e.on ? 1 : 0]];
    case 'partition':
      return [KIND.net, strs.id(`partition ${e.groups.map((g) => `[${g.join(',')}]`).join(' ')}`),
        []];
    case 'connect': return [KIND.net, strs.id(`${e.on ? 'connect' : 'disconnect'} s${e.server}`),
      []];
    case 'slow': return [KIND.slow, e.server, e.ms];
    case 'allow': return [KIND.allow, lane(e.client), e.servers];
    case 'mode': return [KIND.mode, +e.mode.reliable, +e.mode.longDelays,
      +e.mode.longReordering];
    case 'invoke': case 'return': return [KIND[e.k], e.op];
    case 'note': return [KIND.note, strs.id(e.who), strs.id(e.what)];
    case 'end': return [KIND.end];
  }
}

/** [role, term, votedFor, leader, commit, applied, snapshotIndex, snapshotTerm, lastIndex] */
function status(s: NodeStatus): number[] {
  return [ROLES.indexOf(s.role), s.term, s.votedFor, s.leader, s.commitIndex, s.lastApplied,
    s.snapshotIndex, s.snapshotTerm, s.lastIndex];
}

/** Entries as [term, command string id, term, command string id, ...]. */
function entries(list: readonly EntryView[], strs: Strings): number[] {
  const out: number[] = [];
  for (const e of list) out.push(e.term, strs.id(e.cmd));
  return out;
}

function writes(list: readonly LogWriteView[], strs: Strings): unknown[] {
  return list.map((w) => [w.from, entries(w.entries, strs)]);
}
