import { SnapshotHandle } from '../../core/raft/snapshot.ts';
import type { ApplyMsg, NodeStatus } from '../../core/raft/types.ts';
import { jsonCodec, Rsm, type Op } from '../../core/rsm/rsm.ts';
import type { Completion, StateMachine } from '../../core/rsm/types.ts';
import { raftPort } from '../../sim/kv-service.ts';
import type { HostService, RaftHost } from '../../sim/raft-host.ts';
import { future, type Scheduler, type Task } from '../../sim/tasks.ts';
import { fail } from '../failure.ts';

/** The tester's requests (rsm/server.go): Inc and Null may be applied; Dec never may. */
export type RsmReq =
  | { readonly type: 'Inc' } | { readonly type: 'Null' } | { readonly type: 'Dec' };
export type RsmRep = { readonly type: 'IncRep'; readonly n: number } | { readonly type: 'NullRep' };
/** What the course's Submit returns: (OK, reply) or (ErrWrongLeader, nil). */
export type SubmitResult =
  | { readonly err: 'OK'; readonly rep: RsmRep }
  | { readonly err: 'ErrWrongLeader' };

export const INC: RsmReq = { type: 'Inc' };
export const NULL: RsmReq = { type: 'Null' };
export const DEC: RsmReq = { type: 'Dec' };

const REQ_TYPES = new Set(['Inc', 'Null', 'Dec']);

/** Raft commands are input: validate the decoded op before the state machine sees it. */
function validateOp(v: unknown): Op<RsmReq> {
  const o = v as Partial<Op<RsmReq>> | null;
  const ok = typeof o === 'object' && o !== null && typeof o.me === 'number' &&
    typeof o.inc === 'number' && typeof o.id === 'number' && typeof o.req === 'object' &&
    o.req !== null && REQ_TYPES.has((o.req as { type?: unknown }).type as string);
  if (!ok) fail('rsm codec', `not an rsm test op: ${JSON.stringify(v)}`);
  return o as Op<RsmReq>;
}

const opCodec = jsonCodec(validateOp);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The course's rsmSrv (kvraft1/rsm/server.go) on one simulated server: the counter state machine
 * under the pure Rsm. A Submit is the course's blocking call made waitable: submit() returns a
 * future that apply/statusChanged/stop complete. Applying a Dec fails the run, as the course's
 * log.Fatalf does. Snapshot and Restore encode the counter.
 */
export class RsmSrv implements HostService, StateMachine<RsmReq, RsmRep> {
  counter = 0;
  readonly rsm: Rsm<RsmReq, RsmRep>;
  private readonly waiting = new Map<number, Task<SubmitResult>>();
  /** Set by stop(): this incarnation is gone, so a late Submit fails at once (Start after Kill). */
  private killed = false;

  constructor(
    private readonly host: RaftHost,
    private readonly scheduler: Scheduler,
    maxRaftState: number,
  ) {
    const config = { me: host.id, incarnation: host.currentIncarnation, maxRaftState };
    this.rsm = new Rsm(config, this, opCodec, raftPort(host));
  }

  get me(): number {
    return this.host.id;
  }

  // ---- StateMachine (DoOp, Snapshot, Restore). ----

  doOp(req: RsmReq): RsmRep {
    switch (req.type) {
      case 'Inc':
        this.counter += 1;
        return { type: 'IncRep', n: this.counter };
      case 'Null':
        return { type: 'NullRep' };
      case 'Dec':
        return fail('DoOp', `server ${this.me}: DoOp should execute only Inc and not Dec`);
    }
  }

  snapshot(): SnapshotHandle {
    return SnapshotHandle.of(encoder.encode(JSON.stringify({ counter: this.counter })));
  }

  restore(data: SnapshotHandle): void {
    let counter: unknown;
    try {
      counter = (JSON.parse(decoder.decode(data.bytes())) as { counter?: unknown }).counter;
    } catch {
      counter = undefined;
    }
    if (typeof counter !== 'number') fail('Restore', `${this.me} couldn't decode counter`);
    this.counter = counter;
  }

  // ---- Submit. ----

  /** rsm.Submit(req): a future of its outcome; ErrWrongLeader at once on a non-leader. */
  submit(req: RsmReq): Task<SubmitResult> {
    const done = future<SubmitResult>(`s${this.me} submit ${req.type}`);
    const r = this.killed ? ({ err: 'ErrWrongLeader' } as const) : this.rsm.submit(req);
    if ('err' in r) this.scheduler.resolve(done, { err: 'ErrWrongLeader' });
    else this.waiting.set(r.ticket, done);
    return done;
  }

  pendingCount(): number {
    return this.waiting.size;
  }

  // ---- HostService. ----

  start(snapshot: Uint8Array): void {
    this.rsm.start(snapshot, this.host.node!.status().snapshotIndex);
  }

  apply(msg: ApplyMsg): void {
    this.complete(this.rsm.apply(msg));
  }

  statusChanged(status: NodeStatus): void {
    this.complete(this.rsm.statusChanged(status));
  }

  /** Kill(): the course's Raft closes applyCh, and every waiting Submit returns. */
  stop(): void {
    this.killed = true;
    this.complete(this.rsm.stop());
  }

  private complete(done: readonly Completion<RsmRep>[]): void {
    for (const c of done) {
      const task = this.waiting.get(c.ticket);
      if (task === undefined) continue;
      this.waiting.delete(c.ticket);
      this.scheduler.resolve(task, c.err === 'OK' ? { err: 'OK', rep: c.result }
        : { err: 'ErrWrongLeader' });
    }
  }
}
