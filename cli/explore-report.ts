import type { Coverage, RunOutcome, Verdict } from '../scenarios/explore/engine.ts';
import type { ExploreSpec } from '../scenarios/explore/spec.ts';
import type { RunFailure } from '../sim/runner.ts';
import { failureSignature } from '../sim/shrink.ts';
import { failureText } from './report.ts';
import { shellQuote } from './shell.ts';

/** One failing (or undecided) run as the summary lists it. */
export interface FailureRow {
  /** `run 17`, or a corpus file's path. */
  readonly what: string;
  readonly verdict: Verdict;
  readonly failure: RunFailure;
  readonly file: string | null;
  readonly decisions: number | null;
  readonly index: number | null;
}

/** Coverage summed over runs: each number a total. */
export type CoverageTotals = Omit<Coverage, 'injected' | 'net'> & {
  injected: Coverage['injected'];
  net: Coverage['net'];
};

/** Sums outcomes; what the summary prints. */
export class Tally {
  runs = 0;
  readonly verdicts: Record<Verdict, number> = { pass: 0, fail: 0, undecided: 0 };
  readonly regressions: Record<Verdict, number> = { pass: 0, fail: 0, undecided: 0 };
  coverage: CoverageTotals | null = null;
  readonly rows: FailureRow[] = [];
  /** The indices of the runs made, in order (for --time: how to repeat them). */
  readonly indices: number[] = [];
  /** Each run made, as --json lists it: `index verdict traceHash`. */
  readonly made: string[] = [];

  add(o: RunOutcome): void {
    this.runs += 1;
    this.indices.push(o.index);
    this.made.push(`${o.index} ${o.verdict} ${o.traceHash}`);
    this.verdicts[o.verdict] += 1;
    this.coverage = this.coverage === null ? clone(o.coverage) : sum(this.coverage, o.coverage);
  }

  regression(verdict: Verdict): void {
    this.regressions[verdict] += 1;
  }
}

function clone(c: Coverage): CoverageTotals {
  return { ...c, injected: { ...c.injected }, net: { ...c.net } };
}

function sum(into: CoverageTotals, c: Coverage): CoverageTotals {
  for (const k of Object.keys(c) as (keyof Coverage)[]) {
    if (k === 'injected' || k === 'net') continue;
    (into[k] as number) += c[k];
  }
  for (const k of Object.keys(c.injected) as (keyof Coverage['injected'])[]) {
    into.injected[k] += c.injected[k];
  }
  for (const k of Object.keys(c.net) as (keyof Coverage['net'])[]) into.net[k] += c.net[k];
  return into;
}

/** `3 servers, 2 clients x 5 ops (appends), snapshots, 4 fault events` */
export function specText(s: ExploreSpec): string {
  const events = Object.values(s.faults).reduce((n, l) => n + l.length, 0);
  const w = s.workload;
  return `${s.servers} servers, ${w.clients} client${w.clients === 1 ? '' : 's'} x ${w.ops} ` +
    `ops (${w.api})${s.maxraftstate > 0 ? ', snapshots' : ''}, ${events} fault event` +
    `${events === 1 ? '' : 's'}`;
}

export function replayLine(file: string): string {
  return `npx raftsim replay explore --schedule ${shellQuote(file)}`;
}

/** The lines of a failing or undecided generated run. */
export function outcomeLines(o: RunOutcome, seed: number, saved: string | null): string[] {
  const head = o.verdict === 'undecided' ? 'UNDECIDED' : 'FAIL';
  const lines = [`${head} run ${o.index} (seed ${seed}): ${failureText(o.failure!)}`];
  if (o.shrunk !== null) {
    const m = o.shrunk.minimality.kind === '1-minimal' ? '1-minimal'
      : 'the shrink budget ran out';
    lines.push(`     shrunk to ${o.shrunk.decisions.length} non-benign decisions (${m}; from ` +
      `${o.shrunk.from}) in ${o.shrunk.runs} runs: ${specText(o.shrunk.spec)}`);
    // A shrink may end in a failure it counts as the same (oracles.ts shrinkClass): say which.
    const f = o.shrunk.failure;
    if (failureSignature(f) !== failureSignature(o.failure!)) {
      lines.push(`     the shrunk run fails with check '${f.check}' (the same failure for a ` +
        'shrink: docs/shrinking.md)');
    }
  }
  if (saved !== null) {
    lines.push(`     saved ${saved}`, `     replay: ${replayLine(saved)}`);
  } else if (o.verdict === 'undecided') {
    lines.push(`     spec: ${JSON.stringify(o.spec)}`);
  }
  return lines;
}

/** The summary: verdicts, speed, and coverage. */
export function summaryLines(t: Tally, wallS: number, cpuS: number, what: string): string[] {
  const v = t.verdicts;
  const r = t.regressions;
  const corpus = r.pass + r.fail + r.undecided;
  const lines = [`${t.runs} runs (${what}): ${v.pass} passed, ${v.fail} failed, ${v.undecided} ` +
    `undecided` + (corpus === 0 ? '' : `; corpus: ${corpus} replayed, ${r.pass} passed, ` +
    `${r.fail} failed, ${r.undecided} undecided`)];
  const c = t.coverage;
  const rate = wallS > 0 ? t.runs / wallS : 0;
  lines.push(`${((c?.simMs ?? 0) / 1000).toFixed(1)} s of virtual time in ${wallS.toFixed(1)} s ` +
    `of wall time: ${rate.toFixed(1)} runs/s; ${cpuS.toFixed(1)} s of CPU (all threads)`);
  if (c !== null) lines.push(...coverageLines(c));
  return lines;
}

export function coverageLines(c: CoverageTotals): string[] {
  const i = c.injected;
  const n = c.net;
  return [
    `faults injected: crash ${i.crash}, crash point ${i.crashPoint} (${i.crashPointHit} hit), ` +
      `partition ${i.partition} (one-way ${i.oneWay}, bridge ${i.bridge}), link loss ` +
      `${i.linkLoss}, clog ${i.clog}, pause ${i.pause}, leader churn ${i.churn} (${i.churnKill} ` +
      'leaders crashed)',
    `messages: lost ${n.lost}, delayed ${n.delayed}, held back ${n.held}, duplicated ` +
      `${n.duplicated}, clogged ${n.clogged}`,
    `exercised: elections ${c.elections}, snapshots installed ${c.snapshotsInstalled}, log ` +
      `truncations ${c.truncations}, crashes ${c.crashes}, restarts ${c.restarts}, client ops ` +
      `${c.clientOps}, client retries ${c.clientRetries}`,
  ];
}
