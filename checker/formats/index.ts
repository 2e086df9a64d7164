import { getModel, modelNames } from '../models/index.ts';
import type { Model } from '../types.ts';
import { HistoryFormatError } from './error.ts';
import type { LoadedHistory } from './history.ts';
import { parseJepsenEdn } from './jepsen-edn.ts';
import { parseJsonHistory } from './json.ts';
import { ETCD_LINE, parsePorcupineEtcd } from './porcupine-etcd.ts';
import { KV_LINE, parsePorcupineKv } from './porcupine-kv.ts';

export const FORMATS = ['json', 'porcupine-etcd', 'porcupine-kv', 'jepsen-edn'] as const;
export type Format = (typeof FORMATS)[number];

/** The model each text format implies when --model is not given. */
const DEFAULT_MODEL: Record<Exclude<Format, 'json'>, string> = {
  'porcupine-etcd': 'cas-register',
  'porcupine-kv': 'kv',
  'jepsen-edn': 'cas-register',
};

/** Guesses the format from the first non-blank line; undefined if nothing fits. */
export function detectFormat(text: string): Format | undefined {
  let first: string | undefined;
  for (let at = 0; first === undefined && at < text.length;) {
    const end = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
    const line = text.slice(at, end).trim();
    if (line !== '') first = line;
    at = end + 1;
  }
  if (first === undefined) return undefined;
  if (/^INFO\s+jepsen\.util\s+-\s+\d+\s+:/.test(first) || ETCD_LINE.test(first)) {
    return 'porcupine-etcd';
  }
  if (KV_LINE.test(first)) return 'porcupine-kv';
  if (/^\{\s*"/.test(first) || first === '{') return 'json';
  if (/^[[{(#;]/.test(first) || first.startsWith('{:')) return 'jepsen-edn';
  return undefined;
}

export interface LoadOptions {
  readonly format?: Format;
  readonly model?: string;
}

/**
 * Parses a history file's text. Format: given, or detected. Model: --model, else the file's own
 * ("model" in JSON), else the format's default. Throws HistoryFormatError naming file and line.
 */
export function loadHistory(text: string, file: string, options: LoadOptions = {}): LoadedHistory {
  if (text.trim() === '') throw emptyFile(file, text);
  const format = options.format ?? detectFormat(text);
  if (format === undefined) {
    throw new HistoryFormatError(file, 1, `cannot tell the format; pass --format (${
      FORMATS.join(', ')})`);
  }
  if (format === 'json') return parseJsonHistory(text, file, options.model);
  const model = modelByName(options.model ?? DEFAULT_MODEL[format], file);
  if (format === 'porcupine-etcd') return parsePorcupineEtcd(text, file, model);
  if (format === 'porcupine-kv') return parsePorcupineKv(text, file, model);
  return parseJepsenEdn(text, file, model);
}

/**
 * An empty or blank file is an error in every format, never a linearizable empty history: it is
 * what a run that never started or a write that never happened leaves (Porcupine's etcd_095.log,
 * whose etcd cluster failed to start), and it must not pass a CI gate. A history that really is
 * empty says so: `{"model": ..., "ops": []}` in JSON, `[]` in Jepsen EDN.
 */
function emptyFile(file: string, text: string): HistoryFormatError {
  const what = text === '' ? 'empty file' : 'blank file (only whitespace)';
  return new HistoryFormatError(file, 0, `${what}: no history to check (an empty history is `
    + 'written {"model": M, "ops": []} in JSON or [] in EDN)');
}

function modelByName(name: string, file: string): Model {
  const model = getModel(name);
  if (model === undefined) {
    throw new HistoryFormatError(file, 0, `unknown model ${JSON.stringify(name)}; known: ${
      modelNames().join(', ')}`);
  }
  return model;
}
