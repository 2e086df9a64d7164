import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { check } from '../checker/check.ts';
import { explain, type Explanation } from '../checker/explain.ts';
import { HistoryFormatError } from '../checker/formats/error.ts';
import { FORMATS, loadHistory, type Format } from '../checker/formats/index.ts';
import type { LoadedHistory } from '../checker/formats/history.ts';
import { renderHtml } from '../checker/html/render.ts';
import { computeVisualizationData } from '../checker/html/data.ts';
import { getModel, modelNames } from '../checker/models/index.ts';
import {
  VERDICT_TEXT, explanationJson, explanationText, summaryLine,
} from '../checker/report.ts';
import type { CheckResult } from '../checker/types.ts';

export const CHECK_USAGE = `usage: raftsim check FILE... [--model M] [--format F] [--no-partition]
                     [--budget-steps N] [--budget-ms N] [--html OUT] [--json]
  Decides whether each recorded history is linearizable.
  --model M         ${modelNames().join(' | ')} (default: from the file or its format)
  --format F        ${FORMATS.join(' | ')} (default: detected)
  --no-partition    check the history as one part (kv: one map state, much slower)
  --budget-steps N  stop after N search steps with verdict "unknown" (exact, replayable)
  --budget-ms N     stop after N ms of wall time (the only nondeterministic option)
  --html OUT        write a self-contained HTML view of the (single) history to OUT
  --json            one JSON object per file on stdout
exit: 0 all linearizable, 1 some not, 3 none not but some unknown, 2 bad usage or input`;

/** Where the command writes; tests pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const STDIO: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

class Usage extends Error {}

interface Options {
  files: string[];
  model?: string;
  format?: Format;
  partition: boolean;
  budgetSteps?: number;
  budgetMs?: number;
  html?: string;
  json: boolean;
}

/** `raftsim check ...`: returns the exit code (see CHECK_USAGE). Never throws for bad input. */
export async function checkCommand(args: string[], io: Io = STDIO): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(args);
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    if (e.message === 'help') {
      io.out(CHECK_USAGE);
      return 0;
    }
    io.err(`raftsim check: ${e.message} (see raftsim check --help)`);
    return 2;
  }
  const codes = options.files.map((file) => checkFile(file, options, io));
  if (codes.includes(2)) return 2;
  if (codes.includes(1)) return 1;
  return codes.includes(3) ? 3 : 0;
}

const FLAGS: Record<string, 'value' | 'bool'> = {
  model: 'value', format: 'value', 'no-partition': 'bool', 'budget-steps': 'value',
  'budget-ms': 'value', html: 'value', json: 'bool', help: 'bool',
};

function parseOptions(args: readonly string[]): Options {
  const o: Options = { files: [], partition: true, json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      o.files.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (FLAGS[name] === undefined) throw new Usage(`unknown option --${name}`);
    if (FLAGS[name] === 'bool') {
      if (eq >= 0) throw new Usage(`--${name} takes no value`);
      if (name === 'help') throw new Usage('help');
      if (name === 'json') o.json = true;
      else o.partition = false;
      continue;
    }
    const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new Usage(`--${name} needs a value`);
    setValue(o, name, value);
  }
  if (o.files.length === 0) throw new Usage('no history file given');
  if (o.html !== undefined) checkHtmlTarget(o.html, o.files);
  return o;
}

function setValue(o: Options, name: string, value: string): void {
  if (name === 'model') {
    if (getModel(value) === undefined) {
      throw new Usage(`unknown model ${JSON.stringify(value)}; known: ${modelNames().join(', ')}`);
    }
    o.model = value;
  } else if (name === 'format') {
    if (!(FORMATS as readonly string[]).includes(value)) {
      throw new Usage(`unknown format ${JSON.stringify(value)}; known: ${FORMATS.join(', ')}`);
    }
    o.format = value as Format;
  } else if (name === 'html') {
    o.html = value;
  } else {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new Usage(`--${name} needs a positive integer, got ${JSON.stringify(value)}`);
    }
    if (name === 'budget-ms') o.budgetMs = n;
    else o.budgetSteps = n;
  }
}

/** --html writes one page, and never over one of the inputs. */
function checkHtmlTarget(html: string, files: readonly string[]): void {
  if (files.length !== 1) throw new Usage('--html takes exactly one history file');
  if (canonical(html) === canonical(files[0]!)) {
    throw new Usage(`--html ${html} would overwrite the input file`);
  }
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Checks one file and reports it; returns its exit code (0, 1, 3, or 2 for bad input). */
function checkFile(file: string, options: Options, io: Io): number {
  const history = readHistory(file, options, io);
  if (history === undefined) return 2;
  const started = performance.now();
  const deadline = options.budgetMs === undefined ? Infinity : started + options.budgetMs;
  const shouldStop = deadline === Infinity ? undefined : () => performance.now() > deadline;
  const result = check(history.model, history.ops, {
    partition: options.partition, maxSteps: options.budgetSteps, shouldStop,
  });
  // The explanation gets what the check left of the budgets: the run stays inside them.
  const maxSteps = options.budgetSteps === undefined ? undefined
    : Math.max(0, options.budgetSteps - result.steps);
  const explanation = explain(history.model, history.ops, result, { maxSteps, shouldStop });
  const wallMs = Math.round(performance.now() - started);
  report(file, history, result, explanation, wallMs, options, io);
  if (options.html !== undefined) {
    const data = computeVisualizationData(history.model, history.ops, result, explanation, file);
    writeFileSync(options.html, renderHtml(data));
  }
  return result.verdict === 'ok' ? 0 : result.verdict === 'illegal' ? 1 : 3;
}

function readHistory(file: string, options: Options, io: Io): LoadedHistory | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;
    return fail(io, options, file, 0, `cannot read: ${why}`);
  }
  try {
    return loadHistory(text, file, { format: options.format, model: options.model });
  } catch (e) {
    if (!(e instanceof HistoryFormatError)) throw e;
    return fail(io, options, file, e.line, e.reason);
  }
}

function fail(io: Io, options: Options, file: string, line: number, reason: string): undefined {
  io.err(`raftsim check: ${file}${line > 0 ? `:${line}` : ''}: ${reason}`);
  if (options.json) io.out(JSON.stringify({ file, verdict: 'error', line, error: reason }));
  return undefined;
}

function report(file: string, history: LoadedHistory, result: CheckResult,
  explanation: Explanation | null, wallMs: number, options: Options, io: Io): void {
  const { ops } = history;
  if (options.json) {
    io.out(JSON.stringify({
      file, verdict: VERDICT_TEXT[result.verdict], model: history.model.name, ops: ops.length,
      partitions: result.parts.length, steps: result.steps, wallMs,
      stoppedBy: result.stoppedBy,
      explanation: explanation === null ? null : explanationJson(ops, explanation),
    }));
    return;
  }
  io.out(summaryLine(file, ops.length, result, wallMs));
  if (explanation !== null) for (const line of explanationText(ops, explanation)) io.out(line);
}
