import type { Model } from '../types.ts';
import {
  EdnSyntaxError, Keyword, readEdn, type EdnDocument, type EdnForm,
} from './edn.ts';
import { EventLog } from './events.ts';
import { HistoryFormatError } from './error.ts';
import type { LoadedHistory } from './history.ts';

/**
 * Jepsen's history.edn for register and cas-register workloads: op maps such as
 * `{:type :invoke, :f :cas, :value [1 2], :process 3, :time 12, :index 7}`, one per line or in
 * one vector. Order is real time. Jepsen's meaning of completions (as Knossos reads them):
 * `:ok` happened, `:fail` definitely did not (the op is removed), `:info` unknown (the op never
 * returns: it may take effect any time after its call, or never). Ops of non-integer processes
 * (the :nemesis) are skipped.
 */
export function parseJepsenEdn(text: string, file: string, model: Model): LoadedHistory {
  let doc: EdnDocument;
  try {
    doc = readEdn(text);
  } catch (e) {
    if (e instanceof EdnSyntaxError) throw new HistoryFormatError(file, e.line, e.message);
    throw e;
  }
  let forms: EdnForm[] = doc.forms;
  // A whole history may be one vector of op maps.
  const vector = forms.length === 1 && Array.isArray(forms[0]!.value);
  if (vector) {
    const { value, line } = forms[0]!;
    forms = (value as unknown[]).map((v) => ({
      value: v, line: (v instanceof Map && doc.lineOf(v)) || line,
    }));
  }
  const log = new EventLog(file);
  for (const { value, line } of forms) readOp(log, value, line);
  // A vector's closing bracket shows the history is whole: an op left open there is one whose
  // outcome is unknown (as Knossos reads it), and `[]` is an explicitly empty history. One map
  // per line has no end mark: Jepsen completes every op (:ok, :fail or :info), so an op left
  // open, or no op at all, means the file was cut short or the run never started.
  const hint = 'Jepsen completes every op; an unknown outcome is an :info';
  const ops = log.finish(model, vector ? { cut: false } : { cut: true, hint }, vector);
  return { model, ops };
}

function readOp(log: EventLog, form: unknown, line: number): void {
  if (!(form instanceof Map)) log.fail(line, 'expected an op map {:type ..., :f ..., ...}');
  const type = keyword(form.get(':type'));
  const f = keyword(form.get(':f'));
  const process = form.get(':process');
  if (type === undefined) log.fail(line, 'op without a :type keyword');
  if (typeof process !== 'number') return; // the nemesis and other non-client processes
  if (f === undefined) log.fail(line, 'op without an :f keyword');
  const value = form.get(':value');
  switch (type) {
    case 'invoke':
      return log.invoke(process, f, inputOf(log, f, value, line), line);
    case 'ok':
      return log.complete(process, f, outputOf(log, f, value, line), line);
    case 'fail':
      return log.discard(process, f, line);
    case 'info':
      return log.crash(process, f, line);
    default:
      log.fail(line, `unknown :type :${type} (expected :invoke, :ok, :fail or :info)`);
  }
}

function inputOf(log: EventLog, f: string, value: unknown, line: number): unknown {
  if (f === 'read') return { op: 'read' };
  if (f === 'write') return { op: 'write', value };
  if (f === 'cas') {
    if (!Array.isArray(value) || value.length !== 2) {
      log.fail(line, ':cas needs a :value of the form [from to]');
    }
    return { op: 'cas', from: value[0], to: value[1] };
  }
  return log.fail(line, `unsupported :f :${f} (register workloads have :read, :write, :cas)`);
}

function outputOf(log: EventLog, f: string, value: unknown, line: number): unknown {
  if (f === 'read') return { value };
  if (f === 'write') return {};
  if (f === 'cas') return { ok: true };
  return log.fail(line, `unsupported :f :${f}`);
}

function keyword(v: unknown): string | undefined {
  return v instanceof Keyword ? v.name : undefined;
}
