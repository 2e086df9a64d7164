import { performance } from 'node:perf_hooks';
import type { KnownBug } from '../scenarios/bugs/index.ts';
import {
  DEFAULT_DECISION_SHRINK_RUNS, DEFAULT_SPEC_SHRINK_RUNS, verdictOf, type RunOutcome,
} from '../scenarios/explore/engine.ts';
import { EXPLORE_ID } from '../scenarios/explore/scenario.ts';
import { SCHEDULE_FORMAT, SCHEDULE_VERSION } from '../sim/schedule-file.ts';
import { failureSignature } from '../sim/shrink.ts';
import type { Handlers, Io } from './command.ts';
import {
  DEFAULT_CORPUS, DEFAULT_RUNS, type ExploreArgs, type ExploreFlags, type Shard,
} from './commands/explore.ts';
import { Corpus } from './explore-corpus.ts';
import { exploreBlock, type ExploreJobConfig } from './explore-jobs.ts';
import { outcomeLines, replayLine, summaryLines, Tally } from './explore-report.ts';
import { codeFingerprint } from './fingerprint.ts';
import { EXIT_INTERRUPTED, Interrupt } from './interrupt.ts';
import { Progress } from './progress.ts';
import { failureText } from './report.ts';
import { runJobs } from './pool.ts';

/** What `raftsim explore` does (its flags and help: cli/commands/explore.ts). */
export const exploreHandlers: Handlers<ExploreFlags> = { run: explore };

/**
 * Runs per pool job, at most. A generated run takes about 11 ms once compiled; with one run per
 * job the pool's main process spent 1.1-1.4 s of CPU on 3,000 runs, its messages waking it on
 * a core the workers keep busy; with 8, 0.5 s (docs/performance.md).
 */
export const RUNS_PER_JOB = 8;

/**
 * Runs per job for `runs` runs (null: a time budget) on `workers` workers: RUNS_PER_JOB, but
 * small enough that every worker gets several jobs (4 runs on 2 workers: one run per job).
 */
export function runsPerJob(runs: number | null, workers: number): number {
  if (runs === null) return RUNS_PER_JOB;
  return Math.max(1, Math.min(RUNS_PER_JOB, Math.floor(runs / (4 * workers))));
}

/**
 * The runs of this call, in blocks of `perJob` runs (one pool job each): shard order, up to
 * --runs or the --time budget. Its runs 0, 1, 2, ... are the run numbers I-1, I-1+N, I-1+2N,
 * ... of shard I/N; block k holds its runs k*perJob onwards (fewer in the last block, or where
 * the budget ends). The budget is asked before each run as a block is made, so a --time call
 * ends at most a block past it.
 */
class Plan {
  /** Runs handed out so far: the call's runs 0..next-1. */
  private next = 0;
  private made = 0;

  constructor(private readonly shard: Shard, private readonly runs: number | null,
    private readonly deadline: number | null, private readonly clock: () => number,
    private readonly perJob: number) {}

  /** The next block's position, or undefined once the runs or the time are spent. */
  take(): number | undefined {
    const start = this.next;
    while (this.next - start < this.perJob && !this.over()) this.next += 1;
    return this.next === start ? undefined : this.made++;
  }

  /**
   * The run numbers of block `position`. Only the last block made can be short (once the runs
   * or the time are spent they stay spent), so block k starts at run k * perJob.
   */
  job(position: number): number[] {
    const start = position * this.perJob;
    const end = Math.min(start + this.perJob, this.next);
    return Array.from({ length: end - start }, (_, i) => this.run(start + i));
  }

  private over(): boolean {
    return this.runs !== null ? this.run(this.next) >= this.runs : this.clock() >= this.deadline!;
  }

  /** The run number of the call's run `i`. */
  private run(i: number): number {
    return this.shard.index - 1 + i * this.shard.of;
  }
}

async function explore(p: ExploreArgs, io: Io): Promise<number> {
  const clock = io.clock ?? (() => performance.now());
  const seed = p.flags.seed ?? 1;
  const bug = p.flags.bug ?? null;
  const shard = p.flags.shard ?? { index: 1, of: 1 };
  const say = p.flags.json ? io.err : io.out;
  const corpus = Corpus.open(p.flags.corpus ?? DEFAULT_CORPUS, p.flags.corpus !== undefined,
    io.err);
  const config: ExploreJobConfig = { seed, bug: bug?.id ?? null,
    specShrinkRuns: DEFAULT_SPEC_SHRINK_RUNS, decisionShrinkRuns: DEFAULT_DECISION_SHRINK_RUNS };
  const runs = p.flags.time === undefined ? p.flags.runs ?? DEFAULT_RUNS : null;
  say(headLine(p, seed, bug, shard, runs));
  const tally = new Tally();
  const t0 = clock();
  const cpu0 = process.cpuUsage();
  replayCorpus(corpus, bug, tally, say);
  const interrupt = Interrupt.watch();
  const total = runs === null ? null : Math.ceil(Math.max(0, runs - shard.index + 1) / shard.of);
  const workers = p.flags.workers ?? 1;
  const plan = new Plan(shard, runs, p.flags.time === undefined ? null : t0 + p.flags.time, clock,
    runsPerJob(total, workers));
  const progress = new Progress(p.flags.json ? null : io.tty,
    { total: total ?? Infinity, unit: 'runs', now: io.clock });
  let stopped = false;
  let workerCpuS = 0;
  try {
    ({ stopped, workerCpuS } = await runJobs({
      kind: 'explore', data: config, take: () => plan.take(), job: (position) => plan.job(position),
      here: (runs) => exploreBlock(config, runs),
      emit: (_position, outcomes) => {
        for (const o of outcomes) {
          tally.add(o);
          if (o.verdict !== 'pass') progress.above(() => failed(o, seed, bug, corpus, tally, say));
        }
        progress.update({ done: tally.runs, failed: tally.verdicts.fail });
      },
      stop: () => interrupt.requested(),
    }, workers));
  } finally {
    interrupt.stop();
    progress.end();
  }
  const wallS = (clock() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // This process's CPU time and its worker processes' (--workers K): every thread of the call.
  report(p, io, tally, { seed, shard, bug, wallS, cpuS: (cpu.user + cpu.system) / 1e6 + workerCpuS,
    stopped, timed: runs === null });
  if (stopped) return EXIT_INTERRUPTED;
  const bad = tally.verdicts.fail + tally.regressions.fail;
  if (bad > 0) return 1;
  return tally.verdicts.undecided + tally.regressions.undecided > 0 ? 3 : 0;
}

function headLine(p: ExploreArgs, seed: number, bug: KnownBug | null, shard: Shard,
  runs: number | null): string {
  const which = runs === null ? `runs 0, 1, 2, ... for ${p.argv[p.argv.indexOf('--time') + 1]}`
    : `runs 0..${runs - 1}`;
  const sharded = shard.of === 1 ? '' : ` (shard ${shard.index}/${shard.of})`;
  const impl = bug === null ? 'the real implementation'
    : `the known-bad variant '${bug.id}' (${bug.layer} layer)`;
  return `explore: seed ${seed}, ${which}${sharded}, on ${impl}, ` +
    `${p.flags.workers ?? 1} worker${(p.flags.workers ?? 1) === 1 ? '' : 's'}`;
}

/** The corpus first: each entry replayed on the implementation under test. */
function replayCorpus(corpus: Corpus, bug: KnownBug | null, tally: Tally,
  say: (s: string) => void): void {
  for (const e of corpus.entries) {
    const r = corpus.replay(e, bug);
    const verdict = verdictOf(r.failure);
    tally.regression(verdict);
    if (r.failure === null) {
      say(`PASS ${e.path} (corpus)`);
      continue;
    }
    say(`${verdict === 'fail' ? 'FAIL' : 'UNDECIDED'} ${e.path} (corpus): ` +
      `${failureText(r.failure)}`);
    say(`     replay: ${replayLine(e.path)}`);
    tally.rows.push({ what: e.path, verdict, failure: r.failure, file: e.path,
      decisions: e.file.decisions.length, index: null });
  }
}

/** A generated run failed (or was undecided): save it (shrunk) and say so. */
function failed(o: RunOutcome, seed: number, bug: KnownBug | null, corpus: Corpus, tally: Tally,
  say: (s: string) => void): void {
  let saved: string | null = null;
  if (o.shrunk !== null) {
    const s = o.shrunk;
    saved = corpus.save({
      raftsim: SCHEDULE_FORMAT, version: SCHEDULE_VERSION, scenario: EXPLORE_ID,
      seed: s.spec.seed, bug: bug?.id ?? null, fingerprint: codeFingerprint(),
      failure: { kind: s.failure.kind, check: s.failure.check,
        signature: failureSignature(s.failure), message: s.failure.message, atMs: s.failure.atMs },
      decisions: s.decisions, data: s.data, shrunk: { runs: s.runs, from: s.from }, spec: s.spec,
    }).path;
  }
  for (const l of outcomeLines(o, seed, saved)) say(l);
  tally.rows.push({ what: `run ${o.index}`, verdict: o.verdict, failure: o.failure!,
    file: saved, decisions: o.shrunk?.decisions.length ?? null, index: o.index });
}

interface Finish {
  readonly seed: number;
  readonly shard: Shard;
  readonly bug: KnownBug | null;
  readonly wallS: number;
  readonly cpuS: number;
  readonly stopped: boolean;
  readonly timed: boolean;
}

function report(p: ExploreArgs, io: Io, t: Tally, f: Finish): void {
  const last = t.indices.at(-1);
  const upTo = last === undefined ? 0 : last + 1;
  const repeat = f.timed || f.stopped ? `--runs ${upTo}` : null;
  const what = `seed ${f.seed}${f.shard.of === 1 ? '' : `, shard ${f.shard.index}/${f.shard.of}`}`;
  if (p.flags.json) {
    io.out(JSON.stringify({
      seed: f.seed, shard: `${f.shard.index}/${f.shard.of}`, bug: f.bug?.id ?? null,
      runs: t.runs, passed: t.verdicts.pass, failed: t.verdicts.fail,
      undecided: t.verdicts.undecided, corpus: t.regressions, interrupted: f.stopped,
      repeat, wallSeconds: round(f.wallS), cpuSeconds: round(f.cpuS),
      runsPerSecond: round(f.wallS > 0 ? t.runs / f.wallS : 0), coverage: t.coverage,
      failures: t.rows.map((r) => ({ ...r, replay: r.file === null ? null : replayLine(r.file) })),
      made: t.made,
    }));
    return;
  }
  io.out('');
  for (const l of summaryLines(t, f.wallS, f.cpuS, what)) io.out(l);
  if (f.stopped) io.err(`interrupted after ${t.runs} runs`);
  if (repeat !== null && t.runs > 0) {
    io.out(`the same runs again: npx raftsim explore --seed ${f.seed} ${repeat}` +
      (f.shard.of === 1 ? '' : ` --shard ${f.shard.index}/${f.shard.of}`));
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
