import test from 'ava';
import { readFileSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { loadHistory } from '../checker/formats/index.ts';
import { computeVisualizationData } from '../checker/html/data.ts';
import { renderHtml } from '../checker/html/render.ts';
import { kvModel } from '../checker/models/kv.ts';
import type { Operation } from '../checker/types.ts';

const FIX = new URL('./fixtures/checker/', import.meta.url);

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
      [0, 0, 1, 'put("x", "1")', 0, 2, 0, 3],
      [1, 2, 3, 'put("x", "2")', 3, 4, 0, 4],
      [2, 4, 5, 'get("x") -> "1"', 5, 6, 0, 5],
      [3, 0, 6, 'get("y") -> ""', 0, 9, 1, 6],
    ],
    parts: [
      { label: 'key "x"', verdict: 'illegal', order: [0, 1], states: ['"1"', '"2"'],
        initialState: '""', stuck: [[2, 'illegal']] },
      { label: 'key "y"', verdict: 'unknown', order: [], states: [], initialState: '""',
        stuck: [] },
    ],
    firstError: { part: 0, op: 2 },
    minimal: [0, 1, 2],
  });
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
