import { assert } from '../assert.ts';
import type { KvReply, KvRequest, KvRpcReply } from './types.ts';

/** What a Clerk is asked to do (one at a time). Writes of the old era get (client, seq) here. */
export type ClerkOp =
  | { readonly op: 'get'; readonly key: string }
  | { readonly op: 'put'; readonly key: string; readonly value: string; readonly version: number }
  | { readonly op: 'putPlain'; readonly key: string; readonly value: string }
  | { readonly op: 'append'; readonly key: string; readonly value: string };

/** A Clerk's answer: the server's reply, with ErrVersion on a re-sent Put turned into ErrMaybe. */
export type ClerkResult = KvReply | { readonly err: 'ErrMaybe' };

export type ClerkEffect =
  | { readonly type: 'send'; readonly to: number; readonly request: KvRequest }
  | { readonly type: 'wait'; readonly ms: number }
  | { readonly type: 'done'; readonly result: ClerkResult };

export interface ClerkOptions {
  /** Pause after every server was tried once without an answer (no busy loop while electing). */
  readonly backoffMs: number;
}

/**
 * The Clerk's decision that is easy to get wrong, as one function, correct by default
 * (`clerkRules`): the override point of the known-bad clerk (scenarios/bugs/clerk/).
 */
export interface ClerkRules {
  /**
   * 6.5840 kvsrv (2025): "if the Clerk receives ErrVersion on a resent RPC, Clerk.Put must
   * return ErrMaybe", because the first attempt may have executed with its reply lost. Is
   * `reply` to `req` such an indeterminate outcome (`resent`: it was sent more than once)?
   * A definite answer would tell the caller that a write which took effect did not happen
   * (raft-bugs.md #36).
   */
  indeterminate(req: KvRequest, reply: KvRpcReply, resent: boolean): boolean;
}

export const clerkRules: ClerkRules = {
  indeterminate: (req, reply, resent) => req.op === 'put' && reply.err === 'ErrVersion' && resent,
};

/**
 * The Clerk as a pure state machine: begin(op) -> effect; then onReply / onFail / onWake -> next
 * effect, until 'done'. It remembers the last leader, tries the others on ErrWrongLeader or no
 * reply, and retries until it gets an answer (the course: "keeps trying forever").
 */
export class Clerk {
  private leader = 0;
  private seq = 0;
  private current: KvRequest | null = null;
  private sends = 0;
  private failuresInRow = 0;
  private readonly rules: ClerkRules;

  /** `rules` replaces the Clerk's decision (the known-bad clerk only). */
  constructor(readonly id: number, readonly servers: readonly number[],
    private readonly opts: ClerkOptions = { backoffMs: 100 }, rules: Partial<ClerkRules> = {}) {
    assert(servers.length > 0, 'clerk: no servers');
    this.rules = { ...clerkRules, ...rules };
  }

  get busy(): boolean {
    return this.current !== null;
  }

  begin(op: ClerkOp): ClerkEffect {
    assert(this.current === null, 'clerk: one operation at a time', { op });
    if (op.op === 'putPlain' || op.op === 'append') {
      this.seq += 1;
      this.current = { ...op, client: this.id, seq: this.seq };
    } else {
      this.current = op;
    }
    this.sends = 0;
    this.failuresInRow = 0;
    return this.send();
  }

  onReply(reply: KvRpcReply): ClerkEffect {
    const req = this.current;
    assert(req !== null, 'clerk: a reply with no operation');
    if (reply.err === 'ErrWrongLeader') return this.next();
    this.current = null;
    if (this.rules.indeterminate(req, reply, this.sends > 1)) {
      // An earlier attempt may have executed with its reply lost.
      return { type: 'done', result: { err: 'ErrMaybe' } };
    }
    return { type: 'done', result: reply };
  }

  onFail(): ClerkEffect {
    assert(this.current !== null, 'clerk: a failure with no operation');
    return this.next();
  }

  onWake(): ClerkEffect {
    return this.send();
  }

  private next(): ClerkEffect {
    this.leader = (this.leader + 1) % this.servers.length;
    this.failuresInRow += 1;
    if (this.failuresInRow % this.servers.length === 0) {
      return { type: 'wait', ms: this.opts.backoffMs };
    }
    return this.send();
  }

  private send(): ClerkEffect {
    this.sends += 1;
    return { type: 'send', to: this.servers[this.leader]!, request: this.current! };
  }
}
