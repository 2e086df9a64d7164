import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCommand } from '../cli/check.ts';

const FIX = new URL('./fixtures/checker/', import.meta.url).pathname;
const CORPUS = new URL('./fixtures/porcupine/', import.meta.url).pathname;

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await checkCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

test('exit 0 when every file is linearizable', async (t) => {
  const r = await run(FIX + 'kv-ok.json', FIX + 'register.edn');
  t.is(r.code, 0);
  t.regex(r.out[0]!, /kv-ok\.json: linearizable \(5 ops, 2 parts, \d+ steps, \d+ ms\)/);
  t.deepEqual(r.err, []);
});

test('exit 1 when any file is not, with the explanation', async (t) => {
  const r = await run(FIX + 'kv-ok.json', FIX + 'kv-stale.json');
  t.is(r.code, 1);
  const text = r.out.join('\n');
  t.regex(text, /kv-stale\.json: not linearizable/);
  t.regex(text, /could not come next/);
  t.regex(text, /line 5 {2}client 2 {2}\[5, 6\] {2}get\("x"\) -> "1" {2}<- illegal here/);
  t.regex(text, /minimal failing sub-history \(3 ops, each needed\):/);
});

test('exit 3 when the budget runs out and nothing is illegal', async (t) => {
  const r = await run(CORPUS + 'jepsen/etcd_080.log', '--budget-steps', '1000');
  t.is(r.code, 3);
  t.regex(r.out[0]!, /unknown \(step budget exhausted, no violation found\)/);
  const both = await run(CORPUS + 'jepsen/etcd_080.log', FIX + 'kv-stale.json',
    '--budget-steps=1000');
  t.is(both.code, 1, 'not linearizable wins over unknown');
});

test('--budget-ms stops by wall time', async (t) => {
  const r = await run(CORPUS + 'kv/c10-ok.txt', '--no-partition', '--budget-ms', '1');
  t.is(r.code, 3);
  t.regex(r.out[0]!, /time budget exhausted/);
});

test('--json prints one object per file', async (t) => {
  const r = await run(FIX + 'kv-stale.json', FIX + 'kv-ok.json', '--json');
  t.is(r.code, 1);
  const [bad, ok] = r.out.map((l) => JSON.parse(l));
  t.like(bad, { verdict: 'not linearizable', ops: 4, partitions: 2, model: 'kv' });
  t.is(typeof bad.wallMs, 'number');
  t.deepEqual(bad.explanation.couldNotComeNext, [
    { op: 2, line: 5, client: 2, does: 'get("x") -> "1"', reason: 'illegal' },
  ]);
  t.like(ok, { verdict: 'linearizable', explanation: null });
});

test('bad input: exit 2, file and line on stderr, other files still checked', async (t) => {
  const r = await run(FIX + 'bad-interval.json', FIX + 'kv-ok.json');
  t.is(r.code, 2);
  t.deepEqual(r.err, [`raftsim check: ${FIX}bad-interval.json:4: ops[1]: "call" 9 is after `
    + '"return" 7']);
  t.regex(r.out[0]!, /kv-ok\.json: linearizable/);
  const missing = await run(FIX + 'nope.json');
  t.deepEqual(missing.err, [`raftsim check: ${FIX}nope.json: cannot read: no such file`]);
});

test('usage errors: exit 2 with one line', async (t) => {
  for (const args of [[], ['--model', 'queue', 'x'], ['x', '--budget-steps', '-3'],
    ['x', '--format', 'csv'], ['x', '--frobnicate'], ['a', 'b', '--html', 'o.html']]) {
    const r = await run(...args);
    t.is(r.code, 2, args.join(' '));
    t.is(r.err.length, 1);
    t.regex(r.err[0]!, /^raftsim check: /);
  }
  const help = await run('--help');
  t.is(help.code, 0);
  t.regex(help.out[0]!, /^usage: raftsim check FILE/);
});

test('--html writes a page and never overwrites an input file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raftsim-check-'));
  const input = join(dir, 'h.json');
  copyFileSync(FIX + 'kv-stale.json', input);
  const refused = await run(input, '--html', input);
  t.is(refused.code, 2);
  t.regex(refused.err[0]!, /is also an input; refusing to write over it/);
  t.is(readFileSync(input, 'utf8'), readFileSync(FIX + 'kv-stale.json', 'utf8'));
  const r = await run(input, '--html', join(dir, 'h.html'));
  t.is(r.code, 1);
  t.true(existsSync(join(dir, 'h.html')));
});

test('--no-partition and --format and --model are honoured', async (t) => {
  const r = await run(CORPUS + 'kv/c01-ok.txt', '--no-partition', '--format', 'porcupine-kv');
  t.regex(r.out[0]!, /linearizable \(58 ops, 1 part,/);
  const m = await run(FIX + 'register.edn', '--model', 'register');
  t.is(m.code, 2);
  t.regex(m.err[0]!, /register\.edn:4: .*got "cas" \(model register\)/);
});
