import { performance } from 'node:perf_hooks';
import { findScenario } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { History } from '../sim/history.ts';
import { runScenario } from '../sim/runner.ts';
import type { TraceLine, TraceSink } from '../sim/trace.ts';
import { defineCommand, UsageError, type Io, type Parsed } from './command.ts';
import { OutputError } from './errors.ts';
import { BUG_FLAG, SEED_FLAG } from './flags.ts';
import { resultLine, timed } from './report.ts';
import { scenariosForBug } from './select.ts';

const FLAGS = {
  seed: { ...SEED_FLAG, required: true, help: 'the seed of the run to replay' },
  trace: { type: 'output', value: 'FILE',
    help: 'write the events as JSON lines to FILE (- for stdout) instead of showing them' },
  history: { type: 'output', value: 'FILE',
    help: "write a KV run's client history to FILE for raftsim check (- for stdout)" },
  bug: BUG_FLAG,
} as const;

type ReplayArgs = Parsed<typeof FLAGS>;

/** `event time who what`, the columns `replay` prints. */
export function formatTraceLine(l: TraceLine): string {
  const event = `#${l.event}`.padStart(8);
  return `${event} ${String(l.time).padStart(8)}  ${l.who.padEnd(7)} ${l.what}`;
}

export const TRACE_COLUMNS = 'columns: event number, virtual time in ms, who (s<i> = server i, ' +
  'c<i> = client i), what happened';

/**
 * raftsim replay <id> --seed N: re-runs one (scenario, seed) exactly and shows every event. With
 * an output given as `-`, stdout carries that output only and the other lines go to stderr.
 */
export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'run one scenario at one seed again and show every event',
  description: `Re-runs one (scenario, seed) exactly as run did, and prints every event: the
event number (the "event N" of a failure line), the virtual time in ms, who acted and what
happened; then the run's PASS or FAIL line. --trace writes the events as JSON lines
{event, time, who, what} instead; --history writes a KV run's client history in the checker's
JSON format (operations that never returned have "return": null). With an output given as -,
stdout carries that output only and the other lines go to stderr.`,
  positionals: { name: '<id>', min: 1, max: 1 },
  flags: FLAGS,
  examples: [
    { run: 'npx raftsim replay InitialElection3A --seed 3', does: 'every event of that run' },
    { run: 'npx raftsim replay Basic4B --seed 1 --history - | npx raftsim check -',
      does: "check a KV run's client history for linearizability" },
    { run: 'npx raftsim replay paper/Figure8 --seed 1 --bug commit-prior-term-by-count ' +
      '--trace figure8.jsonl', does: 'the failing run, as JSON lines in figure8.jsonl (exit 1)' },
  ],
  exits: '0 the run passed, 1 it failed (even if an output could not be written), 2 bad usage ' +
    'or an output could not be written',
  validate: (p) => {
    const scenario = scenarioOf(p);
    scenariosForBug([scenario], p.flags.bug ?? null);
    if (p.flags.history !== undefined && scenario.kv !== true) {
      throw new UsageError(`--history: ${scenario.id} records no client history (it runs ` +
        'no KV service; raftsim list shows the KV scenarios: 4B, 4C, kv2024/, cpp/)');
    }
  },
  run: replay,
});

function scenarioOf(p: ReplayArgs): Scenario {
  const id = p.positionals[0]!;
  const scenario = findScenario(id);
  if (scenario === undefined) throw new UsageError(`unknown scenario '${id}' (see raftsim list)`);
  return scenario;
}

function replay(p: ReplayArgs, io: Io): number {
  const scenario = scenarioOf(p);
  const { seed, bug, trace, history } = p.flags;
  const toStdout = trace?.toStdout === true || history?.toStdout === true;
  const say = toStdout ? io.err : io.out;
  say(`SEED=${seed} scenario=${scenario.id} (${scenario.title}; mirrors ${scenario.source})`);
  if (bug !== undefined) say(`BUG=${bug.id}: running on a known-bad ${bug.layer} variant`);
  const lines: string[] = [];
  let sink: TraceSink | null = null;
  if (trace !== undefined) sink = (l) => { lines.push(JSON.stringify(l)); };
  else if (!toStdout) {
    say(TRACE_COLUMNS);
    sink = (l) => { io.out(formatTraceLine(l)); };
  }
  const t0 = performance.now();
  const r = runScenario(scenario, seed, { sink, ...bug?.run });
  const wallMs = performance.now() - t0;
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
  say(resultLine(timed(r, wallMs, bug?.id), scenario.id.length));
  return r.ok ? (unwritten > 0 ? 2 : 0) : 1;
}

/** A client history in the checker's JSON format, one operation per line. */
function historyJson(h: History): string {
  const ops = h.ops.map((op) => JSON.stringify(op));
  return `{"model": ${JSON.stringify(h.model)},\n "ops": [\n  ${ops.join(',\n  ')}]}\n`;
}
