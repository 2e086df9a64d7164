import type { Model } from '../types.ts';
import type { LoadedHistory } from './history.ts';
import { EventLog, numberedLines } from './events.ts';

/**
 * Jepsen etcd logs from Porcupine's corpus (`INFO jepsen.util - PROC TYPE F ARG`, tab or space
 * separated): a cas-register. `:fail :cas` means the cas ran and found another value
 * ({ok: false}), as Porcupine's etcd model reads it; `:fail :read :timed-out` is a read with an
 * unknown result; `:info ... :timed-out` leaves the operation open (never returned).
 */
const PREFIX = String.raw`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+`;
const RE = {
  invokeRead: new RegExp(PREFIX + String.raw`:invoke\s+:read\s+nil$`),
  invokeWrite: new RegExp(PREFIX + String.raw`:invoke\s+:write\s+(\d+)$`),
  invokeCas: new RegExp(PREFIX + String.raw`:invoke\s+:cas\s+\[(\d+)\s+(\d+)\]$`),
  returnRead: new RegExp(PREFIX + String.raw`:ok\s+:read\s+(nil|\d+)$`),
  returnWrite: new RegExp(PREFIX + String.raw`:ok\s+:write\s+(\d+)$`),
  returnCas: new RegExp(PREFIX + String.raw`:(ok|fail)\s+:cas\s+\[(\d+)\s+(\d+)\]$`),
  timeoutRead: new RegExp(PREFIX + String.raw`:fail\s+:read\s+:timed-out$`),
  info: new RegExp(PREFIX + String.raw`:info\s+:(read|write|cas)\s+:timed-out$`),
};

export const ETCD_LINE = RE.invokeRead;

/**
 * Jepsen ends every line with a newline and logs an :info for every op whose outcome is unknown,
 * so a log is whole only if it ends with a newline and no op is left open: a log cut mid-line
 * can still parse (`:ok :read 12` cut to `:ok :read 1`), and one cut between lines leaves ops
 * open. Either is an error, as is an empty log (Porcupine's etcd_095.log: a run that failed).
 */
export function parsePorcupineEtcd(text: string, file: string, model: Model): LoadedHistory {
  const log = new EventLog(file);
  let last = 0;
  for (const { line, text: t } of numberedLines(text)) {
    last = line;
    if (t.trim() === '') continue;
    if (!parseLine(log, t.trim(), line)) {
      log.fail(line, `not a Porcupine etcd log line: ${JSON.stringify(t.slice(0, 60))}`);
    }
  }
  if (text !== '' && !text.endsWith('\n')) {
    log.fail(last, 'the last line has no newline: the log may be cut mid-line');
  }
  const hint = 'an op whose outcome is unknown needs an :info line';
  return { model, ops: log.finish(model, { cut: true, hint }) };
}

function parseLine(log: EventLog, t: string, line: number): boolean {
  let m: RegExpExecArray | null;
  if ((m = RE.invokeRead.exec(t))) log.invoke(+m[1]!, 'read', { op: 'read' }, line);
  else if ((m = RE.invokeWrite.exec(t))) {
    log.invoke(+m[1]!, 'write', { op: 'write', value: +m[2]! }, line);
  } else if ((m = RE.invokeCas.exec(t))) {
    log.invoke(+m[1]!, 'cas', { op: 'cas', from: +m[2]!, to: +m[3]! }, line);
  } else if ((m = RE.returnRead.exec(t))) {
    log.complete(+m[1]!, 'read', { value: m[2] === 'nil' ? null : +m[2]! }, line);
  } else if ((m = RE.returnWrite.exec(t))) log.complete(+m[1]!, 'write', {}, line);
  else if ((m = RE.returnCas.exec(t))) log.complete(+m[1]!, 'cas', { ok: m[2] === 'ok' }, line);
  else if ((m = RE.timeoutRead.exec(t))) log.complete(+m[1]!, 'read', null, line);
  else if ((m = RE.info.exec(t))) log.crash(+m[1]!, m[2]!, line);
  else return false;
  return true;
}
