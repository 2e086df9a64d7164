import { AssertionError } from '../core/assert.ts';
import { decodeHardState } from '../core/raft/codec.ts';
import type { Raft, RaftFactory } from '../core/raft/contract.ts';
import {
  DEFAULT_TIMING, isRequest, type Entry, type Input, type LogIndex, type Message, type NodeId,
  type NodeStatus,
  type PersistedState, type RaftConfig, type Ready, type Term,
} from '../core/raft/types.ts';
import type { DrawSite, Random } from '../core/random.ts';

/**
 * The Raft contract (core/raft/contract.ts) checked on an implementation raftsim did not write
 * (a user's module, or a known-bad variant loaded the same way): once at load time on a probe
 * node (`probeRaft`: a clear one-line complaint naming what is missing), and on every call
 * during a run (`checkedFactory`: an exception from the implementation, or effects that break
 * the contract, become a failure naming the implementation and, when the stack shows it, the
 * line of its source).
 */

/** Every method of the contract, in the order the doc lists them. */
export const RAFT_METHODS = [
  'step', 'propose', 'snapshot', 'ready', 'status', 'termAt', 'entries', 'persistedSize',
] as const;

const ROLES = new Set(['follower', 'candidate', 'leader']);
const MESSAGE_TYPES = new Set(['RequestVote', 'RequestVoteReply', 'AppendEntries',
  'AppendEntriesReply', 'InstallSnapshot', 'InstallSnapshotReply']);
const STATUS_NUMBERS = ['id', 'term', 'votedFor', 'leader', 'commitIndex', 'lastApplied',
  'snapshotIndex', 'snapshotTerm', 'lastIndex', 'lastTerm'] as const;

/** Who an implementation is, for messages, and how to find its lines in a stack trace. */
export interface ImplIdentity {
  /** How messages name it: `./raft.ts`, `the known-bad variant 'x'`. */
  readonly who: string;
  /** Maps a stack frame's file URL to a short name (`raft.ts`) if the file is its source. */
  readonly sourceOf?: (fileUrl: string) => string | null;
}

/** A problem with an implementation found at load time: one line, exit 2 (the CLI's caller). */
export class ContractError extends Error {
  override name = 'ContractError';
}

/** The first line of a value's description, for messages: `undefined`, `a number (3)`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'undefined') return 'undefined';
  const text = JSON.stringify(v) ?? String(v);
  return `a ${typeof v} (${text.length > 40 ? `${text.slice(0, 40)}...` : text})`;
}

/** `TypeError: x is undefined (raft.ts:42)`: an exception as one line, with its source line. */
export function errorText(e: unknown, id: ImplIdentity): string {
  if (!(e instanceof Error)) return `${describeValue(e)} (thrown)`;
  const first = e.message.split('\n')[0] ?? '';
  const at = id.sourceOf === undefined ? null : sourceLine(e, id.sourceOf);
  return `${e.name}: ${first}${at === null ? '' : ` (${at})`}`;
}

/** The first frame of `e`'s stack in the implementation's own files: `raft.ts:42`. */
function sourceLine(e: Error, sourceOf: (fileUrl: string) => string | null): string | null {
  for (const line of (e.stack ?? '').split('\n').slice(1)) {
    const m = /((?:file:\/\/)?\/[^\s()]+?):(\d+):\d+\)?\s*$/.exec(line);
    if (m === null) continue;
    const url = m[1]!.startsWith('file:') ? m[1]! : `file://${m[1]}`;
    const name = sourceOf(url.replace(/\?.*$/, ''));
    if (name !== null) return `${name}:${m[2]}`;
  }
  return null;
}

/** An exception of the implementation during a run: fails the run as kind 'assertion'. */
export function implFailure(id: ImplIdentity, what: string, e: unknown): AssertionError {
  // raftsim's own assertions (a known-bad variant is the real code with one rule replaced)
  // already say what broke; they fail the run exactly as they do on the real implementation.
  if (e instanceof AssertionError) return e;
  return new AssertionError(`${id.who}: ${what} threw ${errorText(e, id)}`);
}

const EMPTY: PersistedState = { raftState: new Uint8Array(0), snapshot: new Uint8Array(0) };

/** A Random for the probe node: every draw is the site's benign value, as a calm run's. */
const PROBE_RANDOM: Random = {
  below(n: number, site?: DrawSite): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`random.below(${n}): n must be a ` +
      'positive integer');
    return Math.min(site?.benign ?? 0, n - 1);
  },
};

/**
 * Builds one fresh node (server 0 of 3, the default timing) and checks it: that the factory
 * returns an object, that it has every method of the contract, and that `status()`,
 * `persistedSize()` and its first `ready()` are well formed. Throws ContractError.
 */
export function probeRaft(factory: RaftFactory, id: ImplIdentity, name: string): void {
  const config: RaftConfig = { id: 0, peers: [0, 1, 2], ...DEFAULT_TIMING };
  const call = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new ContractError(`${id.who}: ${what} threw ${errorText(e, id)}`);
    }
  };
  const node = call(`${name}() (building a fresh node)`,
    () => factory(config, PROBE_RANDOM, EMPTY)) as unknown;
  if (typeof node !== 'object' || node === null) {
    throw new ContractError(`${id.who}: ${name}() returned ${describeValue(node)}, not a Raft ` +
      `node (an object with ${RAFT_METHODS.join(', ')})`);
  }
  const missing = RAFT_METHODS.filter((m) => typeof (node as Record<string, unknown>)[m] !==
    'function');
  if (missing.length > 0) {
    const s = missing.length === 1 ? '' : 's';
    throw new ContractError(`${id.who}: the node ${name}() builds has no ${missing.join(', ')} ` +
      `method${s} (the Raft contract has ${RAFT_METHODS.join(', ')})`);
  }
  const raft = node as Raft;
  const complain = (what: string, problem: string | null): void => {
    if (problem !== null) throw new ContractError(`${id.who}: ${what} of a fresh node ${problem}`);
  };
  complain('status()', statusProblem(call('status()', () => raft.status()), config));
  const size = call('persistedSize()', () => raft.persistedSize());
  complain('persistedSize()', typeof size === 'number' && size >= 0 ? null
    : `returned ${describeValue(size)}, not a size in bytes`);
  complain('the first ready()', readyProblem(call('ready()', () => raft.ready()), config));
}

/** What is wrong with a status() result, or null. */
export function statusProblem(s: unknown, config: RaftConfig): string | null {
  if (typeof s !== 'object' || s === null) return `returned ${describeValue(s)}, not a NodeStatus`;
  const o = s as Record<string, unknown>;
  if (!ROLES.has(o.role as string)) {
    return `has role ${describeValue(o.role)}, not 'follower', 'candidate' or 'leader'`;
  }
  for (const k of STATUS_NUMBERS) {
    if (typeof o[k] !== 'number' || !Number.isInteger(o[k])) {
      return `has ${k} ${describeValue(o[k])}, not a whole number`;
    }
  }
  if (o.id !== config.id) return `has id ${o.id}, but it was built as server ${config.id}`;
  return null;
}

/** What is wrong with a ready() result (its shape and its messages' addresses), or null. */
export function readyProblem(r: unknown, config: RaftConfig): string | null {
  if (typeof r !== 'object' || r === null) return `returned ${describeValue(r)}, not a Ready`;
  const o = r as Record<string, unknown>;
  for (const k of ['logWrites', 'messages', 'apply'] as const) {
    if (!Array.isArray(o[k])) return `has ${k} ${describeValue(o[k])}, not an array`;
  }
  const persist = persistProblem(o.persist);
  if (persist !== null) return persist;
  const t = o.timer as Record<string, unknown> | null | undefined;
  if (t !== null && (typeof t !== 'object' || typeof t.afterMs !== 'number' ||
    !Number.isFinite(t.afterMs) || t.afterMs < 0 || typeof t.gen !== 'number')) {
    return `has timer ${describeValue(t)}, not null or { afterMs >= 0, gen }`;
  }
  for (const m of o.messages as unknown[]) {
    const problem = messageProblem(m, config);
    if (problem !== null) return `sends ${problem}`;
  }
  return null;
}

/**
 * A save must be null or { raftState, snapshot }, its raftState in raftsim's encoding (built by
 * persistedState(), which also carries the decoded fields as `hard`): the durability check
 * reads a crashed server's last save. A lazy save (with `hard`) is not encoded here.
 */
function persistProblem(p: unknown): string | null {
  if (p === null) return null;
  const o = p as Record<string, unknown>;
  const shape = `has persist ${describeValue(p)}, not null or { raftState, snapshot } ` +
    '(Uint8Arrays)';
  if (typeof p !== 'object' || !(o.snapshot instanceof Uint8Array)) return shape;
  if (o.hard !== undefined) return null;
  const bytes = o.raftState;
  if (!(bytes instanceof Uint8Array)) return shape;
  if (bytes.length === 0) return null;
  try {
    decodeHardState(bytes);
    return null;
  } catch {
    return 'saves a raftState that is not raftsim\'s encoding of the raft state (build saves ' +
      "with persistedState() from 'raftsim': the durability check reads them)";
  }
}

function messageProblem(m: unknown, config: RaftConfig): string | null {
  if (typeof m !== 'object' || m === null) return `${describeValue(m)} as a message`;
  const o = m as Record<string, unknown>;
  if (!MESSAGE_TYPES.has(o.type as string)) return `a message of type ${describeValue(o.type)}`;
  if (o.from !== config.id) return `a ${o.type} from ${o.from}, but it is server ${config.id}`;
  if (o.to === config.id || !config.peers.includes(o.to as number)) {
    return `a ${o.type} to ${describeValue(o.to)}, not one of its peers`;
  }
  if (typeof o.term !== 'number') return `a ${o.type} with term ${describeValue(o.term)}`;
  return null;
}

/**
 * The factory, checked on every call: exceptions and broken effects become failures naming the
 * implementation (see CheckedRaft). `name` is the export's name, for messages.
 */
export function checkedFactory(factory: RaftFactory, id: ImplIdentity, name: string):
  RaftFactory {
  return (config, random, persisted) => {
    let node: Raft;
    try {
      node = factory(config, random, persisted);
    } catch (e) {
      throw implFailure(id, `${name}() (building server ${config.id})`, e);
    }
    return new CheckedRaft(node, id, config);
  };
}

/**
 * A node of an implementation under check. Each call goes through to it; an exception becomes
 * an AssertionError naming the implementation; `ready()` is checked for its shape and for the
 * contract's "one reply per request": a request stepped must be answered, once, to its sender,
 * before the node's effects run dry.
 */
export class CheckedRaft implements Raft {
  /** The request stepped last and not answered yet. */
  private owed: Message | null = null;

  /** The contract's optional accessor, offered only when the implementation offers it. */
  readonly matchIndexOf?: (peer: NodeId) => LogIndex | undefined;

  constructor(private readonly node: Raft, private readonly id: ImplIdentity,
    private readonly config: RaftConfig) {
    if (typeof node.matchIndexOf === 'function') {
      this.matchIndexOf = (peer) => {
        const m = this.call(`matchIndexOf(${peer})`, () => node.matchIndexOf!(peer));
        if (m !== undefined && typeof m !== 'number') {
          this.fail(`matchIndexOf(${peer}) returned ${describeValue(m)}, not an index or ` +
            'undefined');
        }
        return m;
      };
    }
  }

  private fail(message: string): never {
    throw new AssertionError(`${this.id.who}: server ${this.config.id}: ${message}`);
  }

  private call<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw implFailure(this.id, `server ${this.config.id}: ${what}`, e);
    }
  }

  step(input: Input): void {
    const what = input.type === 'timeout' ? 'step(timeout)'
      : `step(${input.message.type} from ${input.message.from})`;
    this.call(what, () => this.node.step(input));
    if (input.type === 'message' && isRequest(input.message)) this.owed = input.message;
  }

  propose(command: Uint8Array): { index: LogIndex; term: Term } | null {
    return this.call('propose()', () => this.node.propose(command));
  }

  snapshot(index: LogIndex, data: Uint8Array): void {
    this.call(`snapshot(${index})`, () => this.node.snapshot(index, data));
  }

  ready(): Ready {
    const r = this.call('ready()', () => this.node.ready());
    const problem = readyProblem(r, this.config);
    if (problem !== null) this.fail(`ready() ${problem}`);
    this.checkReplies(r);
    return r;
  }

  private checkReplies(r: Ready): void {
    for (const m of r.messages) {
      if (isRequest(m)) continue;
      const owed = this.owed;
      if (owed === null || owed.from !== m.to || `${owed.type}Reply` !== m.type) {
        this.fail(`ready() sends a ${m.type} to ${m.to} that answers no request it was ` +
          `stepped${owed === null ? '' : ` (it owes a reply to ${owed.type} from ${owed.from})`}`);
      }
      this.owed = null;
    }
    const empty = r.messages.length === 0 && r.apply.length === 0 && r.persist === null &&
      r.timer === null && r.logWrites.length === 0;
    if (empty && this.owed !== null) {
      const m = this.owed;
      this.owed = null;
      this.fail(`${m.type} from ${m.from} (term ${m.term}) got no reply: every request ` +
        'must be answered once, in the ready() that follows the step()');
    }
  }

  status(): NodeStatus {
    const s = this.call('status()', () => this.node.status());
    const problem = statusProblem(s, this.config);
    if (problem !== null) this.fail(`status() ${problem}`);
    return s;
  }

  termAt(index: LogIndex): Term | undefined {
    const t = this.call(`termAt(${index})`, () => this.node.termAt(index));
    if (t !== undefined && typeof t !== 'number') {
      this.fail(`termAt(${index}) returned ${describeValue(t)}, not a term or undefined`);
    }
    return t;
  }

  entries(from: LogIndex, to: LogIndex): readonly Entry[] {
    const e = this.call(`entries(${from}, ${to})`, () => this.node.entries(from, to));
    if (!Array.isArray(e)) this.fail(`entries(${from}, ${to}) returned ${describeValue(e)}`);
    return e;
  }

  persistedSize(): number {
    const n = this.call('persistedSize()', () => this.node.persistedSize());
    if (typeof n !== 'number') this.fail(`persistedSize() returned ${describeValue(n)}`);
    return n;
  }
}
