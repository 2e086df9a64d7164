import test from 'ava';
import { readFileSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { loadHistory } from '../checker/formats/index.ts';
import { kvModel } from '../checker/models/kv.ts';
import { explanationText } from '../checker/report.ts';
import type { Operation } from '../checker/types.ts';
import { raftsim } from './helpers/cli.ts';

/**
 * The explanation stays inside its budget (ExplainOptions.maxSteps, the CLI's --budget-steps
 * and --budget-ms): over budget it degrades to a shorter shrinking, never a hang, and says what
 * was cut. Budgets in steps are exact, so all of this is deterministic.
 */
const CORPUS = new URL('fixtures/porcupine/', import.meta.url);
const C50_BAD = new URL('kv/c50-bad.txt', CORPUS).pathname;
const c50bad = loadHistory(readFileSync(C50_BAD, 'utf8'), 'c50-bad.txt');
const result = check(c50bad.model, c50bad.ops);
const failingPart = result.parts[result.illegalPart]!;

function explainWith(maxSteps: number, shouldStop?: () => boolean) {
  const e = explain(c50bad.model, c50bad.ops, result, { maxSteps, shouldStop });
  if (e === null) throw new Error('c50-bad must be explained');
  return e;
}

test('no budget left: the prefix and the stuck ops, the whole part, and why', (t) => {
  const e = explainWith(0);
  t.is(e.minimal.cut, 'steps');
  t.false(e.minimal.minimal);
  t.is(e.minimal.trials, 0);
  t.deepEqual(e.minimal.ops, [...failingPart.ops].sort((a, b) => a - b));
  t.true(e.prefix.length > 0 && e.stuck.length > 0);
  const text = explanationText(c50bad.ops, e).join('\n');
  t.regex(text,
    /minimal failing sub-history \(\d+ ops, step budget ran out after 0 trials, may not be/);
});

/** Well under what the whole shrinking of c50-bad takes (4,254 steps). */
const SMALL = 2_000;

test('a small budget: a shorter shrinking, still failing, the same on every run', (t) => {
  const e = explainWith(SMALL);
  t.is(e.minimal.cut, 'steps');
  t.true(e.minimal.trials > 0);
  t.true(e.minimal.ops.length < failingPart.ops.length, `${e.minimal.ops.length} ops`);
  t.true(e.minimal.steps <= SMALL + failingPart.ops.length, `${e.minimal.steps} steps`);
  t.is(check(c50bad.model, e.minimal.ops.map((i) => c50bad.ops[i]!)).verdict, 'illegal');
  t.deepEqual(explainWith(SMALL), e);
});

test('enough budget: the shrinking ends, and more budget changes nothing', (t) => {
  const full = explainWith(2_000_000);
  t.is(full.minimal.cut, null);
  t.true(full.minimal.minimal);
  t.deepEqual(explainWith(full.minimal.steps + 1).minimal.ops, full.minimal.ops);
});

test('a stop signal cuts the shrinking short and says it was the time budget', (t) => {
  let asked = 0;
  const e = explainWith(2_000_000, () => ++asked > 5);
  t.is(e.minimal.cut, 'time');
  t.false(e.minimal.minimal);
  t.regex(explanationText(c50bad.ops, e).join('\n'), /time budget ran out after \d+ trials/);
});

/** One key, `n` overlapping puts of distinct values, a get of each; the last get is stale. */
function longStaleHistory(n: number): Operation[] {
  const ops: Operation[] = [];
  for (let i = 0; i < n; i++) {
    const call = 4 * i;
    ops.push({ client: 0, call, return: call + 5, input: { op: 'put', key: 'k', value: `v${i}` },
      output: {} });
    const seen = i === n - 1 ? 'v0' : `v${i}`;
    ops.push({ client: 1, call: call + 6, return: call + 7,
      input: { op: 'get', key: 'k', value: '' }, output: { value: seen } });
  }
  return ops;
}

test('a 20,000-op failing part is explained within the default budget', (t) => {
  const ops = longStaleHistory(10_000);
  const r = check(kvModel, ops);
  t.is(r.verdict, 'illegal');
  const e = explain(kvModel, ops, r)!;
  t.true(e.minimal.minimal);
  t.true(e.minimal.steps <= 2_000_000 + ops.length, `${e.minimal.steps} steps`);
  // The put the stale get saw, a later put that returned before the get was called, the get.
  const [first, later, get] = e.minimal.ops;
  t.is(e.minimal.ops.length, 3);
  t.is(first, 0);
  t.is(get, ops.length - 1);
  t.is((ops[later!]!.input as { op: string }).op, 'put');
  t.true(later! > 0 && ops[later!]!.return! < ops[get!]!.call);
});

test('the CLI: the explanation shares --budget-steps with the check, deterministic', async (t) => {
  const budget = String(result.steps + SMALL);
  const a = await raftsim('check', C50_BAD, '--budget-steps', budget);
  const b = await raftsim('check', C50_BAD, '--budget-steps', budget);
  t.is(a.code, 1);
  t.regex(a.stdout, /step budget ran out after \d+ trials, may not be minimal/);
  const strip = (s: string) => s.replace(/, \d+ ms\)/, ')');
  t.is(strip(a.stdout), strip(b.stdout));
});
