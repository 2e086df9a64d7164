import { OpShapeError, type Model, type Operation } from '../types.ts';
import { getModel, modelNames } from '../models/index.ts';
import { HistoryFormatError } from './error.ts';
import type { LoadedHistory } from './history.ts';
import { JsonSyntaxError, parseJsonText, type JsonDocument } from './jsontext.ts';

/**
 * Our JSON history: {"model": NAME, "ops": [{"client", "call", "return", "input", "output"}]}.
 * Times are integers with call <= return; `return: null` (with `output: null`) is an operation
 * that never returned; `output: null` with a return time is a result that is unknown. Inputs and
 * outputs are validated by the model (Model.parseOp). `modelName` overrides the file's "model".
 */
export function parseJsonHistory(text: string, file: string, modelName?: string): LoadedHistory {
  let doc: JsonDocument;
  try {
    doc = parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new HistoryFormatError(file, e.line, e.message);
    throw e;
  }
  const top = doc.value;
  if (typeof top !== 'object' || top === null || Array.isArray(top)) {
    throw new HistoryFormatError(file, 1, 'expected an object {"model": ..., "ops": [...]}');
  }
  const record = top as Record<string, unknown>;
  const model = chooseModel(record.model, modelName, file, doc.lineOf(top));
  if (!Array.isArray(record.ops)) {
    throw new HistoryFormatError(file, doc.lineOf(top), 'expected "ops": [...] (an array)');
  }
  const ops = record.ops.map((raw, i) => parseOp(raw, i, model, file, doc));
  return { model, ops };
}

function chooseModel(named: unknown, override: string | undefined, file: string, line: number)
  : Model {
  const name = override ?? named;
  if (name === undefined) {
    throw new HistoryFormatError(file, line, `no "model" in the file; pass --model (one of ${
      modelNames().join(', ')})`);
  }
  const model = typeof name === 'string' ? getModel(name) : undefined;
  if (model === undefined) {
    throw new HistoryFormatError(file, override === undefined ? line : 0,
      `unknown model ${JSON.stringify(name)}; known: ${modelNames().join(', ')}`);
  }
  return model;
}

function parseOp(raw: unknown, index: number, model: Model, file: string, doc: JsonDocument)
  : Operation {
  const line = typeof raw === 'object' && raw !== null ? doc.lineOf(raw) : 0;
  const fail = (reason: string): never => {
    throw new HistoryFormatError(file, line, `ops[${index}]: ${reason}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('not an object');
  const o = raw as Record<string, unknown>;
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  if (!isInt(o.client)) fail(`"client" must be an integer, got ${JSON.stringify(o.client)}`);
  if (!isInt(o.call)) fail(`"call" must be an integer, got ${JSON.stringify(o.call)}`);
  if (o.return !== null && !isInt(o.return)) {
    fail(`"return" must be an integer or null, got ${JSON.stringify(o.return)}`);
  }
  const ret = o.return as number | null;
  if (ret !== null && ret < (o.call as number)) fail(`"call" ${o.call} is after "return" ${ret}`);
  if (!('output' in o)) fail('missing "output" (use null for an unknown result)');
  if (ret === null && o.output !== null) {
    fail('an operation that never returned ("return": null) must have "output": null');
  }
  try {
    const { input, output } = model.parseOp(o.input, o.output);
    return { client: o.client as number, call: o.call as number, return: ret, input, output, line };
  } catch (e) {
    if (e instanceof OpShapeError) return fail(`${e.message} (model ${model.name})`);
    throw e;
  }
}
