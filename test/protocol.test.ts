import test from 'ava';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTestdata, renderTestdata } from './protocol/datadriven.ts';
import { COMMAND_NAMES, parseCommand } from './protocol/handler.ts';
import { runTestdataFile, runTestdataText } from './protocol/run.ts';

/**
 * Multi-node protocol tests with manual message delivery (etcd raft's data-driven interaction
 * tests): every test/testdata/*.txt runs in a fresh ProtocolEnv with the real RaftNode, and
 * each command's output must be the one the file expects. `UPDATE_TESTDATA=1 npx ava
 * test/protocol.test.ts` rewrites the expectations from the actual outputs (then review the
 * diff). The commands are documented in docs/protocol-tests.md and test/protocol/handler.ts.
 */
const DIR = new URL('./testdata/', import.meta.url).pathname;
const UPDATE = process.env.UPDATE_TESTDATA === '1';
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();

test('the testdata files are there', (t) => {
  t.true(FILES.length >= 7, FILES.join(', '));
});

for (const file of FILES) {
  test(`protocol: ${file}`, (t) => {
    const path = join(DIR, file);
    let { data, outputs } = runTestdataFile(path);
    if (UPDATE) {
      writeFileSync(path, renderTestdata(data, outputs));
      t.log(`rewrote ${file}`);
      ({ data, outputs } = runTestdataFile(path)); // a second run must agree with the first
    }
    for (const [k, c] of data.cases.entries()) {
      t.is(outputs[k], c.expected, `${file}:${c.line}: ${c.command}`);
    }
  });
}

const read = (rel: string): string => readFileSync(new URL(rel, import.meta.url), 'utf8');

test('docs/protocol-tests.md: its example is a real run', (t) => {
  const doc = read('../docs/protocol-tests.md');
  const block = /<!-- protocol-example -->\n```\n([^]*?)```/.exec(doc)?.[1];
  t.truthy(block);
  const { data, outputs } = runTestdataText('docs/protocol-tests.md', block!);
  t.true(data.cases.length >= 5);
  t.is(renderTestdata(data, outputs), block!);
});

test('every command has an Example: comment in the handler and a row in the docs', (t) => {
  const handler = read('./protocol/handler.ts');
  const doc = read('../docs/protocol-tests.md');
  t.true(COMMAND_NAMES.length >= 13);
  for (const name of COMMAND_NAMES) {
    t.true(handler.includes(`// Example: ${name}`), name);
    t.true(doc.includes(`| \`${name}`) || doc.includes(`, \`${name}`), name);
  }
});

test('the file format: comments and cases survive a rewrite; a command without ---- is an error',
  (t) => {
    const text = '# c\n\ncmd 1\n----\nout\nmore\n\n# end\n';
    const data = parseTestdata('x.txt', text);
    t.deepEqual(data.cases.map((c) => [c.line, c.command, c.expected]),
      [[3, 'cmd 1', 'out\nmore']]);
    t.is(renderTestdata(data, ['out\nmore']), text);
    t.is(renderTestdata(data, ['new']), '# c\n\ncmd 1\n----\nnew\n\n# end\n');
    t.throws(() => parseTestdata('x.txt', 'cmd\nout\n'), { message: /x.txt:2: expected ----/ });
  });

test('a malformed command fails the test at its line, it is not output', (t) => {
  const run = (cmd: string): unknown =>
    runTestdataText('x.txt', `add-nodes 3\n----\n\n${cmd}\n----\n`);
  t.throws(() => run('campaign 9'), { message: 'x.txt:4: campaign 9: no node 9' });
  t.throws(() => run('frobnicate 1'), { message: /x.txt:4: frobnicate 1: unknown command/ });
  t.throws(() => run('deliver-msgs 1 drop=(2)'), { message: /deliver or drop, not both/ });
  t.throws(() => run('add-nodes 2'), { message: /the cluster already exists/ });
});

test('command lines: positional arguments and key=value options, one value or a list', (t) => {
  const c = parseCommand('deliver-msgs 2 3 drop=(4,5) type=AppendEntries');
  t.is(c.name, 'deliver-msgs');
  t.deepEqual(c.args, ['2', '3']);
  t.deepEqual([...c.opts], [['drop', ['4', '5']], ['type', ['AppendEntries']]]);
});

test('add-nodes draw=V: every draw is V instead of its site\'s benign value', (t) => {
  const timer = (add: string): string => {
    const text = `${add}\n----\n\ncampaign 3\n----\n\nprocess-ready 3\n----\n`;
    const { outputs } = runTestdataText('x.txt', text);
    return outputs[2]!.split('\n').find((l) => l.startsWith('timer: '))!;
  };
  t.is(timer('add-nodes 3'), 'timer: 500 ms');
  t.is(timer('add-nodes 3 draw=0'), 'timer: 300 ms');
  t.is(timer('add-nodes 3 draw=9999'), 'timer: 600 ms');
});
