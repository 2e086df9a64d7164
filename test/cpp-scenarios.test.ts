import test from 'ava';
import { cppSuite } from '../scenarios/cpp/index.ts';
import { CppTester } from '../scenarios/cpp/tester.ts';
import { allScenarios, findScenario } from '../scenarios/index.ts';
import { selectScenarios } from '../cli/select.ts';
import { runScenario, type RunResult } from '../sim/runner.ts';
import { sleep, type Proc } from '../sim/tasks.ts';
import type { World } from '../sim/world.ts';
import { raftsim } from './helpers/cli.ts';

/**
 * The C++ lab's KV tests (dslabs-cpp lab-kv-23: tests 1-9; lab-shard-23: the two snapshot
 * tests) as `cpp/` scenarios: every one passes on seeds 1..2, its history is checked with the
 * kv model at the end and decided, and the lab's result codes show in the trace.
 */
const SEEDS = [1, 2];

const TITLES: ReadonlyArray<[string, string]> = [
  ['T1', 'TEST 1: Basic kv operations'],
  ['T2', 'TEST 2: Concurrent kv operations'],
  ['T3', 'TEST 3: Progress with a majority'],
  ['T4', 'TEST 4: No progress with a minority'],
  ['T5', 'TEST 5: Kv operations through re-election'],
  ['T6', 'TEST 6: Progress with a majority and concurrent requests'],
  ['T7', 'TEST 7: Progress with a majority writing the same key'],
  ['T8', 'TEST 8: Progress with a majority testing linearizability'],
  ['T9', 'TEST 9: Progress in unreliable net'],
  ['SnapInstall', 'TEST 9: Basic kv snap : InstallSnapshot RPC'],
  ['SnapSize', 'TEST 10: Basic kv snap : Check Snapshot size is reasonable'],
];

test('cpp: the lab\'s 9 tests and its 2 snapshot tests, in order, with its descriptions', (t) => {
  t.deepEqual(cppSuite.map((s) => [s.id, s.title]), TITLES.map(([id, title]) => [`cpp/${id}`,
    title]));
  t.regex(findScenario('cpp/T1')!.source, /^dslabs-cpp lab-kv-23 testKvBasic/);
  t.regex(findScenario('cpp/SnapSize')!.source, /^dslabs-cpp lab-shard-23 testKvSnapSize/);
});

test('list: the families are contiguous; globs select a family; \'*4?\' stays 2025', async (t) => {
  const ids = allScenarios.map((s) => s.id);
  const family = (id: string): string => (id.includes('/') ? id.slice(0, id.indexOf('/')) : '');
  const runs = ids.map(family).filter((f, i, all) => i === 0 || all[i - 1] !== f);
  t.is(new Set(runs).size, runs.length, `a family is split: ${runs.join(' ')}`);
  t.deepEqual(runs, ['', 'raft2024', 'kv2024', 'cpp', 'paper']);
  t.is(selectScenarios(['kv2024/*']).length, 23);
  t.is(selectScenarios(['cpp/*']).length, 11);
  t.false(selectScenarios(['*4?']).some((s) => s.id.includes('/')));
  const r = await raftsim('list', '--families');
  t.is(r.code, 0, r.stderr);
  const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
  const row = (name: string): string[] => rows.find((x) => x[0] === name)!;
  t.is(row('kv2024')[2], '23');
  t.regex(row('kv2024')[1]!, /2021-2024/);
  t.is(row('cpp')[2], '11');
  t.regex(row('cpp')[1]!, /2023/);
  t.is(rows.reduce((n, x) => n + Number(x[2]), 0), allScenarios.length);
  const list = await raftsim('list');
  t.deepEqual(list.stdout.trimEnd().split('\n'), allScenarios.map((s) => `${s.id}\t${s.title}`));
});

function runTraced(id: string, seed: number): { r: RunResult; lines: string[] } {
  const lines: string[] = [];
  const r = runScenario(findScenario(id)!, seed, { sink: (l) => lines.push(`${l.who} ${l.what}`) });
  return { r, lines };
}

for (const scenario of cppSuite) {
  test(`${scenario.id} passes on seeds ${SEEDS.join(', ')}, history checked`, (t) => {
    for (const seed of SEEDS) {
      const { r, lines } = runTraced(scenario.id, seed);
      t.true(r.ok, `seed ${seed}: ${JSON.stringify(r.failure)}`);
      const h = r.histories[0]!;
      t.is(h.model, 'kv');
      t.deepEqual(h.checks.map((c) => `${c.when}: ${c.verdict} (${c.ops} ops)`),
        [`end: ok (${h.ops.length} ops)`], `seed ${seed}`);
      t.true(lines.includes(`tester ${scenario.title.replace(/:.*/, '')} Passed`));
      t.true(lines.some((l) => /^tester results: KV_SUCCESS \d+, KV_TIMEOUT \d+/.test(l)));
    }
  });
}

test('cpp/T4: the minority Put and Get each end in KV_TIMEOUT and stay pending in the history',
  (t) => {
    const { r, lines } = runTraced('cpp/T4', 1);
    t.true(r.ok);
    t.true(lines.some((l) => /^c0 Put\(1\) returns KV_TIMEOUT$/.test(l)));
    t.true(lines.some((l) => /^c0 Get\(1\) returns KV_TIMEOUT$/.test(l)));
    t.true(lines.some((l) => /ETIMEDOUT/.test(l)));
    const ops = r.histories[0]!.ops;
    t.is(ops.length, 2);
    t.true(ops.every((o) => o.return === null && o.output === null));
  });

test('cpp/T3: a client that starts at server 0 is told KV_NOTLEADER until it finds the leader',
  (t) => {
    const seeds = [1, 2, 3, 4, 5].map((seed) => runTraced('cpp/T3', seed).lines);
    t.true(seeds.some((lines) => lines.some((l) => / KV_NOTLEADER$/.test(l))));
  });

test('unreliable mode: each 100 ms a server is cut off (1/10) or slowed (0-26 ms); then healed',
  (t) => {
    let connectedAtEnd: boolean[] = [];
    const scenario = { id: 'netctl', title: 'netctl', source: 'test', run: (world: World) =>
      (function* (): Proc {
        const ts = new CppTester(world, -1);
        ts.setUnreliable();
        yield* sleep(3000);
        yield* ts.setReliable();
        world.note('tester', 'reliable again');
        connectedAtEnd = [...ts.cluster.connected];
        yield* sleep(1000);
      })() };
    const lines: string[] = [];
    const r = runScenario(scenario, 1, { sink: (l) => lines.push(`${l.who} ${l.what}`) });
    t.true(r.ok, JSON.stringify(r.failure));
    const end = lines.indexOf('tester reliable again');
    const during = lines.slice(0, end);
    // 30 periods x 5 servers at 1/10: some cuts, and some Raft sends that wait their server's slow.
    t.true(during.filter((l) => / disconnect$/.test(l)).length >= 3);
    t.true(during.some((l) => /^s\d AppendEntries -> \d: sent, arrives in \d+ms$/.test(l)));
    t.deepEqual(connectedAtEnd, [true, true, true, true, true]);
    t.false(lines.slice(end).some((l) => /arrives in/.test(l)));
  });
