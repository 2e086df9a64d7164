import test from 'ava';
import { readFileSync } from 'node:fs';
import { HistoryFormatError } from '../checker/formats/error.ts';
import { FORMATS, loadHistory } from '../checker/formats/index.ts';
import { checkCommand } from '../cli/check.ts';

/**
 * A history that is empty, blank or cut short is bad input (exit 2), never "linearizable": a
 * CI gate must not pass a run that never started or a file that was half written. Only an
 * explicitly empty list (JSON `"ops": []`, EDN `[]`) is an empty history.
 */
const FIX = new URL('./fixtures/checker/', import.meta.url);
const CORPUS = new URL('./fixtures/porcupine/', import.meta.url);
const read = (url: URL): string => readFileSync(url, 'utf8');

function loadError(text: string, file: string, format?: (typeof FORMATS)[number])
  : HistoryFormatError {
  try {
    loadHistory(text, file, { format });
  } catch (e) {
    if (e instanceof HistoryFormatError) return e;
    throw e;
  }
  throw new Error(`${file} loaded`);
}

test('etcd_095.log (0 bytes) is an error: exit 2, one line naming the file', async (t) => {
  const file = new URL('jepsen/etcd_095.log', CORPUS).pathname;
  const out: string[] = [];
  const err: string[] = [];
  const code = await checkCommand([file], { out: (l) => out.push(l), err: (l) => err.push(l) });
  t.is(code, 2);
  t.deepEqual(out, []);
  t.deepEqual(err, [`raftsim check: ${file}: empty file: no history to check (an empty history `
    + 'is written {"model": M, "ops": []} in JSON or [] in EDN)']);
});

test('empty and blank files are errors in every format, detected or given', (t) => {
  for (const text of ['', ' ', '\n\n', ' \t\r\n']) {
    for (const format of [undefined, ...FORMATS]) {
      const e = loadError(text, 'h', format);
      t.is(e.line, 0);
      t.regex(e.reason, /^(empty file|blank file \(only whitespace\)): no history to check/);
    }
  }
});

test('an explicitly empty history is one: JSON "ops": [] and an EDN []', (t) => {
  t.deepEqual(loadHistory('{"model": "kv", "ops": []}\n', 'e.json').ops, []);
  t.deepEqual(loadHistory('[]\n', 'e.edn').ops, []);
  t.deepEqual(loadHistory('[{:type :info, :f :start, :process :nemesis}]', 'n.edn').ops, []);
});

test('a log with no operation at all is an error (comments only, the nemesis only)', (t) => {
  t.regex(loadError('; nothing here\n', 'c.edn').reason, /^no operations: nothing to check/);
  const nemesis = '{:type :info, :f :start, :value nil, :process :nemesis}\n';
  t.regex(loadError(nemesis, 'n.edn').reason, /^no operations/);
});

/** Every way to cut a file inside a line: a prefix that ends neither at nor before a newline. */
function midLineCuts(text: string): string[] {
  const out: string[] = [];
  for (let k = 1; k < text.length; k++) {
    if (text[k] !== '\n' && text[k - 1] !== '\n') out.push(text.slice(0, k));
  }
  return out;
}

const WHOLE = [new URL('kv-ok.json', FIX), new URL('kv-versioned.json', FIX),
  new URL('register.edn', FIX), new URL('register-bad.edn', FIX), new URL('etcd-ok.log', FIX),
  new URL('jepsen/etcd_000.log', CORPUS), new URL('jepsen/etcd_100.log', CORPUS),
  new URL('kv/c01-ok.txt', CORPUS)];

for (const url of WHOLE) {
  const name = url.pathname.split('/').slice(-2).join('/');
  test(`${name}: cut anywhere inside a line, it is an error, never a history`, (t) => {
    const text = read(url);
    t.notThrows(() => loadHistory(text, name), 'the whole file loads');
    const cuts = midLineCuts(text);
    t.true(cuts.length > 100);
    const loaded = cuts.filter((cut) => {
      try {
        loadHistory(cut, name);
        return true;
      } catch (e) {
        if (e instanceof HistoryFormatError) return false;
        throw e;
      }
    });
    t.deepEqual(loaded.map((cut) => cut.length), []);
  });
}

test('etcd: a last line without its newline is an error (a cut value still parses)', (t) => {
  const text = read(new URL('etcd-ok.log', FIX));
  const lines = text.split('\n').slice(0, 4);
  t.is(lines[3], 'INFO  jepsen.util - 1\t:ok\t:read\t1');
  const e = loadError(lines.join('\n'), 'cut.log');
  t.is(e.line, 4);
  t.regex(e.reason, /the last line has no newline: the log may be cut mid-line/);
  t.is(loadHistory(`${lines.join('\n')}\n`, 'whole.log').ops.length, 2);
});

test('etcd: an op with neither a completion nor an :info is a cut log', (t) => {
  const text = read(new URL('etcd-ok.log', FIX)).split('\n').slice(0, 5).join('\n') + '\n';
  const e = loadError(text, 'cut.log');
  t.is(e.line, 5, 'the line of the invocation left open');
  t.regex(e.reason, /process 2's :cas never completes: .*needs an :info line/);
});

test('etcd: an :info for an op the process never invoked is an error', (t) => {
  const e = loadError('INFO  jepsen.util - 7\t:info\t:cas\t:timed-out\n', 'x.log',
    'porcupine-etcd');
  t.is(e.line, 1);
  t.regex(e.reason, /process 7 completes an op it never invoked/);
});

test('Porcupine kv: every :invoke needs its :ok (the format has no :info)', (t) => {
  const lines = read(new URL('kv/c10-ok.txt', CORPUS)).split('\n');
  const e = loadError(`${lines.slice(0, 41).join('\n')}\n`, 'c10-cut.txt');
  t.regex(e.reason, /never completes: .*this format has no :info/);
  t.true(e.line > 0 && e.line <= 41);
});

test('Jepsen EDN: one map per line needs every op completed; a closed vector does not', (t) => {
  const open = '{:type :invoke, :f :read, :value nil, :process 0}\n';
  const e = loadError(open, 'cut.edn');
  t.is(e.line, 1);
  t.regex(e.reason, /process 0's :read never completes: .*an unknown outcome is an :info/);
  const vector = loadHistory(`[${open}]\n`, 'whole.edn');
  t.deepEqual(vector.ops.map((o) => o.return), [null], 'pending: its outcome is unknown');
  const info = loadHistory(`${open}{:type :info, :f :read, :process 0}\n`, 'info.edn');
  t.deepEqual(info.ops.map((o) => o.return), [null]);
});

test('JSON: a file cut at a line boundary is still not a history', (t) => {
  const text = read(new URL('kv-ok.json', FIX));
  const lines = text.split('\n');
  for (let n = 1; n < lines.length - 1; n++) {
    const e = loadError(`${lines.slice(0, n).join('\n')}\n`, 'cut.json');
    t.regex(e.reason, /^invalid JSON: expected .*, found end of input$/);
  }
});
