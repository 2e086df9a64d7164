import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  linesMatch, normalise, rewriteBlock, sessionsOf, updatedExpected,
} from './helpers/doc-sessions.ts';
import { ROOT, raftsim } from './helpers/cli.ts';
import {
  body, fillStarter, initFolder, membersOf, partsOf, REFERENCE, STARTER,
} from './helpers/starter.ts';

/**
 * `raftsim init DIR` and the starter it writes: the folder's files, its refusals, the starter
 * type-checking with the folder's own tsconfig, failing 3A with a clear first message, passing
 * 3A once its 3A gaps are filled from the reference Raft (test/fixtures/impl/raft.ts), and its
 * README's commands printing what the README shows (UPDATE_DOCS=1 rewrites them).
 */

function run(cmd: string, args: string[], cwd: string):
  Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

test('init writes the starter, links this raftsim, and says what to run next', async (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'raftsim-init-')), 'My Raft');
  const r = await raftsim('init', dir);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^wrote raft\.ts, README\.md, package\.json, tsconfig\.json, \.gitignore /);
  t.regex(r.stdout, /\n {2}npx raftsim run '\*3A' --impl \.\/raft\.ts\n/);
  t.is(readFileSync(join(dir, 'raft.ts'), 'utf8'), STARTER);
  t.is(readlinkSync(join(dir, 'node_modules', 'raftsim')).replace(/\/?$/, '/'), ROOT);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  t.is(pkg.name, 'my-raft');
  t.is(pkg.devDependencies.raftsim, `file:${ROOT.replace(/\/$/, '')}`);
});

test('init refuses a folder that is not empty, and a file, in one line (exit 2)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raftsim-init-'));
  writeFileSync(join(dir, 'raft.ts'), 'mine');
  const full = await raftsim('init', dir);
  t.is(full.code, 2);
  t.is(full.stderr.trimEnd().split('\n').length, 1);
  t.regex(full.stderr, /exists and is not empty; pass --force/);
  t.is(readFileSync(join(dir, 'raft.ts'), 'utf8'), 'mine');
  const file = await raftsim('init', join(dir, 'raft.ts'));
  t.is(file.code, 2);
  t.regex(file.stderr, /raft\.ts exists and is not a folder\n$/);
  const forced = await raftsim('init', dir, '--force');
  t.is(forced.code, 0, forced.stderr);
  t.is(readFileSync(join(dir, 'raft.ts'), 'utf8'), STARTER);
});

test('the starter type-checks with its own tsconfig, and a type error is caught', async (t) => {
  const dir = await initFolder();
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const ok = await run(tsc, ['-p', '.'], dir);
  t.is(ok.code, 0, ok.stdout + ok.stderr);
  writeFileSync(join(dir, 'raft.ts'), STARTER.replace('    return null;\n', '    return 5;\n'));
  const bad = await run(tsc, ['-p', '.'], dir);
  t.is(bad.code, 1);
  t.regex(bad.stdout, /raft\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable/);
});

test('the starter fails 3A first with no leader elected, and names no internal error',
  async (t) => {
    const dir = await initFolder();
    const r = await run(process.execPath, [join(ROOT, 'bin/raftsim.js'), 'run', '*3A',
      '--impl', './raft.ts'], dir);
    t.is(r.code, 1);
    const lines = r.stdout.split('\n');
    t.regex(lines[0]!, /^FAIL InitialElection3A +seed=1 /);
    t.is(lines[1]!.trim(), "check 'checkOneLeader' failed at 5.070 s (event 14): expected " +
      'one leader, got none');
    t.is(r.stderr, 'running on the Raft in ./raft.ts\n');
  });

test('every part of the starter is the reference but the gaps; each gap is one part',
  (t) => {
    const reference = new Map(membersOf(REFERENCE).map((m) => [m.name, m.text]));
    const members = membersOf(STARTER);
    t.deepEqual(members.map((m) => m.name), [...reference.keys()]);
    for (const m of members) {
      const parts = partsOf(m);
      if (parts.length === 0) t.is(m.text, reference.get(m.name) ?? '', m.name);
      else t.is(new Set(parts).size, 1, `${m.name} has gaps of ${parts.join(', ')}`);
    }
    const gaps = (p: string) => members.filter((m) => partsOf(m).includes(p)).length;
    t.deepEqual(['3A', '3B', '3C', '3D'].map(gaps), [7, 4, 1, 3]);
    t.is(body(fillStarter(['3A', '3B', '3C', '3D'])), body(REFERENCE));
  });

test('the starter with its 3A gaps filled from the reference passes 3A at seeds 1..5',
  async (t) => {
    const dir = await initFolder();
    writeFileSync(join(dir, 'raft.ts'), fillStarter(['3A']));
    const r = await run(process.execPath, [join(ROOT, 'bin/raftsim.js'), 'run', '*3A',
      '--seeds', '1..5', '--impl', './raft.ts'], dir);
    t.is(r.code, 0, r.stdout);
    t.regex(r.stdout, /^15 passed, 0 failed: /m);
    const b = await run(process.execPath, [join(ROOT, 'bin/raftsim.js'), 'run', 'BasicAgree3B',
      '--impl', './raft.ts'], dir);
    t.is(b.code, 1, 'with 3B still to write, 3B fails');
  });

const README = 'cli/starter/README.md';
const UPDATE = process.env['UPDATE_DOCS'] === '1';
const END = '@@raftsim-starter-step-end@@';

/** The README's sessions, each run in a fresh starter folder, as a student would run them. */
for (const s of sessionsOf(README, readFileSync(join(ROOT, README), 'utf8'))) {
  test(`${s.where}: ${s.steps.map((x) => x.command).join(' ; ')}`, async (t) => {
    const dir = await initFolder();
    const npx = `npx() { if [ "$1" = raftsim ]; then shift; node "${ROOT}bin/raftsim.js" "$@"; ` +
      'else command npx "$@"; fi; }';
    const steps = s.steps.map((x) => `{ ${x.command}\n} 2>&1; __s=$?; printf '\\n${END}\\n'; ` +
      '(exit $__s)');
    const r = await run('bash', ['-c', `${npx}\n${steps.join('\n')}\n`], dir);
    const outputs = r.stdout.split(`\n${END}\n`);
    const updates = s.steps.map((step, k) => {
      const raw = (outputs[k] ?? '').replace(/\n$/, '').split('\n');
      while (raw.at(-1) === '' && raw.length > 0) raw.pop();
      const expected = step.expected.map(normalise);
      while (expected.at(-1) === '') expected.pop();
      const same = linesMatch(expected, raw.map(normalise));
      if (!UPDATE) t.true(same, `$ ${step.command}\n--- README shows:\n${expected.join('\n')}` +
        `\n--- it printed:\n${raw.join('\n')}`);
      return same ? null : updatedExpected(step.expected, raw);
    });
    if (UPDATE && updates.some((u) => u !== null)) {
      const path = join(ROOT, README);
      const text = readFileSync(path, 'utf8');
      // Earlier rewrites may have moved the block: find it again by its commands.
      const key = s.steps.map((x) => x.command).join('\n');
      const here = sessionsOf(README, text).find((x) => x.steps.map((y) => y.command)
        .join('\n') === key);
      if (here !== undefined) {
        writeFileSync(path, rewriteBlock(text, Number(here.where.split(':')[1]), updates));
      }
      t.log(`updated ${s.where}`);
    }
    t.pass();
  });
}

test('the README shows sessions for running, replaying, shrinking and the timeline', (t) => {
  const commands = sessionsOf(README, readFileSync(join(ROOT, README), 'utf8'))
    .flatMap((s) => s.steps.map((x) => x.command));
  t.true(commands.includes("npx raftsim run '*3A' --impl ./raft.ts"));
  t.true(commands.some((c) => c.startsWith('npx raftsim replay ') && !c.includes('--html')));
  t.true(commands.some((c) => c.startsWith('npx raftsim shrink ')));
  t.true(commands.some((c) => c.includes('--html')));
});
