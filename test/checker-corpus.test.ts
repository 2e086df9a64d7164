import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { loadHistory } from '../checker/formats/index.ts';

/**
 * Verdict parity with Porcupine's own tests on its corpus (test/fixtures/porcupine). The expected
 * verdicts are read from the table in test/fixtures/porcupine/README.md, not written here.
 */
const CORPUS = new URL('./fixtures/porcupine/', import.meta.url);
const readme = readFileSync(new URL('README.md', CORPUS), 'utf8');

/** Rows like `| jepsen/etcd_000.log | 6664 | NOT linearizable (false) |`. */
const ROW = /^\| ((?:jepsen|kv)\/[\w.-]+) \| (\d+) \| (NOT linearizable|linearizable) \(/;
const rows = readme.split('\n').flatMap((line) => {
  const m = ROW.exec(line);
  return m ? [{ file: m[1]!, bytes: Number(m[2]), linearizable: m[3] === 'linearizable' }] : [];
});

/** file -> expected linearizable? */
const expected = new Map(rows.map((r) => [r.file, r.linearizable]));

test('the copy is whole: every file of the table, byte sizes as recorded, nothing else', (t) => {
  const onDisk = ['jepsen', 'kv'].flatMap((dir) => readdirSync(new URL(`${dir}/`, CORPUS))
    .map((name) => `${dir}/${name}`)).sort();
  t.deepEqual(onDisk, [...rows.map((r) => r.file), 'jepsen/etcd_095.log'].sort());
  const sizes = rows.filter((r) => statSync(new URL(r.file, CORPUS)).size !== r.bytes);
  t.deepEqual(sizes.map((r) => r.file), []);
  t.is(statSync(new URL('jepsen/etcd_095.log', CORPUS)).size, 0);
});

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

test('the empty etcd_095.log (a run whose cluster never started) is an error, not a pass', (t) => {
  const text = readFileSync(new URL('jepsen/etcd_095.log', CORPUS), 'utf8');
  t.is(text, '');
  t.throws(() => loadHistory(text, 'etcd_095.log'), { message: /^etcd_095\.log: empty file: / });
});
