import test from 'ava';
import fc from 'fast-check';
import { exploreSpec } from '../scenarios/explore/arbitraries.ts';
import { runSpec } from '../scenarios/explore/engine.ts';
import { converged, divergence, shrinkClass } from '../scenarios/explore/oracles.ts';
import { parseSpec, SpecError, type ExploreSpec } from '../scenarios/explore/spec.ts';
import { checkExactlyOnce } from '../scenarios/explore/workload.ts';
import { History } from '../sim/history.ts';
import { Schedule } from '../sim/schedule.ts';
import { RaftCluster } from '../sim/raft-cluster.ts';
import { ScenarioFailure } from '../sim/failure.ts';
import { World } from '../sim/world.ts';

/** Generated runs (scenarios/explore/): specs as data, the oracles, the swarm's reach. */
const specs: ExploreSpec[] = fc.sample(exploreSpec(), { numRuns: 40, seed: 9 });

test('a spec survives JSON and parseSpec unchanged', (t) => {
  for (const s of specs) t.deepEqual(parseSpec(JSON.parse(JSON.stringify(s))), s);
});

test('parseSpec refuses a malformed spec with one line naming the field', (t) => {
  const s = JSON.parse(JSON.stringify(specs[0]!)) as Record<string, any>;
  const bad = (f: (x: Record<string, any>) => void): string | undefined => {
    const x = JSON.parse(JSON.stringify(s)) as Record<string, any>;
    f(x);
    return t.throws(() => parseSpec(x), { instanceOf: SpecError })?.message;
  };
  t.is(bad((x) => { x.extra = 1; }), 'spec: unknown field "extra"');
  t.is(bad((x) => { delete x.servers; }), 'spec: field "servers" is missing');
  t.is(bad((x) => { x.workload.api = 'sql'; }), 'spec.workload.api: not "versioned" or "appends"');
  t.is(bad((x) => { x.net.loss = 1001; }), 'spec.net.loss: not a whole number in 0..1000');
  t.is(bad((x) => { x.faults.crash = [{ at: 1 }]; }),
    'spec.faults.crash[0]: field "leader" is missing');
  t.is(bad((x) => { x.timing.electionMinMs = x.timing.heartbeatMs; }),
    'spec.timing: need heartbeatMs < electionMinMs <= electionMaxMs');
});

test('a generated run is a pure function of its spec: same trace, same coverage', (t) => {
  for (const s of specs.slice(0, 4)) {
    const a = runSpec(s, { variant: {}, specShrinkRuns: 0, decisionShrinkRuns: 0 });
    const b = runSpec(s, { variant: {}, specShrinkRuns: 0, decisionShrinkRuns: 0 });
    t.is(a.result.traceHash, b.result.traceHash);
    t.deepEqual(a.coverage, b.coverage);
    t.is(a.result.failure, null, a.result.failure?.message);
  }
});

test('swarm: over 40 generated runs, every fault kind is injected in some and off in others',
  (t) => {
    const kinds = ['crash', 'crashPoint', 'partition', 'linkLoss', 'clog', 'pause',
      'churn'] as const;
    for (const k of kinds) {
      const on = specs.filter((s) => s.faults[k].length > 0).length;
      t.true(on > 5 && on < 35, `${k} on in ${on} of 40`);
    }
    for (const k of ['loss', 'duplicate'] as const) {
      const on = specs.filter((s) => s.net[k] > 0).length;
      t.true(on > 5 && on < 35, `${k} on in ${on} of 40`);
    }
    // Holding back is on in one run of four (arbitraries.ts netFaults): about 10 of 40.
    const hold = specs.filter((s) => s.net.hold > 0).length;
    t.true(hold > 2 && hold < 20, `hold on in ${hold} of 40`);
    // Jitter is on in three runs of four (arbitraries.ts netFaults): about 30 of 40.
    const jitter = specs.filter((s) => s.net.delayMaxMs > 0).length;
    t.true(jitter > 20 && jitter < 39, `delayMaxMs on in ${jitter} of 40`);
    t.deepEqual([...new Set(specs.map((s) => s.servers))].sort(), [3, 5, 7]);
    t.deepEqual([...new Set(specs.map((s) => s.workload.api))].sort(), ['appends', 'versioned']);
  });

test('convergence: equal applied indices with different states do not converge', (t) => {
  const world = new World(1, null);
  let k = 0;
  const c = new RaftCluster(world, 3, () => {
    const mine = `state ${k++ % 2}`;
    return { start() {}, apply() {}, stateDigest: () => mine };
  });
  c.startAll();
  while (world.queue.runNext(3000));
  t.false(converged(c));
  t.regex(divergence(c), /^servers that applied through the same index hold different states/);
});

test('exactly once: an Append seen twice, or an OK Append missing at the end, fails', (t) => {
  const h = new History('kv');
  const op = (client: number, input: Record<string, unknown>, output: Record<string, unknown>) =>
    h.end(h.begin(client, 0, input), 1, output);
  op(0, { op: 'append', key: 'k0', value: '[0.0]' }, {});
  op(1, { op: 'append', key: 'k0', value: '[1.0]' }, {});
  t.notThrows(() => checkExactlyOnce(h, new Map([['k0', '[1.0][0.0]']])));
  const missing = t.throws(() => checkExactlyOnce(h, new Map([['k0', '[1.0]']])),
    { instanceOf: ScenarioFailure });
  t.regex(missing!.message, /Append \[0\.0\] to k0 by client 0 returned OK, but the final value/);
  op(2, { op: 'get', key: 'k0' }, { value: '[0.0][1.0][0.0]' });
  const twice = t.throws(() => checkExactlyOnce(h, new Map([['k0', '[1.0][0.0]']])),
    { instanceOf: ScenarioFailure });
  t.regex(twice!.message, /saw Append \[0\.0\] twice/);
});

/**
 * Found by explore (seed 1, run 6621) and shrunk to one decision: s0, a candidate of term 6, is
 * paused, and on resuming reads the grants of term 6 it was sent and leads term 6, long after
 * term 8 committed index 6. A leader of an old term need not hold what later terms committed:
 * Leader Completeness binds the leaders of terms after the commit only (it failed here before).
 */
const STALE_CANDIDATE =
  '{"seed":9,"servers":5,"maxraftstate":-1,"timing":{"heartbeatMs":100,"electionMinMs":' +
  '300,"electionMaxMs":400},"workload":{"clients":2,"api":"versioned","keys":1,"ops":2,' +
  '"mix":{"get":0,"put":1,"append":0},"thinkMaxMs":101,"readers":0,"rpcTimeoutMs":201},' +
  '"net":{"loss":0,"delayMaxMs":0,"hold":0,"holdMaxMs":100,"duplicate":0,"dupMaxMs":1},' +
  '"faults":{"crash":[{"at":0,"leader":false,"server":2,"downMs":1072}],"crashPoint":[]' +
  ',"partition":[],"linkLoss":[],"clog":[{"at":1160,"leader":false,"ms":1621,"from":0,"' +
  'to":2,"extraMs":1355},{"at":8582,"leader":false,"ms":885,"from":2,"to":2,"extraMs":2' +
  '560},{"at":15424,"leader":false,"ms":5205,"from":5,"to":5,"extraMs":2164},{"at":1654' +
  '2,"leader":true,"ms":5461,"from":6,"to":3,"extraMs":2163}],"pause":[{"at":11685,"lea' +
  'der":false,"ms":57,"server":6},{"at":5,"leader":false,"ms":2397,"server":6},{"at":22' +
  '89,"leader":true,"ms":4189,"server":0},{"at":19991,"leader":false,"ms":4997,"server"' +
  ':2},{"at":13357,"leader":false,"ms":53,"server":1},{"at":761,"leader":false,"ms":127' +
  '9,"server":4},{"at":19989,"leader":false,"ms":61,"server":1}],"churn":[{"at":228,"ms' +
  '":2069,"periodMs":101,"downMs":615,"point":"after-save"}]},"faultMs":4253}';

test('a paused candidate that wins its old term after later commits is no violation', (t) => {
  const spec = parseSpec(JSON.parse(STALE_CANDIDATE));
  const schedule = new Schedule([{ stream: 'timer 0', site: 'election timeout', at: 0, nth: 0,
    value: 61 }]);
  const { result } = runSpec(spec, { variant: {}, specShrinkRuns: 0, decisionShrinkRuns: 0 },
    schedule);
  t.is(result.failure, null, result.failure?.message);
});

test('a shrink counts the two pending checks as one failure, and nothing else as another', (t) => {
  const ops = shrinkClass('check: liveness: pending operations');
  t.is(ops, shrinkClass('check: liveness: pending requests'));
  for (const other of ['check: liveness: leader', 'check: liveness: convergence',
    'check: linearizability', 'safety: pending operations', 'assertion: raft: x']) {
    t.is(shrinkClass(other), other);
    t.not(shrinkClass(other), ops);
  }
});
