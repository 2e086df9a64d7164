import type { RunFailure, RunResult } from '../sim/runner.ts';
import type { Implementation } from './impl.ts';
import { shellQuote } from './shell.ts';

/** What the CLI keeps of a run: its result without the client histories, and its wall time. */
export interface TimedResult extends Omit<RunResult, 'histories' | 'recording'> {
  readonly wallMs: number;
  /** The known-bad variant the run used, if any. */
  readonly bug?: string | undefined;
  /** The schedule file that drove the run, if any (else the seed did). */
  readonly schedule?: string | undefined;
  /** The user's modules the run used (--impl, --kv-impl), if any. */
  readonly impl?: { readonly raft: string | null; readonly kv: string | null } | undefined;
}

/** Drops the run's histories (a long `run` would otherwise keep every client history). */
export function timed(r: RunResult, wallMs: number, bug: string | undefined,
  schedule?: string, impl?: Implementation): TimedResult {
  const { histories: _, recording: __, ...rest } = r;
  const modules = impl === undefined || (impl.raft === null && impl.kv === null) ? undefined
    : { raft: impl.raft?.path ?? null, kv: impl.kv?.path ?? null };
  return { ...rest, wallMs, bug, schedule, impl: modules };
}

/** The flags that chose the run's implementation (`--bug x`, `--impl ./raft.ts`), quoted. */
function implFlags(r: TimedResult): string {
  const words: string[] = [];
  if (r.bug !== undefined) words.push('--bug', r.bug);
  if (r.impl?.raft != null) words.push('--impl', r.impl.raft);
  if (r.impl?.kv != null) words.push('--kv-impl', r.impl.kv);
  return words.map((w) => ` ${shellQuote(w)}`).join('');
}

/** The exact command that replays a run. */
export function replayCommand(r: TimedResult): string {
  if (r.schedule !== undefined) {
    return `npx raftsim replay ${r.scenario} --schedule ${shellQuote(r.schedule)}`;
  }
  return `npx raftsim replay ${r.scenario} --seed ${r.seed}${implFlags(r)}`;
}

/** The exact command that shrinks a failing seed run (a schedule's run is shrunk already). */
export function shrinkCommand(r: TimedResult): string | null {
  if (r.schedule !== undefined) return null;
  return `npx raftsim shrink ${r.scenario} --seed ${r.seed}${implFlags(r)}`;
}

export function resultLine(r: TimedResult, idWidth: number): string {
  const head = [
    r.ok ? 'PASS' : 'FAIL', r.scenario.padEnd(idWidth), `seed=${r.seed}`.padEnd(10),
    `virtual=${(r.simMs / 1000).toFixed(1)}s`.padEnd(15),
    `wall=${Math.round(r.wallMs)}ms`.padEnd(11),
    `rpcs=${r.rpcs}`.padEnd(11), `trace=${r.traceHash}`,
  ].join(' ');
  if (r.failure === null) return head;
  const shrink = shrinkCommand(r);
  return `${head}\n     ${failureText(r.failure)}\n     replay: ${replayCommand(r)}` +
    (shrink === null ? '' : `\n     shrink: ${shrink}`);
}

/**
 * What failed, when (virtual time, and the event number `replay` prints on each trace line),
 * and why: "check 'X' failed", "safety check 'Leader Completeness' failed", "assertion
 * failed", "run stopped (time limit)", "harness error".
 */
export function failureText(f: RunFailure): string {
  const what = f.kind === 'check' ? `check '${f.check}' failed`
    : f.kind === 'safety' ? `safety check '${f.check}' failed`
      : f.kind === 'assertion' ? 'assertion failed'
        : f.kind === 'limit' ? `run stopped (${f.check})` : f.check;
  return `${what} at ${(f.atMs / 1000).toFixed(3)} s (event ${f.event}): ${f.message}`;
}

export function jsonLine(r: TimedResult): string {
  return JSON.stringify({
    scenario: r.scenario, seed: r.seed, bug: r.bug ?? null,
    ...(r.impl === undefined ? {} : { impl: r.impl.raft, kvImpl: r.impl.kv }),
    ok: r.ok, simMs: r.simMs,
    wallMs: Math.round(r.wallMs),
    rpcs: r.rpcs, bytes: r.bytes, events: r.events, traceHash: r.traceHash,
    failure: r.failure === null ? null
      : { ...r.failure, replay: replayCommand(r), shrink: shrinkCommand(r) },
  });
}

/**
 * The group a scenario belongs to in summaries: its family prefix and course part (3A, 4B...),
 * or just the family for families without parts (cpp/, paper/).
 */
export function groupOf(id: string): string {
  const slash = id.lastIndexOf('/');
  const family = slash === -1 ? '' : id.slice(0, slash + 1);
  const part = /(\d[A-D])$/.exec(id)?.[1];
  return part === undefined ? (family || 'other') : family + part;
}

export function summaryLine(results: readonly TimedResult[]): string {
  const passed = results.filter((r) => r.ok).length;
  const wallMs = results.reduce((a, r) => a + r.wallMs, 0);
  const simMs = results.reduce((a, r) => a + r.simMs, 0);
  const ratio = wallMs > 0 ? Math.round(simMs / wallMs) : 0;
  return `${passed} passed, ${results.length - passed} failed: ${(simMs / 1000).toFixed(1)} s of ` +
    `virtual time in ${(wallMs / 1000).toFixed(2)} s of wall time (${ratio}x real time)`;
}

/** The table `npm start` prints: one row per course part, then the total. */
export function summaryTable(results: readonly TimedResult[]): string {
  const groups = new Map<string, TimedResult[]>();
  for (const r of results) {
    const g = groupOf(r.scenario);
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const rows = [['part', 'runs', 'passed', 'failed', 'virtual', 'wall', 'RPCs']];
  const row = (name: string, rs: readonly TimedResult[]): string[] => {
    const passed = rs.filter((r) => r.ok).length;
    return [name, String(rs.length), String(passed), String(rs.length - passed),
      `${(rs.reduce((a, r) => a + r.simMs, 0) / 1000).toFixed(1)} s`,
      `${Math.round(rs.reduce((a, r) => a + r.wallMs, 0))} ms`,
      String(rs.reduce((a, r) => a + r.rpcs, 0))];
  };
  const names = [...groups.keys()].sort();
  for (const g of names) rows.push(row(g, groups.get(g)!));
  rows.push(row('total', results));
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const pad = (cell: string, c: number): string =>
    (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!));
  return rows.map((r) => r.map(pad).join('  ')).join('\n');
}
