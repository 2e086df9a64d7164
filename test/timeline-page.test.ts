import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FATES, KIND } from '../cli/timeline/data.ts';
import { raftsim } from './helpers/cli.ts';
import { bigRun, pageOf, recordRun } from './helpers/timeline.ts';

/**
 * The timeline page's data and file (no browser here; test/timeline-browser.test.ts opens the
 * pages): compact tuples that still name every message's events, and `replay --html` with the
 * CLI's output-file rules.
 */

test('page data: every message tuple points at its own send and end events', (t) => {
  const { data } = pageOf('OnePartition4B', recordRun('OnePartition4B', 1));
  t.deepEqual(data.lanes.slice(0, 5), ['s0', 's1', 's2', 's3', 's4']);
  t.true(data.lanes.slice(5).every((l) => /^c\d+$/.test(l)));
  t.is(data.ev.length, data.t.length);
  data.msgs.forEach((m, k) => {
    const [from, to, sent, end, fate] = m as number[];
    t.true(from >= 0 && from < data.lanes.length && to >= 0 && to < data.lanes.length);
    const first = data.ev[sent]!;
    t.deepEqual(first, [FATES[fate!] === 'abandoned' ? KIND.drop : KIND.send, k]);
    const last = FATES[fate!] === 'delivered' ? KIND.recv : KIND.drop;
    if (end! >= 0) t.deepEqual(data.ev[end!], [last, k]);
  });
  for (const [lane, invoke, ret] of data.ops as number[][]) {
    t.true(lane! >= data.servers);
    t.is((data.ev[invoke!] as number[])[0], KIND.invoke);
    if (ret! >= 0) t.is((data.ev[ret!] as number[])[0], KIND.return);
  }
});

test('page data: a partition and the link changes it made are one network event', (t) => {
  const { data } = pageOf('OnePartition4B', recordRun('OnePartition4B', 1));
  const parts = data.ev.filter((e) => e[0] === KIND.net && /^partition /.test(
    data.strs[e[1] as number]!));
  t.true(parts.length > 0);
  for (const e of parts) {
    const changes = e[2] as number[];
    t.is(changes.length % 3, 0);
    t.true(changes.length > 0, data.strs[e[1] as number]);
  }
});

test('page data: a failing run ends on its failure; a passing one has none', (t) => {
  const bad = pageOf('paper/Figure8', recordRun('paper/Figure8', 1, 'commit-prior-term-by-count'),
    'commit-prior-term-by-count').data;
  t.is(bad.failAt, bad.t.length - 1);
  t.is(bad.meta.failure?.check, 'Leader Completeness');
  t.is(bad.meta.command,
    'npx raftsim replay paper/Figure8 --seed 1 --bug commit-prior-term-by-count');
  const good = pageOf('paper/Figure8', recordRun('paper/Figure8', 1)).data;
  t.is(good.failAt, -1);
  t.is(good.meta.failure, null);
});

test('the page is self-contained: no external resource, data inline', (t) => {
  const { html } = pageOf('paper/DuplicateAppend', recordRun('paper/DuplicateAppend', 2,
    'no-dedup'), 'no-dedup');
  t.notRegex(html, /\b(src|href)\s*=/);
  t.notRegex(html, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  t.regex(html, /Content-Security-Policy" content="default-src 'none'/);
  t.regex(html, /<script type="application\/json" id="data">/);
  t.regex(html, /<script type="application\/json" id="lin">/, 'the checker page is embedded');
  t.regex(html, /npx raftsim replay paper\/DuplicateAppend --seed 2 --bug no-dedup/);
});

test('a 20,000-event run\'s page stays under 2 MB', (t) => {
  const run = bigRun();
  const { html, data } = pageOf(run.scenario, run);
  t.true(run.result.events > 20_000);
  t.log(`${run.result.events} simulator events, ${data.t.length} page events, ` +
    `${data.msgs.length} messages, ${data.ops.length} ops: ${Math.round(html.length / 1024)} KB`);
  t.true(html.length < 2 * 1024 * 1024);
});

test('replay --html writes the page, keeps the run\'s hash, refuses to overwrite', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raftsim-timeline-'));
  try {
    const file = join(dir, 'run.html');
    const args = ['paper/Figure8', '--seed', '1', '--bug', 'commit-prior-term-by-count'];
    const r = await raftsim('replay', ...args, '--html', file);
    t.is(r.code, 1, 'the run fails: the exit code is the run\'s');
    t.regex(r.stdout, /wrote the run timeline \(\d+ events, \d+ messages, 0 client ops; \d+ KB\)/);
    t.notRegex(r.stdout, /^ +\d+  s\d /m, 'no trace lines on stdout');
    const run = await raftsim('run', ...args);
    const hash = (s: string) => /trace=([0-9a-f]{16})/.exec(s)?.[1];
    t.is(hash(r.stdout), hash(run.stdout));
    t.regex(readFileSync(file, 'utf8'), /^<!doctype html>/);
    writeFileSync(file, 'mine');
    const again = await raftsim('replay', ...args, '--html', file);
    t.is(again.code, 2);
    t.regex(again.stderr, /already exists; pass --force/);
    t.is(readFileSync(file, 'utf8'), 'mine');
    const forced = await raftsim('replay', ...args, '--html', file, '--force');
    t.is(forced.code, 1);
    t.regex(readFileSync(file, 'utf8'), /^<!doctype html>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('replay --html to an unwritable place: one line, exit 2, nothing written', async (t) => {
  const file = join(tmpdir(), 'raftsim-no-such-dir', 'x', 'run.html');
  const r = await raftsim('replay', 'InitialElection3A', '--seed', '1', '--html', file);
  t.is(r.code, 2);
  t.is(r.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn')).length, 1);
  t.regex(r.stderr, /--html .*run\.html: no such folder/);
  t.false(existsSync(file));
});
