import { EventQueue } from './events.ts';
import type { History } from './history.ts';
import { Network } from './network.ts';
import { defaultKvServiceFactory, type KvServiceFactory } from './kv-service.ts';
import { defaultNodeFactory, type NodeFactory } from './raft-host.ts';
import { RandomStreams } from './random.ts';
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

  constructor(readonly seed: number, sink: TraceSink | null) {
    this.streams = new RandomStreams(seed);
    this.trace = new Trace(sink, () => this.queue.executed);
    this.network = new Network(this.queue, this.streams, this.trace);
    this.scheduler = new Scheduler(this.queue);
  }

  get now(): number {
    return this.queue.now;
  }

  note(who: string, what: string): void {
    this.trace.event(this.queue.now, who, what);
  }
}
