import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCommands } from '../cli/main.ts';
import { ROOT, raftsim } from './helpers/cli.ts';

const COMMANDS = await loadCommands();

/** Help, version, and every example a command's help shows, run as a user would type it. */
for (const c of COMMANDS) {
  test(`raftsim ${c.name} --help, -h and raftsim help ${c.name} print the same usage`,
    async (t) => {
      const a = await raftsim(c.name, '--help');
      const b = await raftsim('help', c.name);
      const h = await raftsim(c.name, '-h');
      t.is(a.code, 0);
      t.is(a.stderr, '');
      t.regex(a.stdout, new RegExp(`^usage: raftsim ${c.name}`));
      t.regex(a.stdout, /\nflags:\n[^]*\nexamples:\n[^]*\nexit codes: 0/);
      t.is(b.stdout, a.stdout);
      t.is(h.stdout, a.stdout);
    });
}

test('raftsim help, --help, -h: the command list; no command: one line on stderr, exit 2',
  async (t) => {
    const help = await raftsim('help');
    t.is(help.code, 0);
    for (const c of COMMANDS) t.regex(help.stdout, new RegExp(`\\n {2}${c.name} +${c.summary}`));
    t.is((await raftsim('--help')).stdout, help.stdout);
    t.is((await raftsim('-h')).stdout, help.stdout);
    const none = await raftsim();
    t.is(none.code, 2);
    t.is(none.stdout, '');
    t.is(none.stderr,
      'raftsim: give a command: list, run, replay, shrink, explore, check, init (raftsim ' +
      'help says more)\n');
    const bad = await raftsim('help', 'nope');
    t.is(bad.code, 2);
    t.is(bad.stderr, "raftsim: unknown command 'nope' (see raftsim help)\n");
  });

test('raftsim --version prints the package version', async (t) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const r = await raftsim('--version');
  t.is(r.code, 0);
  t.is(r.stdout, `raftsim ${pkg.version}\n`);
});

const SHELL = `
npx() { if [ "$1" = raftsim ]; then shift; node "${ROOT}bin/raftsim.js" "$@"; else return 127; fi; }
`;

/** Runs an example in a fresh folder (with test/ linked in, for the fixtures it names). */
function example(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'raftsim-example-'));
  symlinkSync(join(ROOT, 'test'), join(cwd, 'test'));
  return new Promise((resolve) => {
    execFile('bash', ['-o', 'pipefail', '-c', `${SHELL}\n${line}`], { cwd, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      });
  });
}

for (const c of COMMANDS) {
  for (const e of c.examples) {
    test(`example: ${e.run}`, async (t) => {
      const r = await example(e.run);
      const expected = /\(exit (\d)\)/.exec(e.does)?.[1] ?? '0';
      t.is(String(r.code), expected, r.stderr);
      t.notRegex(r.stderr, /^raftsim \w+: |internal error|\n\s+at /m);
      t.not(r.stdout, '');
    });
  }
}
