import test from 'ava';
import fc from 'fast-check';
import {
  mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Io } from '../cli/command.ts';
import { quietIo } from '../cli/execute.ts';
import { main } from '../cli/main.ts';
import { RUNS_PER_JOB, runsPerJob } from '../cli/explore.ts';
import { outcomeLines } from '../cli/explore-report.ts';
import { exploreSpec } from '../scenarios/explore/arbitraries.ts';
import type { RunOutcome } from '../scenarios/explore/engine.ts';
import type { RunFailure } from '../sim/runner.ts';
import { raftsim } from './helpers/cli.ts';

/**
 * `raftsim explore` end to end: a seed makes the same runs, verdicts and corpus files in one
 * process and across processes, on any number of workers; shards partition the runs; the corpus
 * runs first and is never rewritten; bad flags and foreign corpus files are one line, exit 2.
 * The variant `vote-and-term-not-persisted` fails at once in every run, which keeps the failing
 * calls cheap (each failure is shrunk and saved).
 */
const root = mkdtempSync(join(tmpdir(), 'raftsim-explore-'));
const BUG = ['--bug', 'vote-and-term-not-persisted'];

interface Call {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
  readonly json: Record<string, any> | null;
}

/** `raftsim explore ARGS` in this process; --json output parsed. */
async function explore(...args: string[]): Promise<Call> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { ...quietIo(), out: (l) => { out.push(l); }, err: (l) => { err.push(l); } };
  const code = await main(['explore', ...args], io);
  const json = args.includes('--json') ? JSON.parse(out.join('\n')) as Record<string, any> : null;
  return { code, out, err, json };
}

/** What must not depend on the process, the workers or the corpus folder's name. */
function verdicts(j: Record<string, any>): unknown {
  const { wallSeconds, cpuSeconds, runsPerSecond, ...rest } = j;
  return JSON.parse(JSON.stringify(rest, (k, v) =>
    ((k === 'file' || k === 'replay') && typeof v === 'string' ? basename(v) : v)));
}

/** A corpus folder's files: name -> content. */
function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort()
    .map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

const folder = (name: string): string => join(root, name);

/** The reference call: four failing runs, each shrunk and saved in corpus `a`. */
const reference = explore('--runs', '4', '--seed', '5', ...BUG, '--corpus', folder('a'), '--json');

test('same seed, same runs, verdicts and corpus files: twice in one process', async (t) => {
  const a = await reference;
  t.is(a.code, 1);
  t.is(a.json!.failed, 4);
  t.is(a.json!.made.length, 4);
  t.is(Object.keys(files(folder('a'))).length, 4);
  const b = await explore('--runs', '4', '--seed', '5', ...BUG, '--corpus', folder('b'), '--json');
  t.deepEqual(verdicts(b.json!), verdicts(a.json!));
  t.deepEqual(files(folder('b')), files(folder('a')));
  const other = await explore('--runs', '4', '--seed', '6', ...BUG, '--corpus', folder('c6'),
    '--json');
  t.notDeepEqual(other.json!.made, a.json!.made, 'another seed, other runs');
});

test('the same across processes, on one worker and on two', async (t) => {
  const a = await reference;
  const [one, two] = await Promise.all(['1', '2'].map((k) => raftsim('explore', '--runs', '4',
    '--seed', '5', ...BUG, '--corpus', folder(`p${k}`), '--json', '--workers', k)));
  for (const [k, r] of [['1', one!], ['2', two!]] as const) {
    t.is(r.code, 1, r.stderr);
    t.deepEqual(verdicts(JSON.parse(r.stdout)), verdicts(a.json!), `--workers ${k}`);
    t.deepEqual(files(folder(`p${k}`)), files(folder('a')), `--workers ${k}`);
  }
});

test('--workers 2 gives the verdicts and coverage of --workers 1 (the real implementation)',
  async (t) => {
    const one = await explore('--runs', '6', '--seed', '3', '--json');
    const two = await explore('--runs', '6', '--seed', '3', '--json', '--workers', '2');
    t.is(one.code, 0, one.err.join('\n'));
    t.is(one.json!.passed, 6);
    t.deepEqual(verdicts(two.json!), verdicts(one.json!));
  });

test('jobs of several runs: 24 runs on 2 workers (3 a job) as on one worker (6 a job)',
  async (t) => {
    t.is(runsPerJob(24, 2), 3);
    t.is(runsPerJob(24, 1), 6);
    const one = await explore('--runs', '24', '--seed', '4', '--json');
    const two = await explore('--runs', '24', '--seed', '4', '--json', '--workers', '2');
    t.is(one.code, 0, one.err.join('\n'));
    t.is(one.json!.passed, 24);
    t.deepEqual(one.json!.made.map((l: string) => Number(l.split(' ')[0])),
      Array.from({ length: 24 }, (_, i) => i));
    t.deepEqual(verdicts(two.json!), verdicts(one.json!));
  });

test('runsPerJob: at most 8, at least 1, and 4 jobs a worker while runs allow', (t) => {
  t.is(runsPerJob(null, 2), RUNS_PER_JOB);
  t.is(RUNS_PER_JOB, 8);
  t.is(runsPerJob(10_000, 2), 8);
  t.is(runsPerJob(64, 2), 8);
  t.is(runsPerJob(63, 2), 7);
  t.is(runsPerJob(4, 2), 1);
  t.is(runsPerJob(1, 8), 1);
  t.is(runsPerJob(0, 1), 1);
});

test('the shards 1/3, 2/3, 3/3 together make exactly the unsharded runs', async (t) => {
  const all = await explore('--runs', '10', '--seed', '3', '--json');
  const shards = await Promise.all([1, 2, 3].map((i) =>
    explore('--runs', '10', '--seed', '3', '--json', '--shard', `${i}/3`)));
  const index = (line: string): number => Number(line.split(' ')[0]);
  t.deepEqual(shards[1]!.json!.made.map(index), [1, 4, 7]);
  const union = shards.flatMap((s) => s.json!.made as string[]).sort((x, y) => index(x) - index(y));
  t.deepEqual(union, all.json!.made);
  t.is(all.json!.made.length, 10);
});

test('the corpus runs first next time, and no corpus file is rewritten', async (t) => {
  await reference;
  const dir = folder('a');
  const before = files(dir);
  const mtimes = Object.keys(before).map((n) => statSync(join(dir, n)).mtimeMs);
  const again = await explore('--runs', '4', '--seed', '5', ...BUG, '--corpus', dir);
  t.is(again.code, 1);
  const corpusLines = again.out.filter((l) => l.endsWith('(corpus)') || / \(corpus\): /.test(l));
  t.is(corpusLines.length, 4);
  t.true(again.out.indexOf(corpusLines[0]!) < again.out.findIndex((l) => l.startsWith('FAIL run')));
  t.regex(again.out.join('\n'), /corpus: 4 replayed, 0 passed, 4 failed, 0 undecided/);
  t.deepEqual(files(dir), before, 'the same failures again: the same files, nothing new');
  t.deepEqual(Object.keys(before).map((n) => statSync(join(dir, n)).mtimeMs), mtimes);
  const real = await explore('--runs', '1', '--seed', '5', '--corpus', dir);
  t.is(real.code, 0, 'the real implementation passes every saved failure');
  t.is(real.out.filter((l) => /^PASS .* \(corpus\)$/.test(l)).length, 4);
});

test('a corpus file replays (and shrinks again) with raftsim replay/shrink --schedule',
  async (t) => {
    await reference;
    const file = join(folder('a'), Object.keys(files(folder('a')))[0]!);
    const r = await raftsim('replay', 'explore', '--schedule', file);
    t.is(r.code, 1, r.stderr);
    t.regex(r.stdout, /safety check 'Persist Before Send' failed/);
    const fixed = await raftsim('replay', 'explore', '--schedule', file, '--no-bug');
    t.is(fixed.code, 0, fixed.stdout.slice(-300));
    const out = join(root, 'again.schedule.json');
    const s = await raftsim('shrink', 'explore', '--schedule', file, '--out', out);
    t.is(s.code, 0, s.stderr);
    t.is(JSON.parse(readFileSync(out, 'utf8')).spec.seed, JSON.parse(readFileSync(file, 'utf8'))
      .spec.seed);
  });

test('--time: runs until the budget on the wall clock (a fake one here), then the repeat line',
  async (t) => {
    let now = 0;
    const out: string[] = [];
    const io: Io = { ...quietIo(), out: (l) => { out.push(l); }, clock: () => (now += 1000) };
    t.is(await main(['explore', '--time', '4s', '--seed', '3'], io), 0);
    const summary = out.find((l) => / runs \(seed 3\): /.test(l));
    t.regex(summary ?? '', /^\d+ runs \(seed 3\): \d+ passed, 0 failed, 0 undecided$/);
    const n = Number(/^(\d+)/.exec(summary!)![1]);
    t.true(n >= 1 && n <= 4, summary);
    t.true(out.includes(`the same runs again: npx raftsim explore --seed 3 --runs ${n}`));
  });

/** Expect exit 2, one line on stderr matching `why`, nothing on stdout. */
async function refused(t: import('ava').ExecutionContext, args: string[], why: RegExp):
  Promise<void> {
  const r = await explore(...args);
  t.is(r.code, 2, `${args.join(' ')}: ${r.out.join('|')}`);
  t.is(r.err.length, 1, r.err.join('\n'));
  t.regex(r.err[0]!, why);
  t.deepEqual(r.out, []);
}

test('bad flags: one line, exit 2', async (t) => {
  await refused(t, ['--shard', '0/3'], /--shard I must be/);
  await refused(t, ['--shard', '4/3'], /--shard I must be/);
  await refused(t, ['--shard', '2'], /--shard must look like I\/N/);
  await refused(t, ['--time', '10x'], /--time must be a whole number of s, m or h/);
  await refused(t, ['--time', '0s'], /--time must be more than 0/);
  await refused(t, ['--runs', '5', '--time', '1m'], /--runs.*--time|--time.*--runs/);
  await refused(t, ['--workers', '0'], /--workers/);
  await refused(t, ['--bug', 'nope'], /nope/);
  await refused(t, ['stray'], /argument|positional|stray/);
});

test('a corpus folder with a foreign, malformed or other-scenario file: one line, exit 2, and '
  + 'the file is left as it was', async (t) => {
  await reference;
  const good = readFileSync(join(folder('a'), Object.keys(files(folder('a')))[0]!), 'utf8');
  const cases: Array<[string, string, RegExp]> = [
    ['notes.txt', 'my notes', /notes\.txt is not a schedule file/],
    ['broken.json', '{"raftsim": ', /broken\.json/],
    ['other.json', good.replace('"scenario": "explore"', '"scenario": "InitialElection3A"'),
      /other\.json is a schedule for InitialElection3A, not explore/],
    ['nospec.json', JSON.stringify({ ...JSON.parse(good), spec: undefined }),
      /nospec\.json: an explore schedule without a spec/],
    ['badspec.json', JSON.stringify({ ...JSON.parse(good), spec: { seed: 1 } }),
      /badspec\.json: spec: field "servers" is missing/],
  ];
  for (const [name, text, why] of cases) {
    const dir = folder(`bad-${name}`);
    mkdirSync(dir);
    writeFileSync(join(dir, name), text);
    await refused(t, ['--runs', '1', '--corpus', dir], why);
    t.deepEqual(files(dir), { [name]: text });
  }
  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  await refused(t, ['--runs', '1', '--corpus', file], /not a folder/);
});

test('a shrink that ends in the other pending check says so in the report', (t) => {
  const spec = fc.sample(exploreSpec(), { seed: 1, numRuns: 1 })[0]!;
  const failure = (check: string): RunFailure => ({ kind: 'check', check: `liveness: ${check}`,
    message: 'm', atMs: 1000, event: 9 });
  const outcome = (shrunkCheck: string): RunOutcome => ({
    index: 3, runSeed: 7, spec, verdict: 'fail', failure: failure('pending requests'),
    traceHash: '0', coverage: null as unknown as RunOutcome['coverage'],
    shrunk: { spec, failure: failure(shrunkCheck), decisions: [], data: {}, runs: 10, from: 40,
      minimality: { kind: '1-minimal' } },
  });
  const other = outcomeLines(outcome('pending operations'), 4, null);
  t.is(other.length, 3);
  t.is(other[2], "     the shrunk run fails with check 'liveness: pending operations' (the same " +
    'failure for a shrink: docs/shrinking.md)');
  t.is(outcomeLines(outcome('pending requests'), 4, null).length, 2);
});
