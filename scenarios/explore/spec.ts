import type { CrashPoint } from '../../sim/raft-host.ts';
import type { SwarmRates } from '../../sim/faults.ts';

/**
 * A generated run, as plain JSON (docs/explore.md): what `raftsim explore` generates with
 * fast-check (scenarios/explore/arbitraries.ts), shrinks, and saves in a schedule file's
 * `"spec"` field, so that `raftsim replay explore --schedule FILE` rebuilds the same scenario.
 * Server numbers in fault events are taken modulo the cluster size, so a shrink of `servers`
 * leaves every event valid.
 */
export interface ExploreSpec {
  /** Seeds the run's random streams (the network's and timers' draws, the workload's data). */
  readonly seed: number;
  readonly servers: number;
  /** Snapshot when the Raft state reaches this many bytes; -1: no snapshots. */
  readonly maxraftstate: number;
  readonly timing: TimingSpec;
  readonly workload: WorkloadSpec;
  /** The swarm's per-message network faults (sim/faults.ts); all 0 is a calm network. */
  readonly net: SwarmRates;
  /** Timed fault events, by kind (an empty list: that kind is off in this run). */
  readonly faults: FaultSchedule;
  /** The fault phase lasts this long (virtual ms); then everything heals. */
  readonly faultMs: number;
}

/** Within the course's rules: at most 10 heartbeats a second, a leader within 5 s. */
export interface TimingSpec {
  readonly heartbeatMs: number;
  readonly electionMinMs: number;
  readonly electionMaxMs: number;
}

/**
 * The clients: each runs up to `ops` operations one after another (fewer if the fault phase
 * ends first), with a pause of 0..thinkMaxMs before each.
 * - api 'versioned' (6.5840 2025): Get and the versioned Put (a client puts at the version it
 *   last saw, so some Puts meet ErrVersion); the history is checked with kv-versioned.
 * - api 'appends' (2018-2024): Get, Put and Append, made exactly-once by (client, seq); the
 *   history is checked with kv, and every Append value is unique, so a double apply shows.
 */
export interface WorkloadSpec {
  readonly clients: number;
  readonly api: 'versioned' | 'appends';
  readonly keys: number;
  readonly ops: number;
  /** Relative weights of the operation kinds (append ignored by the versioned api). */
  readonly mix: { readonly get: number; readonly put: number; readonly append: number };
  readonly thinkMaxMs: number;
  /** Clients 0..readers-1 only read (Get), whatever the mix: they keep reading where they are. */
  readonly readers: number;
  /**
   * A client gives up on a server after this long without an answer and tries the next (0:
   * it waits for the answer, as the course's clerk does). A write then reaches a deposed leader
   * again and again, and a client confined with it keeps reading there.
   */
  readonly rpcTimeoutMs: number;
}

export interface Timed {
  /** Starts this many ms into the run (events at or after faultMs never happen). */
  readonly at: number;
  /**
   * Aim at whichever server leads at that moment (Jepsen's "kill the leader"), instead of
   * `server` (which is kept when no server leads). A partition isolates the leader: it alone is
   * side 1.
   */
  readonly leader: boolean;
}

/** Crash a server (it keeps its last save) and restart it `downMs` later. */
export interface CrashEvent extends Timed {
  readonly server: number;
  readonly downMs: number;
}

/** From `at`, crash the server inside the next Ready that straddles `point`; restart later. */
export interface CrashPointEvent extends CrashEvent {
  readonly point: CrashPoint;
}

/**
 * Cut links for `ms`. `side` puts server i (mod its length) on side 0 or 1:
 * - split: no link between the sides (symmetric; a majority and a minority, or all on one side);
 * - one-way: side 1's requests do not reach side 0 (side 0's still reach side 1, with replies);
 * - bridge: like split, but server `bridge` keeps its links to both sides.
 * `clientSide` (empty: clients are not confined) puts client c on side clientSide[c mod its
 * length]: while the partition lasts, the client reaches only the servers of its side (as the
 * course's KV partition tests confine clerks), so a deposed leader keeps its clients.
 */
export interface PartitionEvent extends Timed {
  readonly ms: number;
  readonly shape: 'split' | 'one-way' | 'bridge';
  readonly side: readonly number[];
  readonly bridge: number;
  readonly clientSide: readonly number[];
}

/** For `ms`, link from>to loses `rate` per mille of its messages (`leader`: from the leader). */
export interface LinkLossEvent extends Timed {
  readonly ms: number;
  readonly from: number;
  readonly to: number;
  readonly rate: number;
}

/** For `ms`, every message on link from>to waits `extraMs` more (`leader`: from the leader). */
export interface ClogEvent extends Timed {
  readonly ms: number;
  readonly from: number;
  readonly to: number;
  readonly extraMs: number;
}

/** Pause a server for `ms` (its inputs wait; see RaftHost.pause). */
export interface PauseEvent extends Timed {
  readonly ms: number;
  readonly server: number;
}

/**
 * Leader churn (Jepsen's "kill the leader", the course's Figure 8 tests): from `at` for `ms`,
 * every `periodMs` the leader of the moment (the highest term's) crashes, at once ('now') or
 * inside its next Ready ('after-save': its new entries saved but never sent), and restarts
 * `downMs` later. Successive leaders then hold entries of their own terms that no one else
 * has: the divergent logs that vote and commit rules exist for.
 */
export interface ChurnEvent {
  readonly at: number;
  readonly ms: number;
  readonly periodMs: number;
  readonly downMs: number;
  readonly point: ChurnPoint;
}

/** Where churn crashes a leader; 'mixed': after-save, now, after-send, after-save, ... in turn. */
export type ChurnPoint = 'now' | CrashPoint | 'mixed';
export const CHURN_POINTS: readonly ChurnPoint[] = ['now', 'after-save', 'after-send', 'mixed'];

export interface FaultSchedule {
  readonly crash: readonly CrashEvent[];
  readonly crashPoint: readonly CrashPointEvent[];
  readonly partition: readonly PartitionEvent[];
  readonly linkLoss: readonly LinkLossEvent[];
  readonly clog: readonly ClogEvent[];
  readonly pause: readonly PauseEvent[];
  readonly churn: readonly ChurnEvent[];
}

export type FaultKindName = keyof FaultSchedule;

export const FAULT_KINDS: readonly FaultKindName[] =
  ['crash', 'crashPoint', 'partition', 'linkLoss', 'clog', 'pause', 'churn'];

/** After the heal, everything must settle within this much virtual time (the liveness bound). */
export const LIVENESS_MS = 30_000;

/** A spec that is not one (a malformed or foreign schedule file): one line for the user. */
export class SpecError extends Error {
  override name = 'SpecError';
}

type Obj = Readonly<Record<string, unknown>>;

/** Validate a spec read from a file: every field present, whole numbers in range. */
export function parseSpec(x: unknown): ExploreSpec {
  const o = obj(x, 'spec');
  only(o, 'spec', ['seed', 'servers', 'maxraftstate', 'timing', 'workload', 'net', 'faults',
    'faultMs']);
  const t = obj(o.timing, 'spec.timing');
  only(t, 'spec.timing', ['heartbeatMs', 'electionMinMs', 'electionMaxMs']);
  const timing = {
    heartbeatMs: int(t.heartbeatMs, 'spec.timing.heartbeatMs', 10, 10_000),
    electionMinMs: int(t.electionMinMs, 'spec.timing.electionMinMs', 11, 100_000),
    electionMaxMs: int(t.electionMaxMs, 'spec.timing.electionMaxMs', 11, 100_000),
  };
  if (timing.electionMinMs <= timing.heartbeatMs || timing.electionMaxMs < timing.electionMinMs) {
    throw new SpecError('spec.timing: need heartbeatMs < electionMinMs <= electionMaxMs');
  }
  return {
    seed: int(o.seed, 'spec.seed', 0, 2 ** 31 - 1),
    servers: int(o.servers, 'spec.servers', 1, 9),
    maxraftstate: int(o.maxraftstate, 'spec.maxraftstate', -1, 1 << 30),
    timing, workload: parseWorkload(o.workload), net: parseNet(o.net),
    faults: parseFaults(o.faults), faultMs: int(o.faultMs, 'spec.faultMs', 0, 100_000),
  };
}

function parseWorkload(x: unknown): WorkloadSpec {
  const w = obj(x, 'spec.workload');
  only(w, 'spec.workload', ['clients', 'api', 'keys', 'ops', 'mix', 'thinkMaxMs', 'readers',
    'rpcTimeoutMs']);
  if (w.api !== 'versioned' && w.api !== 'appends') {
    throw new SpecError('spec.workload.api: not "versioned" or "appends"');
  }
  const m = obj(w.mix, 'spec.workload.mix');
  only(m, 'spec.workload.mix', ['get', 'put', 'append']);
  const mix = { get: int(m.get, 'spec.workload.mix.get', 0, 1000),
    put: int(m.put, 'spec.workload.mix.put', 0, 1000),
    append: int(m.append, 'spec.workload.mix.append', 0, 1000) };
  if (mix.get + mix.put + (w.api === 'appends' ? mix.append : 0) === 0) {
    throw new SpecError('spec.workload.mix: every weight is 0');
  }
  return {
    clients: int(w.clients, 'spec.workload.clients', 1, 100), api: w.api,
    keys: int(w.keys, 'spec.workload.keys', 1, 1000),
    ops: int(w.ops, 'spec.workload.ops', 0, 10_000),
    mix, thinkMaxMs: int(w.thinkMaxMs, 'spec.workload.thinkMaxMs', 0, 100_000),
    readers: int(w.readers, 'spec.workload.readers', 0, 100),
    rpcTimeoutMs: int(w.rpcTimeoutMs, 'spec.workload.rpcTimeoutMs', 0, 100_000),
  };
}

function parseNet(x: unknown): SwarmRates {
  const n = obj(x, 'spec.net');
  const keys = ['loss', 'delayMaxMs', 'hold', 'holdMaxMs', 'duplicate', 'dupMaxMs'] as const;
  only(n, 'spec.net', keys);
  const maxOf = (k: string): number => (k.endsWith('Ms') ? 100_000 : 1000);
  return Object.fromEntries(keys.map((k) => [k, int(n[k], `spec.net.${k}`, 0, maxOf(k))])) as
    unknown as SwarmRates;
}

const EVENT_FIELDS: Readonly<Record<FaultKindName, readonly string[]>> = {
  crash: ['at', 'leader', 'server', 'downMs'],
  crashPoint: ['at', 'leader', 'server', 'downMs', 'point'],
  partition: ['at', 'leader', 'ms', 'shape', 'side', 'bridge', 'clientSide'],
  linkLoss: ['at', 'leader', 'ms', 'from', 'to', 'rate'],
  clog: ['at', 'leader', 'ms', 'from', 'to', 'extraMs'],
  pause: ['at', 'leader', 'ms', 'server'],
  churn: ['at', 'ms', 'periodMs', 'downMs', 'point'],
};

function parseFaults(x: unknown): FaultSchedule {
  const f = obj(x, 'spec.faults');
  only(f, 'spec.faults', FAULT_KINDS);
  const out: Record<string, unknown[]> = {};
  for (const kind of FAULT_KINDS) {
    if (!Array.isArray(f[kind])) throw new SpecError(`spec.faults.${kind}: not an array`);
    out[kind] = (f[kind] as unknown[])
      .map((e, i) => parseEvent(kind, e, `spec.faults.${kind}[${i}]`));
  }
  return out as unknown as FaultSchedule;
}

function parseEvent(kind: FaultKindName, x: unknown, where: string): unknown {
  const e = obj(x, where);
  only(e, where, EVENT_FIELDS[kind]);
  const out: Record<string, unknown> = {};
  for (const k of EVENT_FIELDS[kind]) {
    if (k === 'point') {
      const points: readonly unknown[] = kind === 'churn' ? CHURN_POINTS
        : ['after-save', 'after-send'];
      if (!points.includes(e.point)) {
        throw new SpecError(`${where}.point: not ${points.map((x) => `"${x}"`).join(', ')}`);
      }
      out.point = e.point;
    } else if (k === 'shape') {
      if (e.shape !== 'split' && e.shape !== 'one-way' && e.shape !== 'bridge') {
        throw new SpecError(`${where}.shape: not "split", "one-way" or "bridge"`);
      }
      out.shape = e.shape;
    } else if (k === 'leader') {
      if (typeof e.leader !== 'boolean') throw new SpecError(`${where}.leader: not true or false`);
      out.leader = e.leader;
    } else if (k === 'side' || k === 'clientSide') {
      const a = e[k];
      if (!Array.isArray(a) || (k === 'side' && a.length === 0)) {
        throw new SpecError(`${where}.${k}: not a${k === 'side' ? ' non-empty' : 'n'} array`);
      }
      out[k] = a.map((b, i) => int(b, `${where}.${k}[${i}]`, 0, 1));
    } else {
      out[k] = int(e[k], `${where}.${k}`, 0, k === 'rate' ? 1000 : 1_000_000);
    }
  }
  return out;
}

function obj(x: unknown, where: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw new SpecError(`${where}: not an object`);
  }
  return x as Obj;
}

function only(o: Obj, where: string, keys: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) throw new SpecError(`${where}: unknown field "${k}"`);
  }
  for (const k of keys) if (!(k in o)) throw new SpecError(`${where}: field "${k}" is missing`);
}

function int(x: unknown, where: string, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min || x > max) {
    throw new SpecError(`${where}: not a whole number in ${min}..${max}`);
  }
  return x;
}
