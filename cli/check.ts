import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { check } from '../checker/check.ts';
import { explain, type Explanation } from '../checker/explain.ts';
import { HistoryFormatError } from '../checker/formats/error.ts';
import { loadHistory, type Format } from '../checker/formats/index.ts';
import type { LoadedHistory } from '../checker/formats/history.ts';
import {
  VERDICT_TEXT, explanationJson, explanationText, summaryLine,
} from '../checker/report.ts';
import type { CheckResult } from '../checker/types.ts';
import { UsageError, type Handlers, type Io } from './command.ts';
import { checkCommandSpec, type CheckArgs, type CheckFlags } from './commands/check.ts';
import { execute, quietIo } from './execute.ts';
import { Progress } from './progress.ts';

/** What `raftsim check` does (its flags and help: cli/commands/check.ts). */
export const checkHandlers: Handlers<CheckFlags> = {
  validate: (p) => {
    if (p.flags.html !== undefined && p.positionals.length !== 1) {
      throw new UsageError('--html takes exactly one history file');
    }
    if (p.positionals.filter((f) => f === '-').length > 1) {
      throw new UsageError('stdin (-) can be read once');
    }
  },
  run: checkFiles,
};

/** `raftsim check ARGS...` with the given streams (tests call it in-process); the exit code. */
export function checkCommand(args: readonly string[], io: Partial<Io> &
  Pick<Io, 'out' | 'err'>): Promise<number> {
  return execute(checkCommandSpec, args, { ...quietIo(), ...io });
}

/** The HTML view's code, loaded only for --html (it is a third of what check loads). */
interface HtmlView {
  readonly renderHtml: typeof import('../checker/html/render.ts').renderHtml;
  readonly computeVisualizationData:
    typeof import('../checker/html/data.ts').computeVisualizationData;
}

async function checkFiles(p: CheckArgs, quiet: Io): Promise<number> {
  const view: HtmlView | null = p.flags.html === undefined ? null : {
    ...await import('../checker/html/render.ts'), ...await import('../checker/html/data.ts') };
  const progress = new Progress(p.flags.json ? null : quiet.tty, {
    total: p.positionals.length, unit: 'files', now: quiet.clock });
  const io = progress.around(quiet);
  const codes: number[] = [];
  try {
    for (const file of p.positionals) {
      const code = checkFile(file, p, io, view, (note) => progress.update({
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
function checkFile(file: string, p: CheckArgs, io: Io, view: HtmlView | null,
  note: (text: string) => void): number {
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
  if (html !== undefined && view !== null) {
    const data = view.computeVisualizationData(history.model, history.ops, result, explanation,
      file);
    html.write(view.renderHtml(data), io.write);
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
