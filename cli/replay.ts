import { findScenario } from '../scenarios/index.ts';
import { runScenario, type RunResult } from '../sim/runner.ts';
import { RunRecorder } from '../sim/observe-recorder.ts';
import type { TraceLine } from '../sim/trace.ts';
import { MAX_SEED, bugFlag, intFlag, parseArgs, UsageError, type ParsedArgs } from './args.ts';
import type { KnownBug } from '../scenarios/bugs/index.ts';
import { loadSchedule, type LoadedSchedule } from './schedule-load.ts';
import { writeOutput } from './files.ts';
import { replayCommand as replayLine, resultLine } from './report.ts';
import { writeTimeline } from './timeline/write.ts';
import { performance } from 'node:perf_hooks';

const SPEC = {
  seed: 'value', trace: 'value', history: 'value', force: 'bool', bug: 'value', html: 'value',
  schedule: 'value', 'no-bug': 'bool', 'allow-stale': 'bool',
} as const;

export function formatTraceLine(l: TraceLine): string {
  return `${String(l.time).padStart(8)}  ${l.who.padEnd(7)} ${l.what}`;
}

/**
 * raftsim replay <id> --seed N [--trace FILE] [--history FILE] [--html FILE] [--force]
 * Re-runs one (scenario, seed) exactly and shows every event: to stdout as a readable log, or
 * with --trace as JSON lines {time, who, what} to FILE. --history writes the run's client
 * history in the checker's JSON format (ops that never returned have "return": null). --html
 * writes the run's timeline page (cli/timeline/); with --trace or --html no event goes to stdout.
 */
export function replayCommand(argv: readonly string[], out: (s: string) => void): number {
  const args = parseArgs('raftsim replay', argv, SPEC);
  if (args.positional.length !== 1) {
    throw new UsageError('raftsim replay: give exactly one scenario id');
  }
  const id = args.positional[0]!;
  const scenario = findScenario(id);
  if (scenario === undefined) {
    throw new UsageError(`raftsim replay: unknown scenario '${id}' (see 'raftsim list')`);
  }
  const { seed, bug, schedule } = runSource(args.flags, id, out);
  const traceFile = args.flags.get('trace');
  const htmlFile = args.flags.get('html');
  const quiet = typeof traceFile === 'string' || typeof htmlFile === 'string';
  const lines: string[] = [];
  if (schedule === null) {
    out(`SEED=${seed} scenario=${id} (${scenario.title}; mirrors ${scenario.source})`);
  } else {
    out(`SCHEDULE=${args.flags.get('schedule')} (${schedule.file.decisions.length} non-benign ` +
      `decisions, seed ${seed}) scenario=${id} (${scenario.title}; mirrors ${scenario.source})`);
  }
  if (bug !== null) out(`BUG=${bug.id}: running on a known-bad ${bug.layer} variant`);
  if (!quiet) {
    out('columns: virtual time in ms, who (s<i> = server i, c<i> = client i), what happened');
  }
  const sink = typeof traceFile === 'string'
    ? (l: TraceLine) => { lines.push(JSON.stringify(l)); }
    : quiet ? null : (l: TraceLine) => { out(formatTraceLine(l)); };
  const recorder = typeof htmlFile === 'string' ? new RunRecorder() : undefined;
  const t0 = performance.now();
  const r = runScenario(scenario, seed,
    { sink, ...bug?.run, schedule: schedule?.schedule, observer: recorder });
  const timed = { ...r, wallMs: performance.now() - t0, bug: bug?.id,
    schedule: args.flags.get('schedule') as string | undefined };
  if (typeof traceFile === 'string') {
    const text = lines.length ? `${lines.join('\n')}\n` : '';
    writeOutput('raftsim replay', traceFile, text, args.flags.has('force'));
    out(`wrote ${lines.length} trace events to ${traceFile}`);
  }
  const historyFile = args.flags.get('history');
  if (typeof historyFile === 'string') writeHistory(r, historyFile, args.flags.has('force'), out);
  if (recorder !== undefined) {
    writeTimeline({ scenario, result: r, recording: recorder.recording(),
      command: replayLine(timed), bug: bug?.id ?? null }, htmlFile as string,
    args.flags.has('force'), out);
  }
  out(resultLine(timed, id.length));
  return r.ok ? 0 : 1;
}

function writeHistory(r: RunResult, file: string, force: boolean, out: (s: string) => void): void {
  const h = r.histories[0];
  if (h === undefined) {
    throw new UsageError(`raftsim replay: ${r.scenario} records no client history`);
  }
  const ops = h.ops.map((op) => JSON.stringify(op));
  const text = `{"model": ${JSON.stringify(h.model)},\n "ops": [\n  ${ops.join(',\n  ')}]}\n`;
  writeOutput('raftsim replay', file, text, force);
  out(`wrote ${h.ops.length} operations (model ${h.model}) to ${file}`);
}

/** Where the run's draws come from: --seed N, or --schedule FILE (its seed and variant). */
function runSource(flags: ParsedArgs['flags'], id: string, out: (s: string) => void):
  { seed: number; bug: KnownBug | null; schedule: LoadedSchedule | null } {
  const cmd = 'raftsim replay';
  const file = flags.get('schedule');
  const bug = bugFlag(cmd, flags);
  if (bug !== null && flags.has('no-bug')) throw new UsageError(`${cmd}: give --bug or --no-bug`);
  if (typeof file !== 'string') {
    if (flags.has('no-bug') || flags.has('allow-stale')) {
      throw new UsageError(`${cmd}: --no-bug and --allow-stale go with --schedule FILE`);
    }
    const seed = intFlag(cmd, flags, 'seed', 0, MAX_SEED);
    if (seed === undefined) throw new UsageError(`${cmd}: --seed N or --schedule FILE is required`);
    return { seed, bug, schedule: null };
  }
  if (flags.has('seed')) throw new UsageError(`${cmd}: give --seed or --schedule, not both`);
  const loaded = loadSchedule(cmd, file, id, flags.has('allow-stale'), out);
  let runOn = loaded.bug;
  if (bug !== null || flags.has('no-bug')) {
    runOn = bug;
    const made = loaded.bug === null ? 'the real implementation' : `'${loaded.bug.id}'`;
    const now = bug === null ? 'the real implementation' : `'${bug.id}'`;
    if (runOn?.id !== loaded.bug?.id) {
      out(`note: the schedule was made on ${made}; running it on ${now}`);
    }
  }
  return { seed: loaded.file.seed, bug: runOn, schedule: loaded };
}
