import test from 'ava';
import { readFileSync } from 'node:fs';
import { HistoryFormatError } from '../checker/formats/error.ts';
import { detectFormat, loadHistory, type Format } from '../checker/formats/index.ts';

const FIX = new URL('./fixtures/checker/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, FIX), 'utf8');

test('our JSON format: ops, pending ops and the model named in the file', (t) => {
  const { model, ops } = loadHistory(read('kv-ok.json'), 'kv-ok.json');
  t.is(model.name, 'kv');
  t.is(ops.length, 5);
  t.deepEqual(ops[1], {
    client: 1, call: 2, return: null, line: 4,
    input: { op: 'append', key: 'x', value: 'b' }, output: null,
  });
  t.deepEqual(ops[2]!.output, { value: 'ab' });
});

test('--model overrides the model named in a JSON file', (t) => {
  const text = JSON.stringify({ model: 'register', ops: [
    { client: 0, call: 0, return: 1, input: { op: 'cas', from: null, to: 1 },
      output: { ok: true } },
  ] });
  t.throws(() => loadHistory(text, 'f.json'), { instanceOf: HistoryFormatError });
  t.is(loadHistory(text, 'f.json', { model: 'cas-register' }).model.name, 'cas-register');
});

test('Jepsen EDN: :fail drops the op, :info leaves it pending, the nemesis is skipped', (t) => {
  const { model, ops } = loadHistory(read('register.edn'), 'register.edn');
  t.is(model.name, 'cas-register');
  t.deepEqual(ops.map((o) => [o.input, o.return === null ? 'pending' : o.output, o.line]), [
    [{ op: 'write', value: 1 }, {}, 2],
    [{ op: 'cas', from: 1, to: 2 }, 'pending', 4],
    [{ op: 'read' }, { value: 2 }, 9],
  ]);
});

test('Jepsen EDN: a history written as one vector', (t) => {
  const { ops } = loadHistory(read('register-bad.edn'), 'register-bad.edn');
  t.deepEqual(ops.map((o) => o.line), [1, 3], 'each op keeps the line of its invocation');
});

test('Porcupine etcd log: :info leaves the op pending', (t) => {
  const { model, ops } = loadHistory(read('etcd-ok.log'), 'etcd-ok.log');
  t.is(model.name, 'cas-register');
  t.deepEqual(ops.map((o) => o.return === null), [false, false, true]);
});

test('formats are detected from the first line', (t) => {
  const cases: [string, Format][] = [
    ['kv-ok.json', 'json'], ['register.edn', 'jepsen-edn'], ['register-bad.edn', 'jepsen-edn'],
    ['etcd-ok.log', 'porcupine-etcd'], ['bad-kv.txt', 'porcupine-kv'],
  ];
  for (const [file, format] of cases) t.is(detectFormat(read(file)), format, file);
  t.is(detectFormat('hello'), undefined);
});

/** Malformed input: file, line and reason. */
const BAD: [string, number, RegExp][] = [
  ['bad-syntax.json', 4, /invalid JSON: expected a value, found "\]"/],
  ['bad-interval.json', 4, /ops\[1\]: "call" 9 is after "return" 7/],
  ['bad-input.json', 4, /input\.op must be one of "read", "write", got "cas" \(model register\)/],
  ['bad-model.json', 1, /unknown model "queue"/],
  ['bad-etcd.log', 3, /not a Porcupine etcd log line/],
  ['bad-kv.txt', 2, /process 1 completes an op it never invoked/],
  ['bad.edn', 2, /no "}" closes the form/],
  ['bad-cas.edn', 2, /:cas needs a :value of the form \[from to\]/],
];

for (const [file, line, reason] of BAD) {
  test(`malformed ${file}: reported at line ${line}`, (t) => {
    const e = t.throws(() => loadHistory(read(file), file), { instanceOf: HistoryFormatError });
    t.is(e.file, file);
    t.is(e.line, line);
    t.regex(e.reason, reason);
    t.is(e.message, `${file}:${line}: ${e.reason}`);
  });
}

test('JSON: a pending op must have output null; output is required', (t) => {
  const op = { client: 0, call: 0, return: null, input: { op: 'read' }, output: { value: 1 } };
  const e1 = t.throws(() => loadHistory(JSON.stringify({ model: 'register', ops: [op] }),
    'p.json'));
  t.regex(e1.message, /must have "output": null/);
  const { output: _, ...noOutput } = op;
  const e2 = t.throws(() => loadHistory(JSON.stringify({ model: 'register', ops: [noOutput] }),
    'q.json'));
  t.regex(e2.message, /missing "output"/);
});

test('JSON: times must be integers', (t) => {
  const op = { client: 0, call: 1.5, return: 2, input: { op: 'read' }, output: { value: 1 } };
  const e = t.throws(() => loadHistory(JSON.stringify({ model: 'register', ops: [op] }), 't.json'));
  t.regex(e.message, /"call" must be an integer, got 1\.5/);
});

test('a process cannot invoke twice without completing', (t) => {
  const text = '{:type :invoke, :f :read, :process 0}\n{:type :invoke, :f :read, :process 0}\n';
  const e = t.throws(() => loadHistory(text, 'twice.edn'), { instanceOf: HistoryFormatError });
  t.is(e.line, 2);
  t.regex(e.reason, /invokes while its op from line 1 is open/);
});
