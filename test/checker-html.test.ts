import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { loadHistory } from '../checker/formats/index.ts';
import { computeVisualizationData } from '../checker/html/data.ts';
import { renderHtml } from '../checker/html/render.ts';
import { kvModel } from '../checker/models/kv.ts';
import type { Operation } from '../checker/types.ts';
import { checkCommand } from '../cli/check.ts';

const FIX = new URL('./fixtures/checker/', import.meta.url);
const CORPUS = new URL('./fixtures/porcupine/', import.meta.url);

function view(file: string) {
  const { model, ops } = loadHistory(readFileSync(new URL(file, FIX), 'utf8'), file);
  const result = check(model, ops);
  return computeVisualizationData(model, ops, result, explain(model, ops, result), file);
}

test('visualization data of a small non-linearizable history (exact)', (t) => {
  t.deepEqual(view('kv-stale.json'), {
    title: 'kv-stale.json', model: 'kv', verdict: 'illegal',
    clients: [0, 1, 2, 3],
    xMax: 6,
    ops: [
      [0, 0, 1, 'put("x", "1")', 0, 2, 0, 3, ['put(', 'x', ', "', '1', '")'], []],
      [1, 2, 3, 'put("x", "2")', 3, 4, 0, 4, ['put(', 'x', ', "', '2', '")'], []],
      [2, 4, 5, 'get("x") -> "1"', 5, 6, 0, 5, ['get(', 'x', ')'], ['-> "', '1', '"']],
      [3, 0, 6, 'get("y") -> ""', 0, 9, 1, 6, ['get(', 'y', ')'], ['-> "', '', '"']],
    ],
    parts: [
      { label: 'key "x"', verdict: 'illegal', order: [0, 1], states: ['"1"', '"2"'],
        initialState: '""', stuck: [[2, 'illegal']] },
      { label: 'key "y"', verdict: 'unknown', order: [], states: [], initialState: '""',
        stuck: [] },
    ],
    firstError: { part: 0, op: 2, reason: 'illegal' },
    minimal: [0, 1, 2],
    report: [
      ['kv-stale.json: not linearizable (4 ops, 2 parts, 4 steps)', -1],
      ['  part key "x": the longest linearizable prefix has 2 ops (initial state "")', -1],
      ['    line 3  client 0  [0, 2]  put("x", "1")  => "1"', 0],
      ['    line 4  client 1  [3, 4]  put("x", "2")  => "2"', 1],
      ['  could not come next (state "2"):', -1],
      ['    line 5  client 2  [5, 6]  get("x") -> "1"  <- illegal here', 2],
      ['  minimal failing sub-history (3 ops, each needed):', -1],
      ['    line 3  client 0  [0, 2]  put("x", "1")', 0],
      ['    line 4  client 1  [3, 4]  put("x", "2")', 1],
      ['    line 5  client 2  [5, 6]  get("x") -> "1"', 2],
    ],
  });
});

test('the page\'s explanation is the text raftsim check prints (without the wall time)',
  async (t) => {
    const out: string[] = [];
    const file = new URL('kv-stale.json', FIX).pathname;
    await checkCommand([file], { out: (l) => out.push(l), err: () => {} });
    const { model, ops } = loadHistory(readFileSync(file, 'utf8'), file);
    const result = check(model, ops);
    const data = computeVisualizationData(model, ops, result, explain(model, ops, result), file);
    t.deepEqual(data.report.map(([line]) => line),
      [out[0]!.replace(/, \d+ ms\)$/, ')'), ...out.slice(1)]);
  });

/** Every non-linearizable history of Porcupine's corpus. */
function corpusFailures(): string[] {
  const jepsen = readdirSync(new URL('jepsen/', CORPUS)).map((f) => `jepsen/${f}`)
    .filter((f) => f !== 'jepsen/etcd_095.log');
  return [...jepsen, 'kv/c01-bad.txt', 'kv/c10-bad.txt', 'kv/c50-bad.txt'];
}

test('"jump to first error" goes to an op the model rejects, never to a dead end', (t) => {
  let failing = 0;
  let deadEndFirst = 0;
  for (const file of corpusFailures()) {
    const { model, ops } = loadHistory(readFileSync(new URL(file, CORPUS), 'utf8'), file);
    const result = check(model, ops);
    if (result.verdict !== 'illegal') continue;
    failing++;
    const explanation = explain(model, ops, result)!;
    if (explanation.stuck[0]!.reason === 'dead-end') deadEndFirst++;
    const data = computeVisualizationData(model, ops, result, explanation, file);
    const illegal = explanation.stuck.find((s) => s.reason === 'illegal')!;
    t.deepEqual(data.firstError, { part: result.illegalPart, op: illegal.op, reason: 'illegal' },
      file);
  }
  t.is(failing, 82);
  t.true(deadEndFirst > 0, 'some explanations list a dead end first (etcd_000.log does)');
});

test('labels carry the deciding values of every model', (t) => {
  const labels = (file: string) => view(file).ops.map((o) => [o[8].join(''), o[9].join('')]);
  t.deepEqual(labels('kv-versioned-bad.json'), [['put(k, "a", v0)', '-> OK'],
    ['get(k)', '-> "a"@2']]);
  t.deepEqual(labels('register.edn'), [['write(1)', ''], ['cas(1, 2)', '-> ?'],
    ['read()', '-> 2']]);
  t.deepEqual(labels('etcd-ok.log'), [['write(1)', ''], ['read()', '-> 1'],
    ['cas(1, 2)', '-> ?']]);
  const long = 'x'.repeat(500);
  const ops: Operation[] = [{ client: 0, call: 0, return: 1, input: { op: 'get', key: 'k' },
    output: { value: long } }];
  const data = computeVisualizationData(kvModel, ops, check(kvModel, ops), null, 't');
  t.is(data.ops[0]![9][1]!.length, 120, 'long values are cut in the middle before the page');
});

test('a linearizable history: full linearizations, no error, pending ops end past the last event',
  (t) => {
    const v = view('kv-ok.json');
    t.is(v.verdict, 'ok');
    t.is(v.firstError, null);
    t.deepEqual(v.parts.map((p) => p.order.length), [3, 2]);
    t.is(v.ops[1]![2], v.xMax + 1);
    t.is(v.ops[1]![5], null);
  });

test('the page is self-contained: no external resources, data cannot break out', (t) => {
  const ops: Operation[] = [{
    client: 0, call: 0, return: 1, input: { op: 'put', key: '</script><b>', value: 'x' },
    output: {},
  }];
  const html = renderHtml(computeVisualizationData(kvModel, ops, check(kvModel, ops), null, 't'));
  t.false(/\b(src|href)=/.test(html));
  t.false(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(html));
  t.is(html.split('</script>').length, 3, 'only the two script elements close');
});

test('10,000 ops: the page stays small', (t) => {
  const ops: Operation[] = [];
  for (let i = 0; i < 10_000; i++) {
    const key = `k${i % 20}`;
    ops.push({ client: i % 50, call: 2 * i, return: 2 * i + 1,
      input: { op: 'put', key, value: `v${i}` }, output: {} });
  }
  const html = renderHtml(computeVisualizationData(kvModel, ops, check(kvModel, ops), null, 'big'));
  t.true(html.length < 1_500_000, `${html.length} bytes`);
});

test('the page is the same on every run (no wall time, no randomness in it)', (t) => {
  const page = () => {
    const file = 'kv-versioned-keys-bad.json';
    const { model, ops } = loadHistory(readFileSync(new URL(file, FIX), 'utf8'), file);
    const result = check(model, ops);
    return renderHtml(computeVisualizationData(model, ops, result, explain(model, ops, result),
      file));
  };
  t.is(page(), page());
});
