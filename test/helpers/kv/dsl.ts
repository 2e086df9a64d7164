import type { ClerkResult } from '../../../core/kv/clerk.ts';
import type { KvRequest, KvRpcReply } from '../../../core/kv/types.ts';

/**
 * A one-line notation for KV requests and replies, so table rows read like the course's
 * handout:
 * - `get k`
 * - `put k hello v0`          (2025 versioned Put: key, value, expected version)
 * - `append k x c1#3`         (2018-2024 Append by client 1 with seq 3)
 * - `putPlain k x c1#4`       (2018-2024 Put by client 1 with seq 4)
 * Values are single words here; replies are written by describeReply.
 */
export function req(line: string): KvRequest {
  const [op, key, value, tag, ...rest] = line.trim().split(/\s+/);
  if (op === undefined || key === undefined || rest.length > 0) throw new Error(`dsl: ${line}`);
  if (op === 'get' && value === undefined) return { op, key };
  if (value === undefined || tag === undefined) throw new Error(`dsl: missing fields: ${line}`);
  if (op === 'put') {
    const m = /^v(\d+)$/.exec(tag);
    if (m === null) throw new Error(`dsl: put needs a version like v0: ${line}`);
    return { op, key, value, version: Number(m[1]) };
  }
  const m = /^c(\d+)#(\d+)$/.exec(tag);
  if (m === null || (op !== 'append' && op !== 'putPlain')) throw new Error(`dsl: ${line}`);
  return { op, key, value, client: Number(m[1]), seq: Number(m[2]) };
}

/** `OK "ab" v2`, `ErrNoKey "" v0` (Get); `OK`, `ErrVersion`, `ErrWrongLeader`, `ErrMaybe`. */
export function describeReply(r: KvRpcReply | ClerkResult): string {
  if ('value' in r) return `${r.err} ${JSON.stringify(r.value)} v${r.version}`;
  return r.err;
}

/** The same notation back from a request (for describing what a clerk or server sent). */
export function describeRequest(r: KvRequest): string {
  switch (r.op) {
    case 'get': return `get ${r.key}`;
    case 'put': return `put ${r.key} ${r.value} v${r.version}`;
    case 'append':
    case 'putPlain': return `${r.op} ${r.key} ${r.value} c${r.client}#${r.seq}`;
  }
}
