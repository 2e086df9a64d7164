import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allScenarios } from '../scenarios/index.ts';
import { raftSuite } from '../scenarios/raft/index.ts';
import { raftsim } from './helpers/cli.ts';

/** The CLI contract (cli/): output formats and exit codes, through a real child process. */
test('list: one `<id>\\t<title>` line per scenario; the 28 Raft tests come first', async (t) => {
  const r = await raftsim('list');
  t.is(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  t.deepEqual(lines, allScenarios.map((s) => `${s.id}\t${s.title}`));
  t.true(lines.every((l) => /^[^\t]+\t[^\t]+$/.test(l)));
  t.is(raftSuite.length, 28);
  t.deepEqual(lines.slice(0, 28), raftSuite.map((s) => `${s.id}\t${s.title}`));
});

const usageErrors: Array<[string, string[]]> = [
  ['unknown scenario', ['run', 'NoSuchScenario3Z']],
  ['unknown flag', ['run', 'InitialElection3A', '--bogus']],
  ['non-integer seed', ['run', 'InitialElection3A', '--seed', 'abc']],
  ['malformed seed range', ['run', 'InitialElection3A', '--seeds', '5-1']],
  ['unknown command', ['frobnicate']],
  ['replay without a seed', ['replay', 'InitialElection3A']],
];

for (const [name, args] of usageErrors) {
  test(`usage error (${name}): exit 2, one line on stderr, no stack trace`, async (t) => {
    const r = await raftsim(...args);
    t.is(r.code, 2);
    t.is(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    t.is(lines.length, 1, r.stderr);
    t.regex(lines[0]!, /^raftsim/);
    t.notRegex(r.stderr, /\n\s+at |Error:/);
  });
}

test('run: exit 0 when every run passes; --json has exactly the documented fields', async (t) => {
  const r = await raftsim('run', 'InitialElection3A', 'BasicAgree3B', '--seed', '3', '--json');
  t.is(r.code, 0);
  const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  t.is(rows.length, 2);
  for (const row of rows) {
    t.deepEqual(Object.keys(row), ['scenario', 'seed', 'bug', 'ok', 'simMs', 'wallMs', 'rpcs',
      'bytes', 'events', 'traceHash', 'failure']);
    t.like(row, { seed: 3, bug: null, ok: true, failure: null });
    t.regex(row.traceHash as string, /^[0-9a-f]{16}$/);
  }
  t.deepEqual(rows.map((x) => x.scenario), ['InitialElection3A', 'BasicAgree3B']);
});

test('replay: prints the seed, then the event log, then the result', async (t) => {
  const r = await raftsim('replay', 'InitialElection3A', '--seed', '3');
  t.is(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  t.regex(lines[0]!, /^SEED=3 scenario=InitialElection3A/);
  t.regex(lines[1]!, /^columns: event number, virtual time/);
  t.regex(lines[2]!, /^\s+#0 +0 {2}sim\s+scenario InitialElection3A seed 3$/);
  t.true(lines.some((l) => /^\s+#\d+ +\d+ {2}s\d\s+leader in term \d+$/.test(l)));
  t.regex(lines.at(-1)!, /^PASS InitialElection3A/);
});

test('replay --trace: JSON lines to the file; an existing file is not overwritten',
  async (t) => {
    const file = join(mkdtempSync(join(tmpdir(), 'raftsim-')), 'trace.jsonl');
    const r = await raftsim('replay', 'InitialElection3A', '--seed', '3', '--trace', file);
    t.is(r.code, 0);
    const events = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    t.true(events.length > 10);
    for (const e of events) t.deepEqual(Object.keys(e), ['event', 'time', 'who', 'what']);
    t.regex(r.stdout, new RegExp(`wrote ${events.length} trace lines`));
    writeFileSync(file, 'keep me\n');
    const again = await raftsim('replay', 'InitialElection3A', '--seed', '3', '--trace', file);
    t.is(again.code, 2);
    t.regex(again.stderr, /already exists/);
    t.is(readFileSync(file, 'utf8'), 'keep me\n');
  });
