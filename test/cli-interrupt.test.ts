import test from 'ava';
import { spawn } from 'node:child_process';
import { ROOT } from './helpers/cli.ts';

/**
 * Ctrl-C during a long `run`: the runs that finished are reported, then the summary, then (on
 * stderr) how far it got and the command that runs the rest; exit 130. A real child process
 * gets a real SIGINT once a few runs are out.
 */
interface Stopped {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function interruptAfter(lines: number, args: string[]): Promise<Stopped> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/raftsim.js', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!sent && stdout.split('\n').length > lines) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const SCENARIOS = ['InitialElection3A', 'ReElection3A', 'ManyElections3A'];

/** The seed the resumed range must start at: the last one printed, or the next if it was whole. */
function resumeSeed(last: { scenario: string; seed: number }): number {
  return last.scenario === SCENARIOS.at(-1) ? last.seed + 1 : last.seed;
}

test('Ctrl-C: the finished runs, their summary, the command for the rest, exit 130', async (t) => {
  const r = await interruptAfter(5, ['run', '*3A', '--seeds', '1..100000']);
  t.is(r.signal, null, 'the process handled the signal');
  t.is(r.code, 130, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const runs = lines.filter((l) => /^(PASS|FAIL) /.test(l));
  t.true(runs.length >= 5);
  t.deepEqual(lines.slice(runs.length), ['', lines.at(-1)!]);
  t.regex(lines.at(-1)!, new RegExp(`^${runs.length} passed, 0 failed: `));
  const m = /^PASS (\S+) +seed=(\d+)/.exec(runs.at(-1)!)!;
  const from = resumeSeed({ scenario: m[1]!, seed: Number(m[2]) });
  t.is(r.stderr, `interrupted after ${runs.length} of 300000 runs; to run the rest` +
    `${from === Number(m[2]) ? ` (seed ${from}'s ${SCENARIOS.indexOf(m[1]!) + 1} finished runs ` +
      'run again)' : ''}:\n  npx raftsim run '*3A' --seeds ${from}..100000\n`);
});

test('Ctrl-C with --json: JSON lines only on stdout; summary and resume command on stderr',
  async (t) => {
    const r = await interruptAfter(4, ['run', '*3A', '--json', '--seeds=7..100000', '--bug',
      'quorum-miscount']);
    t.is(r.code, 130, r.stderr);
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    t.true(rows.length >= 4);
    t.true(rows.every((x) => x.bug === 'quorum-miscount'));
    const last = rows.at(-1);
    const from = resumeSeed(last);
    const err = r.stderr.trimEnd().split('\n');
    t.is(err[0], "running on the known-bad variant 'quorum-miscount' (raft layer)");
    t.regex(err[1]!, new RegExp(`^\\d+ passed, \\d+ failed: `));
    t.regex(err[2]!, new RegExp(`^interrupted after ${rows.length} of 299982 runs; to run the ` +
      'rest'));
    t.is(err[3], `  npx raftsim run '*3A' --json --bug quorum-miscount --seeds ${from}..100000`);
    t.is(err.length, 4);
  });

test('Ctrl-C with --workers 2: the finished runs in job order, the same summary and resume',
  async (t) => {
    const r = await interruptAfter(5, ['run', '*3A', '--seeds', '1..100000', '--workers', '2']);
    t.is(r.signal, null, 'the process handled the signal');
    t.is(r.code, 130, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const runs = lines.filter((l) => /^(PASS|FAIL) /.test(l));
    t.true(runs.length >= 5);
    // A prefix of the job order (seed by seed, scenarios in order), with nothing left out.
    runs.forEach((l, i) => {
      const want = `PASS ${SCENARIOS[i % 3]!.padEnd(17)} seed=${1 + Math.floor(i / 3)} `;
      t.is(l.slice(0, want.length), want);
    });
    t.deepEqual(lines.slice(runs.length), ['', lines.at(-1)!]);
    t.regex(lines.at(-1)!, new RegExp(`^${runs.length} passed, 0 failed: `));
    const m = /^PASS (\S+) +seed=(\d+)/.exec(runs.at(-1)!)!;
    const from = resumeSeed({ scenario: m[1]!, seed: Number(m[2]) });
    t.is(r.stderr, `interrupted after ${runs.length} of 300000 runs; to run the rest` +
      `${from === Number(m[2]) ? ` (seed ${from}'s ${SCENARIOS.indexOf(m[1]!) + 1} finished runs ` +
        'run again)' : ''}:\n  npx raftsim run '*3A' --workers 2 --seeds ${from}..100000\n`);
  });
