import { performance } from 'node:perf_hooks';
import { EXPLORE_ID, exploreById } from '../scenarios/explore/scenario.ts';
import { findScenario } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { History } from '../sim/history.ts';
import { runScenario } from '../sim/runner.ts';
import type { TraceLine, TraceSink } from '../sim/trace.ts';
import { UsageError, type Handlers, type Io } from './command.ts';
import type { ReplayArgs, ReplayFlags } from './commands/replay.ts';
import { OutputError } from './errors.ts';
import { loadImplementation, type ImplChoice, type Implementation } from './impl.ts';
import { replayCommand as replayLine, resultLine, timed } from './report.ts';
import { checkScheduleModules, loadSchedule, type LoadedSchedule } from './schedule-load.ts';
import { scenariosForChoice } from './select.ts';
import { RunRecorder } from '../sim/observe-recorder.ts';
import { timelinePage } from './timeline/index.ts';

/** `event time who what`, the columns `replay` prints. */
export function formatTraceLine(l: TraceLine): string {
  const event = `#${l.event}`.padStart(8);
  return `${event} ${String(l.time).padStart(8)}  ${l.who.padEnd(7)} ${l.what}`;
}

export const TRACE_COLUMNS = 'columns: event number, virtual time in ms, who (s<i> = server i, ' +
  'c<i> = client i), what happened';

/** What `raftsim replay` does (its flags and help: cli/commands/replay.ts). */
export const replayHandlers: Handlers<ReplayFlags> = {
  validate: (p) => {
    const scenario = scenarioOf(p);
    if (p.flags.seed === undefined && p.flags.schedule === undefined) {
      throw new UsageError('give --seed N or --schedule FILE');
    }
    if (scenario.id === EXPLORE_ID && p.flags.schedule === undefined) {
      throw new UsageError('a generated run is replayed from its schedule file: --schedule FILE');
    }
    if (p.flags.schedule === undefined && (p.flags['no-bug'] || p.flags['allow-stale'])) {
      throw new UsageError('--no-bug and --allow-stale go with --schedule FILE');
    }
    scenariosForChoice([scenario], choiceOf(p));
    if (p.flags.history !== undefined && scenario.kv !== true) {
      throw new UsageError(`--history: ${scenario.id} records no client history (it runs ` +
        'no KV service; raftsim list shows the KV scenarios: 4B, 4C, kv2024/, cpp/)');
    }
  },
  run: replay,
};

function scenarioOf(p: ReplayArgs): Scenario {
  const id = p.positionals[0]!;
  const scenario = id === EXPLORE_ID ? exploreById : findScenario(id);
  if (scenario === undefined) throw new UsageError(`unknown scenario '${id}' (see raftsim list)`);
  return scenario;
}

function choiceOf(p: ReplayArgs): ImplChoice {
  return { bug: p.flags.bug, impl: p.flags.impl, kvImpl: p.flags['kv-impl'] };
}

async function replay(p: ReplayArgs, io: Io): Promise<number> {
  const named = scenarioOf(p);
  const { trace, history, html } = p.flags;
  const toStdout = [trace, history, html].some((o) => o?.toStdout === true);
  const say = toStdout ? io.err : io.out;
  const { seed, impl, schedule } = await runSource(p, named.id, say, () => io.readStdin());
  const scenario = schedule?.scenario ?? named;
  const bug = impl.bug;
  sayRunSource(say, scenario, seed, impl, schedule, p.flags.schedule);
  const lines: string[] = [];
  let sink: TraceSink | null = null;
  if (trace !== undefined) sink = (l) => { lines.push(JSON.stringify(l)); };
  else if (!toStdout && html === undefined) {
    say(TRACE_COLUMNS);
    sink = (l) => { io.out(formatTraceLine(l)); };
  }
  const recorder = html === undefined ? undefined : new RunRecorder();
  const t0 = performance.now();
  const r = runScenario(scenario, seed,
    { sink, ...impl.run, schedule: schedule?.schedule, observer: recorder });
  const wallMs = performance.now() - t0;
  const result = timed(r, wallMs, bug?.id, p.flags.schedule, impl);
  let unwritten = 0;
  const write = (what: () => void): void => {
    try {
      what();
    } catch (e) {
      if (!(e instanceof OutputError)) throw e;
      io.err(`raftsim replay: ${e.message}`);
      unwritten++;
    }
  };
  if (trace !== undefined) {
    write(() => {
      trace.write(lines.length ? `${lines.join('\n')}\n` : '', io.write);
      say(`wrote ${lines.length} trace lines to ${trace.name}`);
    });
  }
  if (history !== undefined) {
    write(() => {
      const h = r.histories[0];
      if (h === undefined) {
        throw new OutputError(`--history ${history.path}: the run stopped before it recorded ` +
          'a client history');
      }
      history.write(historyJson(h), io.write);
      say(`wrote ${h.ops.length} operations (model ${h.model}) to ${history.name}`);
    });
  }
  if (html !== undefined && recorder !== undefined) {
    write(() => {
      const { html: page, data } = timelinePage({ scenario, result: r,
        recording: recorder.recording(), command: replayLine(result), bug: bug?.id ?? null,
        impl: impl.flags.length > 0 && bug === null ? moduleLabel(impl) : null,
        schedule: p.flags.schedule ?? null });
      html.write(page, io.write);
      const kb = Math.round(Buffer.byteLength(page) / 1024);
      const lin = data.meta.lin === null ? '' : `, linearizability view (${data.meta.lin.verdict})`;
      say(`wrote the run timeline (${data.t.length} events, ${data.msgs.length} messages, ` +
        `${data.ops.length} client ops${lin}; ${kb} KB) to ${html.name}`);
    });
  }
  say(resultLine(result, scenario.id.length));
  return r.ok ? (unwritten > 0 ? 2 : 0) : 1;
}

/** The lines that say what is replayed: the seed or schedule, and what it runs on. */
function sayRunSource(say: (s: string) => void, scenario: Scenario, seed: number,
  impl: Implementation, schedule: LoadedSchedule | null, file: string | undefined): void {
  const about = `scenario=${scenario.id} (${scenario.title}; mirrors ${scenario.source})`;
  if (schedule === null) say(`SEED=${seed} ${about}`);
  else {
    say(`SCHEDULE=${file} (${schedule.file.decisions.length} non-benign decisions, ` +
      `seed ${seed}) ${about}`);
  }
  const bug = impl.bug;
  if (bug !== null) say(`BUG=${bug.id}: running on a known-bad ${bug.layer} variant`);
  for (const [flag, m] of [['IMPL', impl.raft], ['KV_IMPL', impl.kv]] as const) {
    if (m !== null) say(`${flag}=${m.path} (source ${m.hash}): running on your own module`);
  }
}

/** Where the run's draws come from (--seed N, or --schedule FILE) and what it runs on. */
async function runSource(p: ReplayArgs, id: string, say: (s: string) => void,
  stdin: () => string):
  Promise<{ seed: number; impl: Implementation; schedule: LoadedSchedule | null }> {
  const { seed, schedule: file } = p.flags;
  const asked = choiceOf(p);
  if (file === undefined) {
    return { seed: seed!, impl: await loadImplementation(asked), schedule: null };
  }
  const allowStale = p.flags['allow-stale'] === true;
  const loaded = loadSchedule(file, id, allowStale, say, stdin);
  const explicit = asked.bug !== undefined || asked.impl !== undefined ||
    asked.kvImpl !== undefined || p.flags['no-bug'] === true;
  const choice = explicit ? asked : loaded.choice;
  const impl = await loadImplementation(choice);
  checkScheduleModules(file, loaded.file, impl, allowStale, say);
  const made = choiceName(loaded.choice);
  if (explicit && choiceName(choice) !== made) {
    say(`note: the schedule was made on ${made}; running it on ${choiceName(choice)}`);
  }
  return { seed: loaded.file.seed, impl, schedule: loaded };
}

/** `the real implementation`, `'commit-prior-term-by-count'`, `./raft.ts`. */
function choiceName(c: ImplChoice): string {
  if (c.bug != null) return `'${c.bug.id}'`;
  const modules = [c.impl, c.kvImpl].filter((m) => m !== undefined);
  return modules.length === 0 ? 'the real implementation' : modules.join(' and ');
}

/** The page's label for the user's modules. */
function moduleLabel(impl: Implementation): string {
  return [impl.raft?.path, impl.kv?.path].filter((m) => m !== undefined).join(' + ');
}

/** A client history in the checker's JSON format, one operation per line. */
function historyJson(h: History): string {
  const ops = h.ops.map((op) => JSON.stringify(op));
  return `{"model": ${JSON.stringify(h.model)},\n "ops": [\n  ${ops.join(',\n  ')}]}\n`;
}
