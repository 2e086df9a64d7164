import test from 'ava';
import type { Io } from '../cli/command.ts';
import { quietIo } from '../cli/execute.ts';
import { main } from '../cli/main.ts';
import { duration, Progress, progressText } from '../cli/progress.ts';
import { raftsim } from './helpers/cli.ts';

/** The progress line (cli/progress.ts): what it says, when it draws, and that it cleans up. */
const ERASE = '\r\x1b[K';

function fakeTty(columns = 80) {
  const writes: string[] = [];
  return { writes, tty: { columns, write: (s: string) => { writes.push(s); } } };
}

test('the line: done/total, failures, elapsed, an estimate, a note', (t) => {
  const o = { total: 580, unit: 'runs' };
  t.is(progressText({ done: 0, failed: 0 }, o, 400), '0/580 runs, 0 failed, 0.4 s');
  t.is(progressText({ done: 37, failed: 2 }, o, 12_300),
    '37/580 runs, 2 failed, 12.3 s, about 3 min 00 s left');
  t.is(progressText({ done: 1, failed: 0, note: 'x.txt: searching' }, { total: 1, unit: 'files' },
    65_000), '1/1 files, 0 failed, 1 min 05 s: x.txt: searching');
  t.is(duration(3_723_000), '1 h 02 min');
});

test('draws only after the delay, at most every 100 ms, fits the width, erases at the end', (t) => {
  let now = 0;
  const { writes, tty } = fakeTty(30);
  const p = new Progress(tty, { total: 10, unit: 'runs', now: () => now });
  p.update({ done: 1, failed: 0 });
  t.deepEqual(writes, [], 'not before 300 ms');
  now = 400;
  p.update({ done: 2, failed: 1 });
  t.is(writes.length, 1);
  t.true(writes[0]!.startsWith(ERASE));
  t.true(writes[0]!.length - ERASE.length <= 29, writes[0]);
  now = 450;
  p.update({ done: 3, failed: 1 });
  t.is(writes.length, 1, 'throttled');
  const printed: string[] = [];
  p.above(() => printed.push('a result line'));
  t.deepEqual(printed, ['a result line']);
  t.is(writes[1], ERASE, 'out of the way before the line');
  t.true(writes[2]!.startsWith(`${ERASE}3/10 runs`), 'and back after it');
  p.end();
  t.is(writes.at(-1), ERASE);
  p.end();
  t.is(writes.length, 4, 'end twice erases once');
});

test('no terminal: nothing is drawn, and lines still print', (t) => {
  const p = new Progress(null, { total: 3, unit: 'runs', now: () => 10_000 });
  p.update({ done: 1, failed: 0 });
  const printed: string[] = [];
  p.above(() => printed.push('x'));
  p.end();
  t.deepEqual(printed, ['x']);
});

/** An Io on a fake terminal whose clock moves a second per reading: every update draws. */
function captureIo(tty: Io['tty']): Io & { out: (l: string) => void; lines: string[] } {
  const lines: string[] = [];
  let now = 0;
  return { ...quietIo(), tty, lines, out: (l) => { lines.push(l); }, clock: () => (now += 1000) };
}

test('run on a terminal: a progress line on stderr that ends erased; none with --json',
  async (t) => {
    const { writes, tty } = fakeTty();
    const io = captureIo(tty);
    t.is(await main(['run', 'InitialElection3A', '--seeds', '1..8'], io), 0);
    t.is(io.lines.filter((l) => l.startsWith('PASS ')).length, 8);
    for (let k = 1; k <= 7; k++) {
      const re = new RegExp(
        `^\\r\\x1b\\[K${k}/8 runs, 0 failed, \\d+\\.0 s, about [\\d.]+ s left$`);
      t.true(writes.some((w) => re.test(w)), `${k}: ${writes.join('|')}`);
    }
    t.is(writes.at(-1), ERASE);
    const quiet = fakeTty();
    const json = captureIo(quiet.tty);
    t.is(await main(['run', 'InitialElection3A', '--seeds', '1..8', '--json'], json), 0);
    t.deepEqual(quiet.writes, []);
  });

test('run --workers 2 on a terminal: the same progress line, counting runs as printed',
  async (t) => {
    const { writes, tty } = fakeTty();
    const io = captureIo(tty);
    t.is(await main(['run', 'InitialElection3A', 'ReElection3A', '--seeds', '1..3',
      '--workers', '2'], io), 0);
    const runs = io.lines.filter((l) => /^PASS /.test(l));
    t.deepEqual(runs.map((l) => /^PASS (\S+) +seed=(\d+)/.exec(l)!.slice(1).join(' ')),
      ['InitialElection3A 1', 'ReElection3A 1', 'InitialElection3A 2', 'ReElection3A 2',
        'InitialElection3A 3', 'ReElection3A 3']);
    for (let k = 1; k <= 5; k++) {
      const re = new RegExp(
        `^\\r\\x1b\\[K${k}/6 runs, 0 failed, \\d+\\.0 s, about [\\d.]+ s left$`);
      t.true(writes.some((w) => re.test(w)), `${k}: ${writes.join('|')}`);
    }
    t.is(writes.at(-1), ERASE);
  });

test('check on a terminal: the line names the file being searched', async (t) => {
  const { writes, tty } = fakeTty(200);
  const io = captureIo(tty);
  const file = 'test/fixtures/porcupine/kv/c01-ok.txt';
  t.is(await main(['check', file, '--no-partition'], io), 0);
  t.true(writes.some((w) => w.includes(`0/1 files, 0 failed, `) &&
    w.includes(`${file}: searching`)),
    writes.slice(0, 3).join('|'));
  t.is(writes.at(-1), ERASE);
});

test('a child process whose stderr is not a terminal never gets a progress line', async (t) => {
  const r = await raftsim('run', '*3A', '--seeds', '1..30');
  t.is(r.code, 0);
  t.false(r.stderr.includes('\r') || r.stdout.includes('\r'));
  t.is(r.stderr, '');
});
