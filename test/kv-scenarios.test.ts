import test from 'ava';
import { check, getModel, type Operation } from '../checker/index.ts';
import type { VInput, VOutput } from '../checker/models/kv-versioned.ts';
import { kvSuite } from '../scenarios/kv/index.ts';
import { SeededRandom } from '../sim/random.ts';
import { runScenario } from '../sim/runner.ts';

/**
 * The course's 2025 KV suite (4B, 4C) as scenarios: every one passes on seeds 1..3, and every
 * one checked its client history for linearizability and got a decision (GenericTest: once per
 * iteration, on the cumulative history; the other tests once at the end).
 */
const SEEDS = [1, 2, 3];

const IDS_4B = ['Basic4B', 'Speed4B', 'Concurrent4B', 'Unreliable4B', 'OnePartition4B',
  'ManyPartitionsOneClient4B', 'ManyPartitionsManyClients4B', 'PersistOneClient4B',
  'PersistConcurrent4B', 'PersistConcurrentUnreliable4B', 'PersistPartition4B',
  'PersistPartitionUnreliable4B', 'PersistPartitionUnreliableLinearizable4B'];
const IDS_4C = ['SnapshotRPC4C', 'SnapshotSize4C', 'Speed4C', 'SnapshotRecover4C',
  'SnapshotRecoverManyClients4C', 'SnapshotUnreliable4C', 'SnapshotUnreliableRecover4C',
  'SnapshotUnreliableRecoverConcurrentPartition4C',
  'SnapshotUnreliableRecoverConcurrentPartitionLinearizable4C'];

/** How many history checks each kind of scenario makes (GenericTest: 3 iterations). */
const ONE_CHECK = new Set(['Speed4B', 'OnePartition4B', 'SnapshotRPC4C', 'SnapshotSize4C',
  'Speed4C']);

test('kv suite: the course\'s 22 tests, in its order, with its titles', (t) => {
  t.deepEqual(kvSuite.map((s) => s.id), [...IDS_4B, ...IDS_4C]);
  const title = (id: string): string => kvSuite.find((s) => s.id === id)!.title;
  t.is(title('Basic4B'), 'Test: one client (4B basic) (reliable network)');
  t.is(title('Unreliable4B'), 'Test: many clients (4B many clients) (unreliable network)');
  t.is(title('OnePartition4B'), 'Test: one client (4B progress in majority) (unreliable network)');
  t.is(title('SnapshotRPC4C'), 'Test: snapshots, one client (4C SnapshotsRPC) (reliable network)');
  t.is(title('PersistPartitionUnreliableLinearizable4B'), 'Test: restarts, partitions, ' +
    'random keys, many clients (4B restarts, partitions, random keys, many clients) ' +
    '(unreliable network)');
  for (const s of kvSuite) t.is(s.source, `6.5840 2025 kvraft1 Test${s.id}`);
});

for (const scenario of kvSuite) {
  test(`kv scenario ${scenario.id} passes on seeds ${SEEDS.join(', ')}, history checked`, (t) => {
    for (const seed of SEEDS) {
      const r = runScenario(scenario, seed);
      t.true(r.ok, `seed ${seed}: ${JSON.stringify(r.failure)}`);
      t.is(r.histories.length, 1);
      const h = r.histories[0]!;
      t.true(h.ops.length > 0);
      const checks = ONE_CHECK.has(scenario.id) ? ['check 1'] : ['check 1', 'check 2', 'check 3'];
      t.deepEqual(h.checks.map((c) => `${c.when}: ${c.verdict}`),
        checks.map((c) => `${c}: ok`), `seed ${seed}`);
      t.is(h.checks.at(-1)!.ops, h.ops.length, `seed ${seed}: the last check saw every op`);
    }
  });
}

// ---- The reduction keeps the verdict (differential, on small random histories). ----

type VOp = Operation<VInput, VOutput>;

const PUT_OUTPUTS = ['OK', 'ErrVersion', 'ErrMaybe', null] as const;

/** Up to 8 ops on one or two keys, versions 0-2, values a/b, random outputs and intervals. */
function randomHistory(rng: SeededRandom): VOp[] {
  const ops: VOp[] = [];
  const n = 1 + rng.below(8);
  for (let i = 0; i < n; i++) {
    const key = rng.below(4) === 0 ? 'y' : 'x';
    const call = rng.below(10);
    const ret = call + rng.below(6);
    const value = rng.below(2) === 0 ? 'a' : 'b';
    if (rng.below(2) === 0) {
      const out = PUT_OUTPUTS[rng.below(PUT_OUTPUTS.length)]!;
      ops.push({ client: i, call, return: out === null ? null : ret,
        input: { op: 'put', key, value, version: rng.below(3) },
        output: out === null ? null : { err: out } });
    } else {
      const version = rng.below(3);
      const output = version === 0 ? { err: 'ErrNoKey' as const, value: '', version }
        : { err: 'OK' as const, value, version };
      ops.push({ client: i, call, return: ret, input: { op: 'get', key }, output });
    }
  }
  return ops;
}

test('kv-versioned simplification: same verdict as the plain search on 20,000 random histories',
  (t) => {
    const model = getModel('kv-versioned')!;
    const { simplify, ...rest } = model;
    const plain = rest as typeof model;
    const rng = new SeededRandom('kv-reduce');
    let reducedSome = 0;
    const verdicts = { ok: 0, illegal: 0 };
    for (let k = 0; k < 20_000; k++) {
      const ops = randomHistory(rng);
      const a = check(plain, ops).verdict;
      const b = check(model, ops).verdict;
      if (a !== b) t.fail(`verdict ${a} became ${b}: ${JSON.stringify(ops)}`);
      if (a === 'ok' || a === 'illegal') verdicts[a] += 1;
      const s = simplify!(ops);
      const changed = s.drop.some((d) => d) || s.outputs.some((o, i) => o !== ops[i]!.output &&
        ops[i]!.return !== null);
      if (changed) reducedSome += 1;
    }
    t.true(reducedSome > 1000, `only ${reducedSome} histories were reduced`);
    t.true(verdicts.ok > 1000 && verdicts.illegal > 1000, JSON.stringify(verdicts));
  });
