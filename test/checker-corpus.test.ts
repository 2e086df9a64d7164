import test from 'ava';
import { readFileSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { loadHistory } from '../checker/formats/index.ts';

/**
 * Verdict parity with Porcupine's own tests on its corpus (shared/corpus/porcupine). The expected
 * verdicts are read from the corpus README's tables, not written here.
 */
const CORPUS = new URL('../../shared/corpus/porcupine/', import.meta.url);
const readme = readFileSync(new URL('README.md', CORPUS), 'utf8');

/** file -> expected linearizable?, from rows like `| jepsen/etcd_000.log | ... | NOT ... |`. */
function expectedVerdicts(): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const line of readme.split('\n')) {
    const m = /^\| ((?:jepsen|kv)\/[\w.-]+) \|.*\| (NOT linearizable|linearizable) \(/.exec(line);
    if (m) out.set(m[1]!, m[2] === 'linearizable');
  }
  return out;
}

const expected = expectedVerdicts();

test('the README table lists 102 etcd logs and 6 kv logs', (t) => {
  const files = [...expected.keys()];
  t.is(files.filter((f) => f.startsWith('jepsen/')).length, 102);
  t.is(files.filter((f) => f.startsWith('kv/')).length, 6);
  t.is(files.filter((f) => expected.get(f) && f.startsWith('jepsen/')).length, 23);
});

function verdictOf(file: string, partition: boolean): string {
  const text = readFileSync(new URL(file, CORPUS), 'utf8');
  const { model, ops } = loadHistory(text, file);
  return check(model, ops, { partition }).verdict;
}

test('etcd logs: same verdict as Porcupine on all 102', (t) => {
  const wrong: string[] = [];
  for (const [file, lin] of expected) {
    if (!file.startsWith('jepsen/')) continue;
    const verdict = verdictOf(file, true);
    if (verdict !== (lin ? 'ok' : 'illegal')) wrong.push(`${file}: ${verdict}`);
  }
  t.deepEqual(wrong, []);
});

for (const file of ['kv/c01-ok.txt', 'kv/c01-bad.txt', 'kv/c10-ok.txt', 'kv/c10-bad.txt',
  'kv/c50-ok.txt', 'kv/c50-bad.txt']) {
  test(`${file}: same verdict as Porcupine, partitioned by key`, (t) => {
    t.is(verdictOf(file, true), expected.get(file) ? 'ok' : 'illegal');
  });
}

for (const file of ['kv/c01-ok.txt', 'kv/c01-bad.txt', 'kv/c10-ok.txt', 'kv/c10-bad.txt']) {
  test(`${file}: same verdict with partitioning off (one map state)`, (t) => {
    t.is(verdictOf(file, false), expected.get(file) ? 'ok' : 'illegal');
  });
}

test('the empty etcd_095.log is an empty, linearizable history', (t) => {
  const { ops } = loadHistory('', 'etcd_095.log');
  t.is(ops.length, 0);
});
