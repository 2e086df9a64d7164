import type { Model } from '../types.ts';
import type { LoadedHistory } from './history.ts';
import { EventLog, numberedLines } from './events.ts';

/**
 * Porcupine's kv logs: one EDN-like map per line, exact spacing,
 * `{:process P, :type :invoke|:ok, :f :get|:put|:append, :key "K", :value "V"|nil}`.
 * Values never contain a double quote, so the greedy patterns are safe. The format has no
 * :info or :fail, so an op left open at the end means the log was cut short: an error, as is a
 * log without operations.
 */
const P = String.raw`^\{:process (\d+), :type `;
const RE = {
  invokeGet: new RegExp(P + String.raw`:invoke, :f :get, :key "(.*)", :value nil\}$`),
  invokeSet: new RegExp(P + String.raw`:invoke, :f :(put|append), :key "(.*)", :value "(.*)"\}$`),
  returnGet: new RegExp(P + String.raw`:ok, :f :get, :key ".*", :value "(.*)"\}$`),
  returnSet: new RegExp(P + String.raw`:ok, :f :(put|append), :key ".*", :value (?:".*"|nil)\}$`),
};

export const KV_LINE = /^\{:process \d+, :type :(invoke|ok), :f :(get|put|append), :key "/;

export function parsePorcupineKv(text: string, file: string, model: Model): LoadedHistory {
  const log = new EventLog(file);
  for (const { line, text: t } of numberedLines(text)) {
    if (t.trim() === '') continue;
    if (!parseLine(log, t.trim(), line)) {
      log.fail(line, `not a Porcupine kv log line: ${JSON.stringify(t.slice(0, 60))}`);
    }
  }
  const hint = 'this format has no :info, so every :invoke needs its :ok';
  return { model, ops: log.finish(model, { cut: true, hint }) };
}

function parseLine(log: EventLog, t: string, line: number): boolean {
  let m: RegExpExecArray | null;
  if ((m = RE.invokeGet.exec(t))) log.invoke(+m[1]!, 'get', { op: 'get', key: m[2] }, line);
  else if ((m = RE.invokeSet.exec(t))) {
    log.invoke(+m[1]!, m[2]!, { op: m[2], key: m[3], value: m[4] }, line);
  } else if ((m = RE.returnGet.exec(t))) log.complete(+m[1]!, 'get', { value: m[2] }, line);
  else if ((m = RE.returnSet.exec(t))) log.complete(+m[1]!, m[2]!, {}, line);
  else return false;
  return true;
}
