import type { RecordedDecision } from './recorder.ts';
import type { RunFailure } from './runner.ts';
import { Schedule, type DataLists } from './schedule.ts';

/**
 * The schedule file (docs/shrinking.md): a JSON object that replays one run exactly.
 *
 *   { "raftsim": "schedule", "version": 1, "scenario": "paper/Figure8", "seed": 1,
 *     "bug": "commit-prior-term-by-count" | null,
 *     "impl": { "path": "./raft.ts", "hash": "<hex>" } (only for --impl runs; "kvImpl" too),
 *     "fingerprint": "<hex>",
 *     "failure": { "kind": "safety", "check": "Leader Completeness", "signature": "...",
 *                  "message": "...", "atMs": 11065 } | null,
 *     "decisions": [ { "stream": "net 0>2", "site": "request loss", "at": 2110, "nth": 0,
 *                      "value": 1, "label": "AppendEntries request s0>s2 lost", "ms": 2110 }, ...],
 *     "data": { "scenario": { "value": [ 17, 52, ... ] } },
 *     "shrunk": { "runs": 812, "from": 4306 } | null }
 *
 * Decisions not listed are benign; data not listed comes from the seed. The fingerprint names
 * the code that made the file (a hash of the simulator's sources): a file made by other code
 * would silently replay a different run, so replaying it is refused.
 *
 * A run on a user's own Raft or KV service (`--impl FILE`, `--kv-impl FILE`) also records that
 * module: `"impl": { "path": "./raft.ts", "hash": "<hex>" }` (and `"kvImpl"`), the path as
 * given and a hash of its source; both fields are left out for raftsim's own implementations.
 * Replay loads the module again and refuses it if its source hash changed, like stale code.
 */
export const SCHEDULE_FORMAT = 'schedule';
export const SCHEDULE_VERSION = 1;

export interface ScheduleFailure {
  readonly kind: RunFailure['kind'];
  readonly check: string;
  /** What a replay must fail with to reproduce it (see failureSignature). */
  readonly signature: string;
  readonly message: string;
  readonly atMs: number;
}

export interface FileDecision {
  readonly stream: string;
  readonly site: string;
  readonly at: number;
  readonly nth: number;
  readonly value: number;
  readonly label: string;
  /** When it was drawn (virtual ms), for the reader. */
  readonly ms: number;
}

/** A user's module a run was made on: its path as given, and a hash of its source. */
export interface FileModule {
  readonly path: string;
  readonly hash: string;
}

export interface ScheduleFile {
  readonly raftsim: typeof SCHEDULE_FORMAT;
  readonly version: typeof SCHEDULE_VERSION;
  readonly scenario: string;
  readonly seed: number;
  readonly bug: string | null;
  /** The user's Raft module (--impl), if the run used one. */
  readonly impl?: FileModule | null;
  /** The user's KV service module (--kv-impl), if the run used one. */
  readonly kvImpl?: FileModule | null;
  readonly fingerprint: string;
  readonly failure: ScheduleFailure | null;
  readonly decisions: readonly FileDecision[];
  readonly data: DataLists;
  readonly shrunk: { readonly runs: number; readonly from: number } | null;
  /**
   * A generated run's spec (scenario `explore`; scenarios/explore/spec.ts validates it): the
   * scenario is rebuilt from it. Absent for the named scenarios.
   */
  readonly spec?: unknown;
}

/** A malformed, foreign or stale schedule file: one line for the user. */
export class ScheduleFileError extends Error {
  override name = 'ScheduleFileError';
}

export function fileDecisions(recorded: readonly RecordedDecision[]): FileDecision[] {
  return recorded.map(({ stream, site, at, nth, value, label, ms }) =>
    ({ stream, site, at, nth, value, label, ms }));
}

export function scheduleOf(file: ScheduleFile): Schedule {
  return new Schedule(file.decisions, file.data);
}

/** The file's text: one decision per line, so that a diff of two files reads well. */
export function encodeScheduleFile(f: ScheduleFile): string {
  const head = { ...f, impl: f.impl ?? undefined, kvImpl: f.kvImpl ?? undefined,
    decisions: undefined, data: undefined };
  const lines = Object.entries(head).filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const decisions = f.decisions.map((d) => `    ${JSON.stringify(d)}`).join(',\n');
  lines.push(`  "decisions": [${decisions === '' ? '' : `\n${decisions}\n  `}]`);
  lines.push(`  "data": ${JSON.stringify(f.data)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** Parse and validate; every problem is a ScheduleFileError naming the file and the field. */
export function decodeScheduleFile(text: string, name: string): ScheduleFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScheduleFileError(`${name}: not valid JSON (${(e as Error).message})`);
  }
  const v = new Validator(name);
  const o = v.object(raw, 'the file');
  // What the file is, and which version, before its fields: a foreign file or a newer format
  // is named as such, not as an unknown field.
  if (o.raftsim !== SCHEDULE_FORMAT) {
    v.fail(`not a raftsim schedule file ("raftsim": "${SCHEDULE_FORMAT}" missing)`);
  }
  if (o.version !== SCHEDULE_VERSION) {
    v.fail(`schedule format version ${JSON.stringify(o.version)} is not supported ` +
      `(this raftsim reads version ${SCHEDULE_VERSION})`);
  }
  v.keys(o, 'the file', ['raftsim', 'version', 'scenario', 'seed', 'bug', 'impl', 'kvImpl',
    'fingerprint', 'failure', 'decisions', 'data', 'shrunk', 'spec'],
  ['shrunk', 'impl', 'kvImpl', 'spec']);
  const decisions = v.array(o.decisions, 'decisions').map((d, i) => v.decision(d, i));
  return {
    raftsim: SCHEDULE_FORMAT, version: SCHEDULE_VERSION,
    scenario: v.string(o.scenario, 'scenario'), seed: v.int(o.seed, 'seed', 0),
    bug: o.bug === null ? null : v.string(o.bug, 'bug'),
    impl: o.impl === undefined || o.impl === null ? null : v.module(o.impl, 'impl'),
    kvImpl: o.kvImpl === undefined || o.kvImpl === null ? null : v.module(o.kvImpl, 'kvImpl'),
    fingerprint: v.string(o.fingerprint, 'fingerprint'),
    failure: o.failure === null ? null : v.failure(o.failure),
    decisions, data: v.data(o.data),
    shrunk: o.shrunk === null || o.shrunk === undefined ? null : v.shrunk(o.shrunk),
    ...(o.spec === undefined ? {} : { spec: v.object(o.spec, 'spec') }),
  };
}

const FAILURE_KINDS = ['check', 'safety', 'assertion', 'limit', 'error'] as const;

class Validator {
  constructor(private readonly name: string) {}

  fail(what: string): never {
    throw new ScheduleFileError(`${this.name}: ${what}`);
  }

  object(x: unknown, what: string): Record<string, unknown> {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      this.fail(`${what}: not an object`);
    }
    return x as Record<string, unknown>;
  }

  keys(o: Record<string, unknown>, what: string, allowed: readonly string[],
    optional: readonly string[] = ['shrunk']): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail(`${what}: unknown field "${k}"`);
    }
    for (const k of allowed) {
      if (!(k in o) && !optional.includes(k)) this.fail(`${what}: field "${k}" is missing`);
    }
  }

  array(x: unknown, what: string): unknown[] {
    if (!Array.isArray(x)) this.fail(`${what}: not an array`);
    return x;
  }

  string(x: unknown, what: string): string {
    if (typeof x !== 'string' || x === '') this.fail(`${what}: not a non-empty string`);
    return x;
  }

  int(x: unknown, what: string, min: number): number {
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) {
      this.fail(`${what}: not an integer >= ${min}`);
    }
    return x;
  }

  time(x: unknown, what: string): number {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
      this.fail(`${what}: not a time >= 0 (ms)`);
    }
    return x;
  }

  decision(x: unknown, i: number): FileDecision {
    const what = `decisions[${i}]`;
    const o = this.object(x, what);
    this.keys(o, what, ['stream', 'site', 'at', 'nth', 'value', 'label', 'ms'], []);
    return {
      stream: this.string(o.stream, `${what}.stream`), site: this.string(o.site, `${what}.site`),
      at: this.time(o.at, `${what}.at`), nth: this.int(o.nth, `${what}.nth`, 0),
      value: this.int(o.value, `${what}.value`, 1), label: this.string(o.label, `${what}.label`),
      ms: this.time(o.ms, `${what}.ms`),
    };
  }

  failure(x: unknown): ScheduleFailure {
    const o = this.object(x, 'failure');
    this.keys(o, 'failure', ['kind', 'check', 'signature', 'message', 'atMs'], []);
    const kind = o.kind as ScheduleFailure['kind'];
    if (!FAILURE_KINDS.includes(kind)) {
      this.fail(`failure.kind: not one of ${FAILURE_KINDS.join(', ')}`);
    }
    return {
      kind, check: this.string(o.check, 'failure.check'),
      signature: this.string(o.signature, 'failure.signature'),
      message: typeof o.message === 'string' ? o.message
        : this.fail('failure.message: not a string'),
      atMs: this.time(o.atMs, 'failure.atMs'),
    };
  }

  data(x: unknown): DataLists {
    const out: Record<string, Record<string, number[]>> = {};
    for (const [stream, sites] of Object.entries(this.object(x, 'data'))) {
      out[stream] = {};
      for (const [site, list] of Object.entries(this.object(sites, `data["${stream}"]`))) {
        const what = `data["${stream}"]["${site}"]`;
        out[stream][site] = this.array(list, what).map((n) => this.int(n, `${what} entry`, 0));
      }
    }
    return out;
  }

  module(x: unknown, what: string): FileModule {
    const o = this.object(x, what);
    this.keys(o, what, ['path', 'hash'], []);
    return { path: this.string(o.path, `${what}.path`), hash: this.string(o.hash, `${what}.hash`) };
  }

  shrunk(x: unknown): { runs: number; from: number } {
    const o = this.object(x, 'shrunk');
    this.keys(o, 'shrunk', ['runs', 'from'], []);
    return { runs: this.int(o.runs, 'shrunk.runs', 0), from: this.int(o.from, 'shrunk.from', 0) };
  }
}
