import test from 'ava';
import fc from 'fast-check';
import { describeCaught } from './helpers/failures.ts';
import { runSchedule, schedules } from './helpers/fault-schedule.ts';
import { assertProperty } from './helpers/property.ts';

/**
 * Raft's safety properties hold under any fault schedule, and the cluster is live once healed.
 * Each case: 3-5 servers, with or without the 3D applier's snapshots, 5-50 actions (crash,
 * restart, disconnect, connect, partition into up to 3 groups, propose 1-5 commands on a server
 * or on the leader, unreliable/reliable, long reordering on/off, sleep up to 2 s).
 * The SafetyMonitor (Election Safety, Log Matching, Leader Completeness, State Machine Safety,
 * Durability), the tester's applier checks and the core's asserts must never fire. Then every
 * fault is healed, and a leader must commit a final command on every server within LIVENESS_MS
 * of virtual time. A failure prints fast-check's seed and path; replay it with
 * FC_SEED=<seed> FC_PATH=<path> npx ava test/safety-property.test.ts.
 * The same schedules, run on the known-bad Rafts, catch several of them (test/bugs.test.ts).
 */
const NUM_RUNS = 2000; // about 4 s on an idle core

test('safety under arbitrary fault schedules, then liveness once healed', (t) => {
  assertProperty(t, fc.property(schedules, (s) => {
    const out = runSchedule(s);
    if (!out.ok) throw new Error(describeCaught(out.failure));
  }), { numRuns: NUM_RUNS });
});
