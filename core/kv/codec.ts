import type { Op } from '../rsm/rsm.ts';
import { jsonCodec } from '../rsm/rsm.ts';
import type { Codec } from '../rsm/types.ts';
import type { KvRequest } from './types.ts';

const OPS = new Set(['get', 'put', 'putPlain', 'append']);

/** Validates a decoded KV op: Raft commands come from the log, which is input. */
function validateOp(v: unknown): Op<KvRequest> {
  const o = v as Op<KvRequest>;
  const ok = typeof o === 'object' && o !== null && Number.isInteger(o.me) &&
    Number.isInteger(o.inc) && Number.isInteger(o.id) && typeof o.req === 'object' &&
    o.req !== null && OPS.has(o.req.op) && typeof o.req.key === 'string';
  if (!ok) throw new Error(`kv: malformed op in the log: ${JSON.stringify(v)}`);
  return o;
}

export const kvOpCodec: Codec<Op<KvRequest>> = jsonCodec(validateOp);
