import test from 'ava';
import { findScenario } from '../scenarios/index.ts';
import { raftParts, raftSuite } from '../scenarios/raft/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { RaftCluster } from '../sim/raft-cluster.ts';
import { runScenario } from '../sim/runner.ts';
import type { TraceLine } from '../sim/trace.ts';
import { World } from '../sim/world.ts';
import { raftsim } from './helpers/cli.ts';
import { assertSameSeedSameTrace } from './helpers/determinism.ts';
import { NetHarness } from './helpers/net-harness.ts';

/** Same seed, same run: in one process, across processes, and line by line. */
const COURSE_IDS = [
  'InitialElection3A', 'ReElection3A', 'ManyElections3A', 'BasicAgree3B', 'RPCBytes3B',
  'FollowerFailure3B', 'LeaderFailure3B', 'FailAgree3B', 'FailNoAgree3B', 'ConcurrentStarts3B',
  'Rejoin3B', 'Backup3B', 'Count3B', 'Persist13C', 'Persist23C', 'Persist33C', 'Figure83C',
  'UnreliableAgree3C', 'Figure8Unreliable3C', 'ReliableChurn3C', 'UnreliableChurn3C',
  'SnapshotBasic3D', 'SnapshotInstall3D', 'SnapshotInstallUnreliable3D',
  'SnapshotInstallCrash3D', 'SnapshotInstallUnCrash3D', 'SnapshotAllCrash3D', 'SnapshotInit3D',
];

/** Reliable, crash/restart, unreliable with crashes, unreliable + crash + snapshots (listing
 * order, which is the order the CLI runs them in). */
const SAMPLE = ['InitialElection3A', 'Persist23C', 'Figure8Unreliable3C',
  'SnapshotInstallUnCrash3D'];
const scenario = (id: string): Scenario => findScenario(id)!;

test('the 28 Raft scenario ids are exactly the course test names, in the course order', (t) => {
  t.deepEqual(raftSuite.map((s) => s.id), COURSE_IDS);
});

test('the Raft suite drops no scenario of its part files', (t) => {
  const inParts = raftParts.reduce((n, part) => n + part.length, 0);
  t.is(raftSuite.length, inParts);
  for (const part of raftParts) for (const s of part) t.true(raftSuite.includes(s), s.id);
});

for (const id of SAMPLE) {
  test(`${id}: the same seed twice in one process gives the same run`, (t) => {
    const a = runScenario(scenario(id), 7);
    const b = runScenario(scenario(id), 7);
    t.true(a.ok, a.failure?.message);
    t.deepEqual(a, b);
  });

  test(`${id}: different seeds give different traces`, (t) => {
    const hashes = [1, 2, 3, 4, 5].map((seed) => runScenario(scenario(id), seed).traceHash);
    t.is(new Set(hashes).size, hashes.length);
  });
}

test('a separate process (the CLI) reproduces the in-process runs exactly', async (t) => {
  const r = await raftsim('run', ...SAMPLE, '--seed', '7', '--json');
  t.is(r.code, 0, r.stderr);
  const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  t.deepEqual(rows.map((x) => x.scenario), SAMPLE);
  for (const row of rows) {
    const here = runScenario(scenario(row.scenario), 7);
    const fields = ({ traceHash, simMs, rpcs, bytes, events }: typeof here) =>
      ({ traceHash, simMs, rpcs, bytes, events });
    t.deepEqual(fields(row), fields(here), row.scenario);
  }
});

function fullTrace(id: string): (seed: number) => string {
  return (seed) => {
    const lines: TraceLine[] = [];
    runScenario(scenario(id), seed, { sink: (l) => lines.push(l) });
    return lines.map((l) => JSON.stringify(l)).join('\n');
  };
}

test('Figure8Unreliable3C: the full replay trace is byte-identical across runs', (t) => {
  assertSameSeedSameTrace(t, fullTrace('Figure8Unreliable3C'), [3, 4]);
});

test('SnapshotInstallCrash3D: the full replay trace is byte-identical across runs', (t) => {
  assertSameSeedSameTrace(t, fullTrace('SnapshotInstallCrash3D'), [3, 4]);
});

test('the network alone: same seed, same fault decisions', (t) => {
  assertSameSeedSameTrace(t, (seed) => {
    const h = new NetHarness(seed, { reliable: false, longDelays: true, longReordering: true });
    for (let k = 0; k < 200; k++) h.call();
    h.runUntil(Infinity);
    return JSON.stringify(h.calls);
  });
});

test('a bare cluster: same seed, same elections and heartbeats', (t) => {
  assertSameSeedSameTrace(t, (seed) => {
    const lines: string[] = [];
    const world = new World(seed, (l) => lines.push(`${l.time} ${l.who} ${l.what}`));
    new RaftCluster(world, 5, () => ({ start() {}, apply() {} })).startAll();
    while (world.queue.runNext(3000));
    return lines.join('\n');
  });
});
