import { findScenario } from '../scenarios/index.ts';
import type { Scenario } from '../sim/scenario.ts';
import type { KnownBug } from '../scenarios/bugs/index.ts';
import { runScenario, type RunResult } from '../sim/runner.ts';
import {
  encodeScheduleFile, fileDecisions, type ScheduleFile, SCHEDULE_FORMAT, SCHEDULE_VERSION,
} from '../sim/schedule-file.ts';
import type { Schedule } from '../sim/schedule.ts';
import { failureSignature, shrinkDecisions, type ShrinkOutcome } from '../sim/shrink.ts';
import { runFacts, StoryCollector, storyOf, type RunFacts } from '../sim/story.ts';
import { bugFlag, intFlag, MAX_SEED, parseArgs, UsageError } from './args.ts';
import { codeFingerprint } from './fingerprint.ts';
import { checkOutput, writeOutput } from './files.ts';
import { factsTable, minimalityLine, storyText } from './shrink-report.ts';

const SPEC = {
  seed: 'value', bug: 'value', out: 'value', force: 'bool', 'max-runs': 'value', json: 'bool',
} as const;

export const DEFAULT_MAX_RUNS = 5000;

/** A run recorded with its story: the result, its facts and story collector. */
export interface Observed {
  readonly result: RunResult;
  readonly story: StoryCollector;
  readonly facts: RunFacts;
}

/** Run a scenario (from its seed or a schedule), recording every draw and its story. */
export function observe(scenario: Scenario, seed: number, bug: KnownBug | null,
  schedule: Schedule | null): Observed {
  const story = new StoryCollector();
  const result = runScenario(scenario, seed,
    { ...bug?.run, schedule, record: true, sink: story.sink });
  return { result, story, facts: runFacts(result, story) };
}

/**
 * raftsim shrink <id> --seed N [--bug ID] [--out FILE] [--force] [--max-runs N] [--json]
 * Records the failing run, shrinks its decisions with fast-check, writes the schedule file and
 * reports before/after, 1-minimality, the story and the replay command. Exit 0 when a schedule
 * was written, 1 when the run passes (nothing to shrink), 2 on a usage error.
 */
export function shrinkCommand(argv: readonly string[], out: (s: string) => void,
  err: (s: string) => void): number {
  const cmd = 'raftsim shrink';
  const args = parseArgs(cmd, argv, SPEC);
  if (args.positional.length !== 1) throw new UsageError(`${cmd}: give exactly one scenario id`);
  const id = args.positional[0]!;
  const scenario = findScenario(id);
  if (scenario === undefined) {
    throw new UsageError(`${cmd}: unknown scenario '${id}' (see 'raftsim list')`);
  }
  const seed = intFlag(cmd, args.flags, 'seed', 0, MAX_SEED);
  if (seed === undefined) throw new UsageError(`${cmd}: --seed N is required`);
  const bug = bugFlag(cmd, args.flags);
  const maxRuns = intFlag(cmd, args.flags, 'max-runs', 1, 10_000_000) ?? DEFAULT_MAX_RUNS;
  const force = args.flags.has('force');
  const outFile = (args.flags.get('out') as string | undefined) ?? defaultName(id, seed, bug);
  checkOutput(cmd, outFile, force);
  const json = args.flags.has('json');
  if (bug !== null) err(`running on the known-bad variant '${bug.id}' (${bug.layer} layer)`);

  const cpu0 = process.cpuUsage();
  const before = observe(scenario, seed, bug, null);
  const failure = before.result.failure;
  if (failure === null) {
    err(`${id} passes at seed ${seed}${bug === null ? '' : ` on '${bug.id}'`}: nothing to shrink`);
    return 1;
  }
  const target = failureSignature(failure);
  if (!json) out(recordedLine(before));
  const outcome = shrinkRun(scenario, seed, bug, before, maxRuns, err);
  const after = observe(scenario, seed, bug, outcome.schedule);
  const cpuS = cpuSeconds(process.cpuUsage(cpu0));
  const afterFailure = after.result.failure;
  if (afterFailure === null || failureSignature(afterFailure) !== target) {
    throw new Error(`shrink: the shrunk schedule does not reproduce '${target}'`);
  }
  const file = scheduleFileOf(id, seed, bug, after, outcome, before);
  writeOutput(cmd, outFile, encodeScheduleFile(file), force);
  const report: Report = { before, after, outcome, cpuS, outFile, file };
  if (json) out(JSON.stringify(jsonReport(id, seed, bug, report)));
  else textReport(out, id, report);
  return 0;
}

function shrinkRun(scenario: Scenario, seed: number, bug: KnownBug | null, before: Observed,
  maxRuns: number, err: (s: string) => void): ShrinkOutcome {
  const rec = before.result.recording!;
  const failure = before.result.failure!;
  // A candidate that has not failed well after the original failure time is stopped there.
  const capMs = 2 * failure.atMs + 10_000;
  const progress = process.stderr.isTTY === true;
  const outcome = shrinkDecisions(rec.decisions, rec.recordedData(), failureSignature(failure), {
    maxRuns,
    run: (schedule) => runScenario(scenario, seed, { ...bug?.run, schedule, capMs }),
    onProgress: progress ? (p) => {
      process.stderr.write(`\rshrinking: ${p.runs} runs, ${p.size} decisions left   `);
    } : undefined,
  });
  if (progress) process.stderr.write('\r\x1b[K');
  if (outcome.minimality.kind === 'budget') {
    err(`shrink: the budget of ${maxRuns} runs ran out; raise --max-runs to shrink further`);
  }
  return outcome;
}

function recordedLine(o: Observed): string {
  const f = o.result.failure!;
  return `recorded ${o.result.scenario} seed ${o.result.seed}: ${f.kind} check '${f.check}' ` +
    `failed at ${(f.atMs / 1000).toFixed(3)} s (event ${f.event}); ${o.facts.decisions} ` +
    `decisions, ${o.facts.nonBenign} not benign`;
}

function defaultName(id: string, seed: number, bug: KnownBug | null): string {
  const b = bug === null ? '' : `-${bug.id}`;
  return `${id.replace(/\//g, '-')}-seed${seed}${b}.schedule.json`;
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

function scheduleFileOf(id: string, seed: number, bug: KnownBug | null, after: Observed,
  outcome: ShrinkOutcome, before: Observed): ScheduleFile {
  const f = after.result.failure!;
  return {
    raftsim: SCHEDULE_FORMAT, version: SCHEDULE_VERSION, scenario: id, seed,
    bug: bug?.id ?? null, fingerprint: codeFingerprint(),
    failure: { kind: f.kind, check: f.check, signature: failureSignature(f), message: f.message,
      atMs: f.atMs },
    decisions: fileDecisions(after.result.recording!.decisions),
    data: after.result.recording!.recordedData(),
    shrunk: { runs: outcome.runs, from: before.facts.nonBenign },
  };
}

interface Report {
  readonly before: Observed;
  readonly after: Observed;
  readonly outcome: ShrinkOutcome;
  readonly cpuS: number;
  readonly outFile: string;
  readonly file: ScheduleFile;
}

function textReport(out: (s: string) => void, id: string, r: Report): void {
  out('');
  out(factsTable(r.before.facts, r.after.facts, r.cpuS, r.outcome.runs));
  out('');
  out(minimalityLine(r.outcome, r.after.facts.nonBenign));
  out('');
  out('story (non-benign decisions, role changes, faults, the failure):');
  out(storyText(storyOf(r.after.result.recording!.decisions, r.after.story)));
  out('');
  out(`wrote ${r.outFile}`);
  out(`replay: npx raftsim replay ${id} --schedule ${r.outFile}`);
}

function jsonReport(id: string, seed: number, bug: KnownBug | null, r: Report): object {
  return {
    scenario: id, seed, bug: bug?.id ?? null, before: r.before.facts, after: r.after.facts,
    runs: r.outcome.runs, minimality: r.outcome.minimality, cpuSeconds: r.cpuS,
    file: r.outFile, failure: r.file.failure, decisions: r.file.decisions,
    replay: `npx raftsim replay ${id} --schedule ${r.outFile}`,
  };
}
