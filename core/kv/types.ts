/**
 * The KV service's requests and replies, for both API eras of the course:
 * - 2025: Get -> (value, version) | ErrNoKey; Put(key, value, version) -> OK | ErrVersion |
 *   ErrNoKey (the Clerk adds ErrMaybe). At-most-once by version, no dedup table needed.
 * - 2018-2024: Get -> value ("" if missing); PutPlain(key, value) and Append(key, value), made
 *   exactly-once by (client, seq) duplicate detection.
 */
export type KvRequest =
  | { readonly op: 'get'; readonly key: string }
  | { readonly op: 'put'; readonly key: string; readonly value: string; readonly version: number }
  | { readonly op: 'putPlain'; readonly key: string; readonly value: string;
      readonly client: number; readonly seq: number }
  | { readonly op: 'append'; readonly key: string; readonly value: string;
      readonly client: number; readonly seq: number };

export type GetReply = {
  readonly err: 'OK' | 'ErrNoKey';
  readonly value: string;
  readonly version: number;
};
export type PutReply = { readonly err: 'OK' | 'ErrVersion' | 'ErrNoKey' };
export type WriteReply = { readonly err: 'OK' };
export type KvReply = GetReply | PutReply | WriteReply;

/** What a server answers on the wire: the state machine's reply, or "not the leader". */
export type KvRpcReply = KvReply | { readonly err: 'ErrWrongLeader' };

/** The wire request: a KvRequest tagged so that hosts can tell it from Raft traffic. */
export interface KvRpcRequest {
  readonly type: 'KV';
  readonly req: KvRequest;
}

export function isKvRpcRequest(m: unknown): m is KvRpcRequest {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'KV';
}
