import { isRequest, type Message } from '../core/raft/types.ts';
import { describeMessage } from './raft-host.ts';

/**
 * Short texts of commands, payloads and results for the timeline (display only: nothing reads
 * them back). Commands are opaque bytes: printable UTF-8 is shown as text (the course suites
 * encode JSON), anything else as hex.
 */
const COMMAND_CHARS = 60;
const INFO_CHARS = 140;
const decoder = new TextDecoder('utf-8');
const texts = new WeakMap<Uint8Array, string>();

export function commandText(bytes: Uint8Array): string {
  const known = texts.get(bytes);
  if (known !== undefined) return known;
  const s = decoder.decode(bytes);
  const printable = !/[\u0000-\u001f\u007f\ufffd]/.test(s);
  const text = printable ? cut(s, COMMAND_CHARS)
    : `0x${[...bytes.subarray(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')}` +
      `${bytes.length > 12 ? '…' : ''} (${bytes.length} bytes)`;
  texts.set(bytes, text);
  return text;
}

const RAFT_TYPES = new Set(['RequestVote', 'RequestVoteReply', 'AppendEntries',
  'AppendEntriesReply', 'InstallSnapshot', 'InstallSnapshotReply']);

function raftMessage(p: unknown): Message | null {
  if (typeof p !== 'object' || p === null) return null;
  const type = (p as { type?: unknown }).type;
  return typeof type === 'string' && RAFT_TYPES.has(type) ? p as Message : null;
}

/** A request's type: the Raft request type, or the client op (Get, Put, Append...). */
export function payloadType(request: unknown): string {
  const m = raftMessage(request);
  if (m !== null) return isRequest(m) ? m.type : m.type.replace(/Reply$/, '');
  const req = (request as { req?: { op?: unknown } } | null)?.req;
  const op = typeof req?.op === 'string' ? req.op : 'rpc';
  return op[0]!.toUpperCase() + op.slice(1);
}

export function entriesOf(request: unknown): number {
  const m = raftMessage(request);
  return m?.type === 'AppendEntries' ? m.entries.length : 0;
}

export function payloadInfo(label: string, payload: unknown): string {
  const m = raftMessage(payload);
  if (m !== null) return describeMessage(m);
  const body = (payload as { req?: unknown } | null)?.req ?? payload;
  return cut(`${label} ${json(body)}`, INFO_CHARS);
}

export function resultText(result: unknown): string {
  return cut(json(result), INFO_CHARS);
}

function json(v: unknown): string {
  const s = JSON.stringify(v, (_k, x: unknown) =>
    (x instanceof Uint8Array ? `<${x.length} bytes>` : x));
  return s ?? String(v);
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
