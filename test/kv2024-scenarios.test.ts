import test from 'ava';
import { kv2024Suite } from '../scenarios/kv2024/index.ts';
import { checkClntAppends } from '../scenarios/kv2024/tester.ts';
import { ScenarioFailure } from '../scenarios/failure.ts';
import { allScenarios, findScenario } from '../scenarios/index.ts';
import { checkHistory } from '../scenarios/kv/history-check.ts';
import { History } from '../sim/history.ts';
import { runScenario } from '../sim/runner.ts';

/**
 * The course's 2018-2024 KV suite in its 2024 names (kvraft, 4A/4B) as `kv2024/` scenarios:
 * every one passes on seeds 1..2, and every one checked its whole history with the Append (kv)
 * model exactly once, at the end, and got a decision.
 */
const SEEDS = [1, 2];

const IDS_4A = ['Basic4A', 'Speed4A', 'Concurrent4A', 'Unreliable4A', 'UnreliableOneKey4A',
  'OnePartition4A', 'ManyPartitionsOneClient4A', 'ManyPartitionsManyClients4A',
  'PersistOneClient4A', 'PersistConcurrent4A', 'PersistConcurrentUnreliable4A',
  'PersistPartition4A', 'PersistPartitionUnreliable4A',
  'PersistPartitionUnreliableLinearizable4A'];
const IDS_4B = ['SnapshotRPC4B', 'SnapshotSize4B', 'Speed4B', 'SnapshotRecover4B',
  'SnapshotRecoverManyClients4B', 'SnapshotUnreliable4B', 'SnapshotUnreliableRecover4B',
  'SnapshotUnreliableRecoverConcurrentPartition4B',
  'SnapshotUnreliableRecoverConcurrentPartitionLinearizable4B'];

test('kv2024: the course\'s 23 tests, in order, with their titles, after the 2025 suites', (t) => {
  t.deepEqual(kv2024Suite.map((s) => s.id), [...IDS_4A, ...IDS_4B].map((id) => `kv2024/${id}`));
  const title = (id: string): string => kv2024Suite.find((s) => s.id === `kv2024/${id}`)!.title;
  t.is(title('Basic4A'), 'Test: one client (4A)');
  t.is(title('Speed4A'), 'Test: ops complete fast enough (4A)');
  t.is(title('UnreliableOneKey4A'), 'Test: concurrent append to same key, unreliable (4A)');
  t.is(title('OnePartition4A'), 'Test: progress in majority (4A)');
  t.is(title('PersistPartitionUnreliableLinearizable4A'),
    'Test: unreliable net, restarts, partitions, random keys, many clients (4A)');
  t.is(title('SnapshotRPC4B'), 'Test: InstallSnapshot RPC (4B)');
  t.is(title('SnapshotSize4B'), 'Test: snapshot size is reasonable (4B)');
  t.is(title('SnapshotUnreliableRecoverConcurrentPartitionLinearizable4B'), 'Test: unreliable ' +
    'net, restarts, partitions, snapshots, random keys, many clients (4B)');
  for (const s of kv2024Suite) t.is(s.source, `6.5840 2024 kvraft Test${s.id.slice(7)}`);
  const ids = allScenarios.map((s) => s.id);
  t.true(ids.indexOf('kv2024/Basic4A') > ids.indexOf('SnapshotUnreliableRecover4C'));
});

test('kv2024: checkClntAppends finds a missing, a duplicated and a reordered element', (t) => {
  const el = (j: number): string => `x 3 ${j} y`;
  t.notThrows(() => checkClntAppends(3, `${el(0)}x 1 0 y${el(1)}`, 2));
  const fails = (v: string): string =>
    t.throws(() => checkClntAppends(3, v, 2), { instanceOf: ScenarioFailure })!.message;
  t.regex(fails(el(0)), /missing element x 3 1 y/);
  t.regex(fails(el(0) + el(1) + el(0)), /duplicate element x 3 0 y/);
  t.regex(fails(el(1) + el(0)), /wrong order for element x 3 1 y/);
});

for (const scenario of kv2024Suite) {
  test(`${scenario.id} passes on seeds ${SEEDS.join(', ')}, history checked once`, (t) => {
    for (const seed of SEEDS) {
      const r = runScenario(scenario, seed);
      t.true(r.ok, `seed ${seed}: ${JSON.stringify(r.failure)}`);
      t.is(r.histories.length, 1);
      const h = r.histories[0]!;
      t.is(h.model, 'kv');
      t.true(h.ops.length > 0);
      t.deepEqual(h.checks.map((c) => `${c.when}: ${c.verdict} (${c.ops} ops)`),
        [`check 1: ok (${h.ops.length} ops)`], `seed ${seed}`);
    }
  });
}

/**
 * UnreliableOneKey4A's history (a Put, 50 concurrent Appends of distinct elements, one Get) is
 * decided by the real checker, not a hand-written check: it accepts the run's history, and
 * refuses the same history whose final Get shows two elements swapped whose Appends did not
 * overlap (the second was called after the first returned), or one element lost.
 */
test('kv2024/UnreliableOneKey4A: the checker decides the one-key history, and refuses a forged Get',
  (t) => {
    const r = runScenario(findScenario('kv2024/UnreliableOneKey4A')!, 1);
    t.true(r.ok, JSON.stringify(r.failure));
    const h = r.histories[0]!;
    t.is(checkHistory(h).result.verdict, 'ok');
    const get = h.ops.at(-1)!;
    t.is(get.input.op, 'get');
    const value = (get.output as { value: string }).value;
    const appends = h.ops.filter((o) => o.input.op === 'append');
    const first = appends.find((p) => appends.some((q) => p.return! < q.call))!;
    const then = appends.find((q) => first.return! < q.call)!;
    const [a, b] = [first.input.value as string, then.input.value as string];
    t.true(value.indexOf(a) < value.indexOf(b));
    const forge = (v: string): History => {
      const copy = new History(h.model);
      for (const op of h.ops) copy.ops.push(op === get ? { ...op, output: { value: v } } : op);
      return copy;
    };
    const swapped = value.replace(a, '#').replace(b, a).replace('#', b);
    t.is(checkHistory(forge(swapped)).result.verdict, 'illegal');
    t.is(checkHistory(forge(value.replace(b, ''))).result.verdict, 'illegal');
  });
