import { basename } from 'node:path';
import { EXPLORE_ID, exploreById } from '../scenarios/explore/scenario.ts';
import { findScenario } from '../scenarios/index.ts';
import type { Scenario } from '../sim/scenario.ts';
import { runScenario, type RunResult } from '../sim/runner.ts';
import {
  encodeScheduleFile, fileDecisions, type FileModule, type ScheduleFile, SCHEDULE_FORMAT,
  SCHEDULE_VERSION,
} from '../sim/schedule-file.ts';
import type { Schedule } from '../sim/schedule.ts';
import { failureSignature, shrinkDecisions, type ShrinkOutcome } from '../sim/shrink.ts';
import { runFacts, StoryCollector, storyOf, type RunFacts } from '../sim/story.ts';
import { UsageError, type Handlers, type Io } from './command.ts';
import { DEFAULT_MAX_RUNS, type ShrinkArgs, type ShrinkFlags } from './commands/shrink.ts';
import { codeFingerprint } from './fingerprint.ts';
import {
  loadImplementation, type ImplChoice, type ImplModule, type Implementation,
} from './impl.ts';
import { OutputFile, planOutputs } from './output.ts';
import { Progress } from './progress.ts';
import { checkScheduleModules, loadSchedule } from './schedule-load.ts';
import { scenariosForChoice } from './select.ts';
import { shellQuote } from './shell.ts';
import { failureText } from './report.ts';
import { factsTable, minimalityLine, storyText } from './shrink-report.ts';

export { DEFAULT_MAX_RUNS };

/** A run recorded with its story: the result, its facts and story collector. */
export interface Observed {
  readonly result: RunResult;
  readonly story: StoryCollector;
  readonly facts: RunFacts;
}

/** Run a scenario (from its seed or a schedule), recording every draw and its story. */
export function observe(scenario: Scenario, seed: number, impl: Implementation,
  schedule: Schedule | null): Observed {
  const story = new StoryCollector();
  const result = runScenario(scenario, seed,
    { ...impl.run, schedule, record: true, sink: story.sink });
  return { result, story, facts: runFacts(result, story) };
}

/** What `raftsim shrink` does (its flags and help: cli/commands/shrink.ts). */
export const shrinkHandlers: Handlers<ShrinkFlags> = {
  validate: (p) => {
    const scenario = scenarioOf(p);
    if (p.flags.seed === undefined && p.flags.schedule === undefined) {
      throw new UsageError('give --seed N or --schedule FILE');
    }
    if (scenario.id === EXPLORE_ID && p.flags.schedule === undefined) {
      throw new UsageError('a generated run is shrunk from its schedule file: --schedule FILE');
    }
    scenariosForChoice([scenario], choiceOf(p));
  },
  run: shrink,
};

function scenarioOf(p: ShrinkArgs): Scenario {
  const id = p.positionals[0]!;
  const scenario = id === EXPLORE_ID ? exploreById : findScenario(id);
  if (scenario === undefined) throw new UsageError(`unknown scenario '${id}' (see raftsim list)`);
  return scenario;
}

function choiceOf(p: ShrinkArgs): ImplChoice {
  return { bug: p.flags.bug, impl: p.flags.impl, kvImpl: p.flags['kv-impl'] };
}

/**
 * Where the run to shrink comes from: a seed, or a schedule file (its seed, spec, and what it
 * was made on, unless flags say otherwise); and the implementation it runs on.
 */
async function startOf(p: ShrinkArgs, io: Io): Promise<{ scenario: Scenario; seed: number;
  impl: Implementation; schedule: Schedule | null }> {
  const named = scenarioOf(p);
  const asked = choiceOf(p);
  if (p.flags.schedule === undefined) {
    return { scenario: named, seed: p.flags.seed!, impl: await loadImplementation(asked),
      schedule: null };
  }
  const loaded = loadSchedule(p.flags.schedule, named.id, false, io.err, () => io.readStdin());
  const explicit = asked.bug != null || asked.impl !== undefined || asked.kvImpl !== undefined;
  const impl = await loadImplementation(explicit ? asked : loaded.choice);
  checkScheduleModules(p.flags.schedule, loaded.file, impl, false, io.err);
  return { scenario: loaded.scenario ?? named, seed: loaded.file.seed, impl,
    schedule: loaded.schedule };
}

async function shrink(p: ShrinkArgs, io: Io): Promise<number> {
  const { scenario, seed, impl, schedule } = await startOf(p, io);
  const { json } = p.flags;
  const maxRuns = p.flags['max-runs'] ?? DEFAULT_MAX_RUNS;
  const out = p.flags.out ?? defaultOutput(scenario.id, seed, impl, p.argv.includes('--force'),
    p.flags.schedule);
  const say = out.toStdout || json === true ? io.err : io.out;
  if (impl.banner !== null) io.err(impl.banner);
  const cpu0 = process.cpuUsage();
  const before = observe(scenario, seed, impl, schedule);
  const failure = before.result.failure;
  if (failure === null) {
    const run = schedule === null ? `at seed ${seed}` : `on ${p.flags.schedule}`;
    const on = impl.flags.length === 0 ? '' : ` on ${impl.flags.join(' ')}`;
    io.err(`${scenario.id} passes ${run}${on}: nothing to shrink`);
    return 1;
  }
  const target = failureSignature(failure);
  say(recordedLine(before));
  const outcome = shrinkRun(scenario, seed, impl, before, maxRuns, io);
  const after = observe(scenario, seed, impl, outcome.schedule);
  const cpuS = cpuSeconds(process.cpuUsage(cpu0));
  const afterFailure = after.result.failure;
  if (afterFailure === null || failureSignature(afterFailure) !== target) {
    throw new Error(`shrink: the shrunk schedule does not reproduce '${target}'`);
  }
  const file = scheduleFileOf(scenario, seed, impl, after, outcome, before);
  out.write(encodeScheduleFile(file), io.write);
  const report: Report = { before, after, outcome, cpuS, outFile: out.name, file };
  if (json === true) io.out(JSON.stringify(jsonReport(scenario.id, seed, impl, report)));
  else textReport(say, scenario.id, report);
  return 0;
}

/** The default --out: named after the run, checked like any output (refused if it exists). */
function defaultOutput(id: string, seed: number, impl: Implementation, force: boolean,
  input?: string): OutputFile {
  const again = input === undefined ? '' : '-shrunk';
  const o = new OutputFile('--out', defaultName(id, seed, impl, again));
  planOutputs([o], { force, inputs: input === undefined ? [] : [input] });
  return o;
}

export function shrinkRun(scenario: Scenario, seed: number, impl: Implementation,
  before: Observed, maxRuns: number, io: Io): ShrinkOutcome {
  const rec = before.result.recording!;
  const failure = before.result.failure!;
  // A candidate that has not failed well after the original failure time is stopped there.
  const capMs = 2 * failure.atMs + 10_000;
  const progress = new Progress(io.tty, { total: maxRuns, unit: 'runs', now: io.clock });
  const outcome = shrinkDecisions(rec.decisions, rec.recordedData(), failureSignature(failure), {
    maxRuns,
    run: (schedule) => runScenario(scenario, seed, { ...impl.run, schedule, capMs }),
    onProgress: (p) => progress.update({ done: p.runs, failed: 0,
      note: `${p.size} decisions left` }),
  });
  progress.end();
  if (outcome.minimality.kind === 'budget') {
    io.err(`the budget of ${maxRuns} runs ran out; raise --max-runs to shrink further`);
  }
  return outcome;
}

function recordedLine(o: Observed): string {
  const what = failureText(o.result.failure!).replace(/: .*$/s, '');
  return `recorded ${o.result.scenario} seed ${o.result.seed}: ${what}; ` +
    `${o.facts.decisions} decisions, ${o.facts.nonBenign} not benign`;
}

/** `<id>-seed<N>[-<bug>|-<module's name>][-shrunk].schedule.json`, `/` in the id as `-`. */
function defaultName(id: string, seed: number, impl: Implementation, again: string): string {
  const module = impl.raft ?? impl.kv;
  const on = impl.bug !== null ? `-${impl.bug.id}`
    : module === null ? '' : `-${basename(module.path).replace(/\.[^.]*$/, '')}`;
  return `${id.replace(/\//g, '-')}-seed${seed}${on}${again}.schedule.json`;
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

function scheduleFileOf(scenario: Scenario, seed: number, impl: Implementation,
  after: Observed, outcome: ShrinkOutcome, before: Observed): ScheduleFile {
  const f = after.result.failure!;
  const spec = 'spec' in scenario ? { spec: scenario.spec } : {};
  return {
    raftsim: SCHEDULE_FORMAT, version: SCHEDULE_VERSION, scenario: scenario.id, seed,
    bug: impl.bug?.id ?? null, impl: fileModule(impl.raft), kvImpl: fileModule(impl.kv),
    fingerprint: codeFingerprint(),
    failure: { kind: f.kind, check: f.check, signature: failureSignature(f), message: f.message,
      atMs: f.atMs },
    decisions: fileDecisions(after.result.recording!.decisions),
    data: after.result.recording!.recordedData(),
    shrunk: { runs: outcome.runs, from: before.facts.nonBenign },
    ...spec,
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
  const file = r.outFile === 'stdout' ? '-' : r.outFile;
  out('');
  out(factsTable(r.before.facts, r.after.facts, r.cpuS, r.outcome.runs));
  out('');
  out(minimalityLine(r.outcome, r.after.facts.nonBenign));
  out('');
  out('story (non-benign decisions, role changes, faults, the failure):');
  out(storyText(storyOf(r.after.result.recording!.decisions, r.after.story)));
  out('');
  out(`wrote ${r.outFile}`);
  if (file !== '-') out(`replay: npx raftsim replay ${id} --schedule ${shellQuote(file)}`);
}

function fileModule(m: ImplModule | null): FileModule | null {
  return m === null ? null : { path: m.path, hash: m.hash };
}

function jsonReport(id: string, seed: number, impl: Implementation, r: Report): object {
  return {
    scenario: id, seed, bug: impl.bug?.id ?? null,
    ...(impl.raft === null ? {} : { impl: impl.raft.path }),
    ...(impl.kv === null ? {} : { kvImpl: impl.kv.path }),
    before: r.before.facts, after: r.after.facts,
    runs: r.outcome.runs, minimality: r.outcome.minimality, cpuSeconds: r.cpuS,
    file: r.outFile, failure: r.file.failure, decisions: r.file.decisions,
    replay: r.outFile === 'stdout' ? null
      : `npx raftsim replay ${id} --schedule ${shellQuote(r.outFile)}`,
  };
}
