import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { check } from '../checker/check.ts';
import { explain, type Explanation } from '../checker/explain.ts';
import { HistoryFormatError } from '../checker/formats/error.ts';
import { FORMATS, loadHistory, type Format } from '../checker/formats/index.ts';
import type { LoadedHistory } from '../checker/formats/history.ts';
import { renderHtml } from '../checker/html/render.ts';
import { computeVisualizationData } from '../checker/html/data.ts';
import { modelNames } from '../checker/models/index.ts';
import {
  VERDICT_TEXT, explanationJson, explanationText, summaryLine,
} from '../checker/report.ts';
import type { CheckResult } from '../checker/types.ts';
import { defineCommand, UsageError, type Io, type Parsed } from './command.ts';
import { execute, quietIo } from './execute.ts';
import { Progress } from './progress.ts';

const FLAGS = {
  model: { type: 'string', value: 'M', choices: modelNames(),
    help: 'the model (default: from the file or its format)' },
  format: { type: 'string', value: 'F', choices: FORMATS,
    help: 'the input format (default: detected)' },
  'no-partition': { type: 'boolean',
    help: 'check the history as one part (kv: one map state, much slower)' },
  'budget-steps': { type: 'integer', value: 'N', min: 1, max: Number.MAX_SAFE_INTEGER,
    help: 'stop after N search steps with verdict "unknown" (exact, replayable)' },
  'budget-ms': { type: 'integer', value: 'N', min: 1, max: Number.MAX_SAFE_INTEGER,
    help: 'stop after N ms of wall time (the only nondeterministic option)' },
  html: { type: 'output', value: 'OUT',
    help: 'write a self-contained HTML view of the (single) history to OUT (- for stdout)' },
  json: { type: 'boolean', help: 'one JSON object per file on stdout' },
} as const;

type CheckArgs = Parsed<typeof FLAGS>;

/** raftsim check FILE...: decides whether each recorded history is linearizable. */
export const checkCommandSpec = defineCommand({
  name: 'check',
  summary: 'decide whether recorded client histories are linearizable',
  description: `Checks each history file (our JSON, Porcupine's logs, Jepsen's EDN; - reads
stdin) and prints its verdict: linearizable, not linearizable (with an explanation), or
unknown when a budget ran out. Every file is checked even if one is bad. On a terminal, a
progress line shows on stderr while a large history is searched. See docs/checker.md.`,
  positionals: { name: 'FILE', min: 1, max: Infinity, inputs: true },
  flags: FLAGS,
  examples: [
    { run: 'npx raftsim check test/fixtures/checker/kv-stale.json',
      does: 'a history that is not linearizable, explained (exit 1)' },
    { run: 'npx raftsim check test/fixtures/checker/kv-ok.json --json',
      does: 'the verdict as one JSON object' },
    { run: 'npx raftsim check test/fixtures/checker/kv-stale.json --html stale.html',
      does: 'the same, and an HTML view of it in stale.html (exit 1)' },
  ],
  exits: '0 all linearizable, 1 some not, 3 none not but some unknown (budget), 2 bad usage or ' +
    'input',
  validate: (p) => {
    if (p.flags.html !== undefined && p.positionals.length !== 1) {
      throw new UsageError('--html takes exactly one history file');
    }
    if (p.positionals.filter((f) => f === '-').length > 1) {
      throw new UsageError('stdin (-) can be read once');
    }
  },
  run: checkFiles,
});

/** `raftsim check ARGS...` with the given streams (tests call it in-process); the exit code. */
export function checkCommand(args: readonly string[], io: Partial<Io> &
  Pick<Io, 'out' | 'err'>): Promise<number> {
  return execute(checkCommandSpec, args, { ...quietIo(), ...io });
}

function checkFiles(p: CheckArgs, quiet: Io): number {
  const progress = new Progress(p.flags.json ? null : quiet.tty, {
    total: p.positionals.length, unit: 'files', now: quiet.clock });
  const io = progress.around(quiet);
  const codes: number[] = [];
  try {
    for (const file of p.positionals) {
      const code = checkFile(file, p, io, (note) => progress.update({
        done: codes.length, failed: codes.filter((c) => c === 1).length, note }));
      codes.push(code);
      progress.update({ done: codes.length, failed: codes.filter((c) => c === 1).length });
    }
  } finally {
    progress.end();
  }
  if (codes.includes(2)) return 2;
  if (codes.includes(1)) return 1;
  return codes.includes(3) ? 3 : 0;
}

/** Checks one file and reports it; returns its exit code (0, 1, 3, or 2 for bad input). */
function checkFile(file: string, p: CheckArgs, io: Io, note: (text: string) => void): number {
  const history = readHistory(file, p, io);
  if (history === undefined) return 2;
  const started = performance.now();
  const budgetMs = p.flags['budget-ms'];
  const budgetSteps = p.flags['budget-steps'];
  const deadline = budgetMs === undefined ? Infinity : started + budgetMs;
  const result = check(history.model, history.ops, {
    partition: !p.flags['no-partition'],
    maxSteps: budgetSteps,
    shouldStop: () => {
      note(`${file}: searching`);
      return performance.now() > deadline;
    },
  });
  note(`${file}: explaining`);
  // The explanation gets what the check left of the budgets: the run stays inside them.
  const maxSteps = budgetSteps === undefined ? undefined : Math.max(0, budgetSteps - result.steps);
  const shouldStop = deadline === Infinity ? undefined : () => performance.now() > deadline;
  const explanation = explain(history.model, history.ops, result, { maxSteps, shouldStop });
  const wallMs = Math.round(performance.now() - started);
  const html = p.flags.html;
  const say = html?.toStdout === true ? io.err : io.out;
  report(file, history, result, explanation, wallMs, p, say);
  if (html !== undefined) {
    const data = computeVisualizationData(history.model, history.ops, result, explanation, file);
    html.write(renderHtml(data), io.write);
    if (!p.flags.json) say(`wrote the HTML view to ${html.name}`);
  }
  return result.verdict === 'ok' ? 0 : result.verdict === 'illegal' ? 1 : 3;
}

function readHistory(file: string, p: CheckArgs, io: Io): LoadedHistory | undefined {
  let text: string;
  try {
    text = file === '-' ? io.readStdin() : readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code;
    return fail(io, p, file, 0, `cannot read: ${why}`);
  }
  try {
    return loadHistory(text, file, { format: p.flags.format as Format | undefined,
      model: p.flags.model });
  } catch (e) {
    if (!(e instanceof HistoryFormatError)) throw e;
    return fail(io, p, file, e.line, e.reason);
  }
}

function fail(io: Io, p: CheckArgs, file: string, line: number, reason: string): undefined {
  io.err(`raftsim check: ${file}${line > 0 ? `:${line}` : ''}: ${reason}`);
  if (p.flags.json) io.out(JSON.stringify({ file, verdict: 'error', line, error: reason }));
  return undefined;
}

function report(file: string, history: LoadedHistory, result: CheckResult,
  explanation: Explanation | null, wallMs: number, p: CheckArgs, say: (s: string) => void): void {
  const { ops } = history;
  if (p.flags.json) {
    say(JSON.stringify({
      file, verdict: VERDICT_TEXT[result.verdict], model: history.model.name, ops: ops.length,
      partitions: result.parts.length, steps: result.steps, wallMs,
      stoppedBy: result.stoppedBy,
      explanation: explanation === null ? null : explanationJson(ops, explanation),
    }));
    return;
  }
  say(summaryLine(file, ops.length, result, wallMs));
  if (explanation !== null) for (const line of explanationText(ops, explanation)) say(line);
}
