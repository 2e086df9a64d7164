import { AssertionError } from '../core/assert.ts';
import type { ClerkRules } from '../core/kv/clerk.ts';
import { ScenarioFailure } from './failure.ts';
import { SCENARIO_CAP_MS, type Scenario } from './scenario.ts';
import { SafetyViolation } from './safety.ts';
import type { History } from './history.ts';
import type { Recorder } from './recorder.ts';
import type { Schedule } from './schedule.ts';
import type { KvServiceFactory } from './kv-service.ts';
import type { RunObserver } from './observe.ts';
import type { NodeFactory } from './raft-host.ts';
import type { Task } from './tasks.ts';
import type { TraceSink } from './trace.ts';
import { World } from './world.ts';

export interface RunFailure {
  /** 'check' (a scenario check), 'safety' (an invariant), 'assertion' (inside the code under
   * test), 'limit' (virtual-time cap or a stuck run), 'error' (anything else: a harness bug). */
  readonly kind: 'check' | 'safety' | 'assertion' | 'limit' | 'error';
  readonly check: string;
  readonly message: string;
  readonly atMs: number;
  readonly event: number;
  readonly states?: unknown;
}

export interface RunResult {
  readonly scenario: string;
  readonly seed: number;
  readonly ok: boolean;
  readonly simMs: number;
  readonly rpcs: number;
  readonly bytes: number;
  readonly events: number;
  readonly traceHash: string;
  readonly failure: RunFailure | null;
  /** Client histories the run recorded (not part of --json output). */
  readonly histories: readonly History[];
  /** The run's draws, when RunOptions.record was set. */
  readonly recording: Recorder | null;
}

/** Run one scenario at one seed: deterministic, single-threaded, capped in virtual time. */
export interface RunOptions {
  /** Receives every trace line (replay); null keeps only the hash. */
  readonly sink?: TraceSink | null;
  /** Build nodes differently (known-bad variants in tests); the default is the real RaftNode. */
  readonly nodeFactory?: NodeFactory;
  /** Build KV services differently (known-bad variants in tests). */
  readonly kvServiceFactory?: KvServiceFactory;
  /** Build the KV clients' Clerks with a rule replaced (the known-bad clerk in tests). */
  readonly clerkRules?: Partial<ClerkRules>;
  /** Drive the run by a schedule instead of the seed (see sim/schedule.ts). */
  readonly schedule?: Schedule | null;
  /** Record every draw (RunResult.recording). */
  readonly record?: boolean;
  /** A tighter virtual-time cap than SCENARIO_CAP_MS (shrink candidates); a run past it is
   * stopped with failure kind 'limit', check 'time limit'. */
  readonly capMs?: number;
  /** A structured observer (the timeline's recorder); it changes nothing in the run. */
  readonly observer?: RunObserver;
}

export function runScenario(scenario: Scenario, seed: number, opts: RunOptions = {}): RunResult {
  const world = new World(seed, opts.sink ?? null,
    { schedule: opts.schedule ?? null, record: opts.record ?? false });
  const capMs = Math.min(opts.capMs ?? SCENARIO_CAP_MS, SCENARIO_CAP_MS);
  if (opts.nodeFactory !== undefined) world.nodeFactory = opts.nodeFactory;
  if (opts.kvServiceFactory !== undefined) world.kvServiceFactory = opts.kvServiceFactory;
  if (opts.clerkRules !== undefined) world.clerkRules = opts.clerkRules;
  if (opts.observer !== undefined) world.observe(opts.observer);
  world.note('sim', `scenario ${scenario.id} seed ${seed}`);
  const main = world.scheduler.spawn('scenario', scenario.run(world));
  let failure = drive(world, main, capMs);
  if (failure === null && world.scheduler.failure !== null) {
    failure = classify(world.scheduler.failure, world);
  }
  if (failure !== null) world.note('sim', `FAIL ${failure.check}: ${failure.message}`);
  world.observer?.finished(failure);
  return {
    scenario: scenario.id, seed, ok: failure === null, simMs: world.now,
    rpcs: world.network.totalRpcs, bytes: world.network.totalBytes,
    events: world.queue.executed, traceHash: world.trace.hash(), failure,
    histories: world.histories, recording: world.recorder,
  };
}

/**
 * Run events until the scenario's main process is done, a process failed, or a limit is hit;
 * the failure met, if any. A function of its own: the loop is where the optimizing compiler
 * enters a run (on-stack replacement), and in runScenario its code also covered the result's
 * reads of the scenario object, whose shape differs between scenarios: a new shape threw the
 * compiled loop away (dozens of times in one suite, each a costly recompilation).
 */
function drive(world: World, main: Task<void>, capMs: number): RunFailure | null {
  // Events run at the current virtual instant (two numbers, not an object: once per event).
  let instantTime = -1;
  let instantEvents = 0;
  const queue = world.queue;
  try {
    while (!main.done && world.scheduler.failure === null) {
      if (!queue.runNext(capMs)) return limitFailure(world, queue.size > 0, capMs);
      if (instantTime === queue.now) instantEvents += 1;
      else {
        instantTime = queue.now;
        instantEvents = 1;
      }
      if (instantEvents > MAX_EVENTS_PER_INSTANT) return frozenClockFailure(world);
    }
  } catch (e) {
    return classify(e, world);
  }
  return null;
}

/** More events than this at one virtual instant means time has stopped (a livelock). */
export const MAX_EVENTS_PER_INSTANT = 1_000_000;

function frozenClockFailure(world: World): RunFailure {
  return { kind: 'limit', check: 'frozen clock', atMs: world.now, event: world.queue.executed,
    message: `more than ${MAX_EVENTS_PER_INSTANT} events at one virtual instant: a livelock` };
}

function limitFailure(world: World, capped: boolean, capMs: number): RunFailure {
  const message = capped
    ? `did not finish within ${capMs / 1000} s of virtual time`
    : 'stuck: no events left but the scenario has not finished';
  return { kind: 'limit', check: capped ? 'time limit' : 'stuck', message, atMs: world.now,
    event: world.queue.executed };
}

function classify(e: unknown, world: World): RunFailure {
  const at = { atMs: world.now, event: world.queue.executed };
  if (e instanceof ScenarioFailure) {
    return { kind: 'check', check: e.check, message: e.message, ...at };
  }
  if (e instanceof SafetyViolation) {
    return { kind: 'safety', check: e.invariant, message: e.details, states: e.states, ...at };
  }
  if (e instanceof AssertionError) {
    return { kind: 'assertion', check: 'assertion', message: e.message, ...at };
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { kind: 'error', check: 'harness error', message, ...at };
}
