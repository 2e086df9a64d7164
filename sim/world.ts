import type { ClerkRules } from '../core/kv/clerk.ts';
import { EventQueue } from './events.ts';
import type { History } from './history.ts';
import { Network } from './network.ts';
import { defaultKvServiceFactory, type KvServiceFactory } from './kv-service.ts';
import type { RunObserver } from './observe.ts';
import { defaultNodeFactory, type NodeFactory } from './raft-host.ts';
import { Draws, RandomStreams } from './random.ts';
import { Recorder } from './recorder.ts';
import type { Schedule } from './schedule.ts';
import { SafetyMonitor } from './safety.ts';
import { Scheduler } from './tasks.ts';
import { Trace, type TraceSink } from './trace.ts';

/** Everything one simulated run owns: clock and queue, random streams, network, trace, checkers. */
export class World {
  readonly queue = new EventQueue();
  readonly streams: RandomStreams;
  readonly trace: Trace;
  readonly network: Network;
  readonly scheduler: Scheduler;
  readonly safety = new SafetyMonitor();
  /** Client histories recorded in this run (KV scenarios register theirs here). */
  readonly histories: History[] = [];
  /** How Raft nodes are built; a test may swap in a known-bad variant before the run starts. */
  nodeFactory: NodeFactory = defaultNodeFactory;
  /** How KV services are built (scenarios use this; tests may swap in a known-bad variant). */
  kvServiceFactory: KvServiceFactory = defaultKvServiceFactory;
  /** Replaces the KV clients' Clerk rule (a known-bad clerk); empty: the real Clerk. */
  clerkRules: Partial<ClerkRules> = {};
  /** The structured observer (sim/observe.ts), if any; it never changes the run. */
  observer: RunObserver | null = null;

  /** Records every draw when the run was asked to (shrinking, schedule files). */
  readonly recorder: Recorder | null;

  /**
   * A run from `seed`, or driven by `schedule` (its decisions, benign elsewhere; the seed then
   * only feeds workload data the schedule did not record).
   */
  constructor(readonly seed: number, sink: TraceSink | null,
    opts: { readonly schedule?: Schedule | null; readonly record?: boolean } = {}) {
    this.recorder = opts.record === true ? new Recorder(this.queue) : null;
    this.streams = new RandomStreams(
      new Draws(seed, opts.schedule ?? null, this.recorder, this.queue));
    this.trace = new Trace(sink, () => this.queue.executed);
    this.network = new Network(this.queue, this.streams, this.trace);
    this.scheduler = new Scheduler(this.queue);
  }

  get now(): number {
    return this.queue.now;
  }

  /** Attach a structured observer; before the scenario builds anything (runScenario does). */
  observe(observer: RunObserver): void {
    this.observer = observer;
    this.network.observer = observer;
    observer.attach(() => this.queue.now);
  }

  note(who: string, what: string): void {
    this.trace.event(this.queue.now, who, what);
    this.observer?.note(who, what);
  }
}
