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

export function parsePorcupineEtcd(text: string, file: string, model: Model): LoadedHistory {
  const log = new EventLog(file);
  for (const { line, text: t } of numberedLines(text)) {
    if (t.trim() === '') continue;
    if (!parseLine(log, t.trim(), line)) {
      log.fail(line, `not a Porcupine etcd log line: ${JSON.stringify(t.slice(0, 60))}`);
    }
  }
  return { model, ops: log.finish(model) };
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
  else if ((m = RE.info.exec(t))) log.crash(+m[1]!);
  else return false;
  return true;
}
