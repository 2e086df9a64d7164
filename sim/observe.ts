import type { Ready } from '../core/raft/types.ts';
import type { HistoryOp } from './history.ts';
import type { CallOptions, Endpoint, NetworkOptions } from './network.ts';
import type { RaftHost } from './raft-host.ts';
import type { RunFailure } from './runner.ts';

/**
 * The simulator's structured observation channel (the run timeline reads it; see
 * sim/recorder.ts). The trace (sim/trace.ts) is prose that feeds the run's hash; this channel is
 * typed and optional: a World without an observer calls nothing (every hook is `observer?.x()`,
 * whose arguments are not even evaluated), and a World with one runs exactly the same events,
 * draws, trace lines and hash.
 *
 * Contract for implementations: only read. Never draw from the run's random streams, schedule
 * events, write the trace, throw, or change any object a hook hands over (messages, logs, nodes).
 *
 * An RPC is identified by its CallOptions object: the network creates none and passes the
 * caller's through every step of one call (send, arrival, reply, failure), and every caller
 * builds a fresh one per call.
 */
export interface RunObserver {
  /** The World this observer watches; called once, before the scenario builds anything. */
  attach(clock: () => number): void;
  /** A cluster of servers 0..n-1 now exists. */
  servers(n: number): void;
  /** A server incarnation started (its node rebuilt from the persister). */
  started(host: RaftHost): void;
  crashed(host: RaftHost): void;
  /** After each Ready of a node, before the safety monitor sees it and before its effects. */
  ready(host: RaftHost, ready: Ready): void;

  /** A request left `from` (fate 'sent'), or was lost at once, or its target was unreachable. */
  sent(call: CallOptions, from: Endpoint, to: number, request: unknown, fate: SendFate,
    delayMs: number, opts: NetworkOptions): void;
  /** The request reached its target's handler, or found the server dead. */
  arrived(call: CallOptions, target: Endpoint, delivered: boolean): void;
  /** The handler answered; the reply travels, is lost, or the server was cut off or crashed. */
  replied(call: CallOptions, reply: unknown, fate: ReplyFate, delayMs: number): void;
  /** The reply reached the caller, or the caller's incarnation was gone. */
  replyArrived(call: CallOptions, delivered: boolean): void;
  /** The handler's server was cut off or crashed while handling: no reply will come. */
  abandoned(call: CallOptions): void;
  /** The caller was told the call failed (only callers that asked to be told). */
  failed(call: CallOptions): void;

  /** A directed link changed (setLink; clients' allowed servers come through allow). */
  link(from: number, to: number, on: boolean): void;
  slow(id: number, ms: number): void;
  allow(client: number, servers: readonly number[] | null): void;
  /** The cluster's connectivity helpers, called before they change the links. */
  partition(groups: readonly (readonly number[])[]): void;
  connect(server: number, on: boolean): void;

  /** A client operation begins; the returned token is handed to `returned`. */
  invoke(client: number, op: ClientOpView, history: HistoryOp | null): number;
  returned(token: number, result: unknown): void;

  /** A tester or harness note (World.note): free text, shown, never parsed. */
  note(who: string, what: string): void;
  /** The run ended (failure null: passed). */
  finished(failure: RunFailure | null): void;
}

export type SendFate = 'sent' | 'lost' | 'unreachable';
export type ReplyFate = 'sent' | 'lost' | 'cut';

/** What every client op looks like (the Clerks' ClerkOp and CppOp). */
export interface ClientOpView {
  readonly op: string;
  readonly key: string;
  readonly value?: string;
  readonly version?: number;
}
