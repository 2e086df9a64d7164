import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  docFiles, linesMatch, normalise, readDoc, rewriteBlock, sessionsOf, updatedExpected,
  type Session,
} from './helpers/doc-sessions.ts';
import { ROOT } from './helpers/cli.ts';

/**
 * Every command the README and docs/ show is run, and its output compared with what the doc
 * shows (the conventions are in test/helpers/doc-sessions.ts and the README's Development
 * section): `npx raftsim` and `raftsim` run bin/raftsim.js, `npm start` runs its script, each
 * session runs in one shell from the repository's root (so `echo $?` sees the command before
 * it), and `/tmp/` is a fresh folder per session, so files a session writes never exist yet.
 * `UPDATE_DOCS=1` writes what each changed session printed back into its doc (see
 * updatedExpected for trimmed output); review the diff.
 */
const UPDATE = process.env['UPDATE_DOCS'] === '1';
const START = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
const END = '@@raftsim-docs-step-end@@';

const PRELUDE = `
raftsim() { node bin/raftsim.js "$@"; }
npx() { if [ "$1" = raftsim ]; then shift; node bin/raftsim.js "$@"; else command npx "$@"; fi; }
npm() { if [ "$1" = start ]; then ${START}; else command npm "$@"; fi; }
`;

function script(s: Session, tmp: string): string {
  const steps = s.steps.map((step) => `{ ${step.command.replaceAll('/tmp/', `${tmp}/`)}\n} 2>&1; ` +
    `__s=$?; printf '\\n${END}\\n'; (exit $__s)`);
  return `${PRELUDE}\n${steps.join('\n')}\n`;
}

function runSession(s: Session, tmp: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', script(s, tmp)], { cwd: ROOT, maxBuffer: 256 << 20 },
      (error, stdout) => {
        if (error !== null && typeof error.code !== 'number') reject(error);
        else resolve(stdout.split(`\n${END}\n`).slice(0, s.steps.length));
      });
  });
}

const sessions = docFiles(ROOT).flatMap((f) => sessionsOf(f, readDoc(ROOT, f)));

for (const s of sessions.filter((x) => x.notRun === null)) {
  test(`${s.where}: ${s.steps.map((x) => x.command).join(' ; ')}`, async (t) => {
    const tmp = mkdtempSync(join(tmpdir(), 'raftsim-docs-'));
    try {
      const outputs = await runSession(s, tmp);
      const updates: (string[] | null)[] = [];
      s.steps.forEach((step, k) => {
        const raw = (outputs[k] ?? '').replace(/\n$/, '').replaceAll(tmp, '/tmp').split('\n');
        while (raw.at(-1) === '' && raw.length > 0) raw.pop();
        const actual = raw.map(normalise);
        const expected = step.expected.map(normalise);
        while (expected.at(-1) === '') expected.pop();
        const same = linesMatch(expected, actual);
        updates.push(same ? null : updatedExpected(step.expected, raw));
        if (UPDATE && !same) return;
        t.true(same, `$ ${step.command}\n--- the doc shows:\n` +
          `${expected.join('\n')}\n--- it printed:\n${actual.slice(0, 200).join('\n')}`);
      });
      if (UPDATE && updates.some((u) => u !== null)) {
        const [file, line] = s.where.split(':');
        const path = join(ROOT, file!);
        const text = readFileSync(path, 'utf8');
        // Earlier rewrites may have moved the block: find it again by its commands.
        const key = s.steps.map((x) => x.command).join('\n');
        const here = sessionsOf(file!, text).filter((x) => x.steps.map((y) => y.command)
          .join('\n') === key).map((x) => Number(x.where.split(':')[1]))
          .sort((a, b) => Math.abs(a - Number(line)) - Math.abs(b - Number(line)))[0];
        if (here !== undefined) writeFileSync(path, rewriteBlock(text, here, updates));
        t.log(`updated ${s.where}`);
      }
      t.pass();
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}

test('sessions the test does not run are marked, with a reason', (t) => {
  const skipped = sessions.filter((s) => s.notRun !== null).map((s) => `${s.where}: ${s.notRun}`);
  t.deepEqual(skipped.map((x) => x.replace(/:\d+:/, ':')),
    ['docs/bug-zoo.md: a benchmark: 24 variants on 5 explore seeds, CPU-minutes; the figures ' +
      "are one machine's",
      'docs/checker.md: a benchmark: its figures are measurements of one machine at one time',
      'docs/performance.md: a benchmark: its figures are measurements of one machine at one time',
      'docs/performance.md: a benchmark: its figures are measurements of one machine at one time',
      'docs/performance.md: a benchmark: its figures are measurements of one machine at one time',
      'docs/performance.md: a benchmark: its figures are measurements of one machine at one time',
      'docs/performance.md: a benchmark: its figures are measurements of one machine at one time',
      'docs/performance.md: a benchmark (minutes, and it needs Porcupine built)',
      'docs/performance.md: a benchmark (minutes)',
      'docs/teaching.md: 400 runs of two long unreliable tests, about 2 CPU-minutes; the ' +
      "figures are one machine's"]);
  t.true(sessions.length > 20, `${sessions.length} sessions found`);
});

test('the matcher: `...` stands for any lines, nothing else does', (t) => {
  t.true(linesMatch(['a', '...', 'd'], ['a', 'b', 'c', 'd']));
  t.true(linesMatch(['a', '...', 'b'], ['a', 'b']));
  t.false(linesMatch(['a', 'd'], ['a', 'b', 'd']));
  t.false(linesMatch(['a', '...'], ['b']));
  t.is(normalise('PASS x seed=1     virtual=5.1s    wall=12ms   rpcs=140'),
    'PASS x seed=1 virtual=5.1s wall=Nms rpcs=140');
  t.is(normalise('58 passed, 0 failed: 545.6 s of virtual time in 4.27 s of wall time ' +
    '(128x real time)'), '58 passed, 0 failed: 545.6 s of virtual time in N s of wall time ' +
    '(Nx real time)');
});
