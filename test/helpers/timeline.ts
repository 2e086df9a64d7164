import type { Term } from '../../core/raft/types.ts';
import { timelinePage } from '../../cli/timeline/index.ts';
import type { TimelineData } from '../../cli/timeline/data.ts';
import { findBug } from '../../scenarios/bugs/index.ts';
import { findScenario } from '../../scenarios/index.ts';
import type { RaftHost } from '../../sim/raft-host.ts';
import { RunRecorder, type Recording } from '../../sim/observe-recorder.ts';
import { runScenario, type RunResult } from '../../sim/runner.ts';

/** A server's log as the node holds it: snapshot point and the terms after it. */
export interface TrueLog {
  readonly snapshotIndex: number;
  readonly terms: readonly Term[];
}

/**
 * A recorder that also keeps each server's real log when it was last seen (at its crash, or at
 * the end of the run), read from the node itself, to check what the recording rebuilds.
 */
export class CheckedRecorder extends RunRecorder {
  private readonly hosts: RaftHost[] = [];
  private readonly atCrash = new Map<number, TrueLog>();

  override started(host: RaftHost): void {
    this.hosts[host.id] = host;
    this.atCrash.delete(host.id);
    super.started(host);
  }

  override crashed(host: RaftHost): void {
    this.atCrash.set(host.id, logOf(host));
    super.crashed(host);
  }

  finalLogs(): TrueLog[] {
    return this.hosts.map((h) => this.atCrash.get(h.id) ?? logOf(h));
  }
}

function logOf(h: RaftHost): TrueLog {
  const s = h.node!.status();
  return { snapshotIndex: s.snapshotIndex,
    terms: h.node!.entries(s.snapshotIndex + 1, s.lastIndex).map((e) => e.term) };
}

export interface RecordedRun {
  readonly result: RunResult;
  readonly recording: Recording;
  readonly logs: TrueLog[];
}

export function recordRun(id: string, seed: number, bug?: string): RecordedRun {
  const scenario = findScenario(id);
  if (scenario === undefined) throw new Error(`no scenario ${id}`);
  const rec = new CheckedRecorder();
  const result = runScenario(scenario, seed, { ...findBug(bug ?? '')?.run, observer: rec });
  return { result, recording: rec.recording(), logs: rec.finalLogs() };
}

/**
 * A run of 20,000 to 25,000 events: the first such seed of the long unreliable scenarios, in
 * this order (searched, so that a change to scheduling moves the seed, not the test).
 */
const BIG_CANDIDATES = ['PersistPartitionUnreliableLinearizable4B',
  'SnapshotUnreliableRecoverConcurrentPartitionLinearizable4C', 'UnreliableChurn3C'];

export function bigRun(): RecordedRun & { readonly scenario: string } {
  for (const id of BIG_CANDIDATES) {
    const scenario = findScenario(id)!;
    for (let seed = 1; seed <= 50; seed++) {
      const events = runScenario(scenario, seed).events;
      if (events >= 20_000 && events <= 25_000) return { ...recordRun(id, seed), scenario: id };
    }
  }
  throw new Error(`no seed in 1..50 of ${BIG_CANDIDATES.join(', ')} has 20,000-25,000 events`);
}

/** The page of a recorded run, as `raftsim replay --html` writes it. */
export function pageOf(id: string, run: RecordedRun, bug?: string):
  { html: string; data: TimelineData } {
  const b = bug === undefined ? '' : ` --bug ${bug}`;
  return timelinePage({ scenario: findScenario(id)!, result: run.result,
    recording: run.recording, bug: bug ?? null,
    command: `npx raftsim replay ${id} --seed ${run.result.seed}${b}` });
}
