import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: plain JavaScript (the entry point reads it before anything is compiled)
import { distState } from '../bin/dist.js';
import { ROOT } from './helpers/cli.ts';

/**
 * What a command loads (bin/build.js, cli/main.ts): only its own code. The built CLI is run with
 * a loader hook that records every module it loads; each chunk of dist/ names the sources in it
 * (esbuild's `// sim/runner.ts` lines). `raftsim check` is compared with Porcupine on
 * whole-process time, so it must not load the simulator, the scenarios or fast-check.
 */
async function loaded(...args: string[]): Promise<{ code: number; sources: Set<string>;
  packages: Set<string> }> {
  const file = join(mkdtempSync(join(tmpdir(), 'raftsim-loads-')), 'loads.txt');
  const code = await new Promise<number>((resolve) => {
    execFile(process.execPath, ['--import', './test/helpers/trace-loads-register.mjs',
      'bin/raftsim.js', ...args], { cwd: ROOT, env: { ...process.env, RAFTSIM_TRACE_LOADS: file } },
    (error) => resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : -1));
  });
  const sources = new Set<string>();
  const packages = new Set<string>();
  for (const url of readFileSync(file, 'utf8').trim().split('\n')) {
    const pkg = /\/node_modules\/((@[^/]+\/)?[^/]+)\//.exec(url);
    if (pkg !== null) packages.add(pkg[1]!);
    else if (url.startsWith('file:') && url.includes('/dist/')) {
      const text = readFileSync(fileURLToPath(url), 'utf8');
      for (const m of text.matchAll(/^\/\/ ((core|sim|checker|scenarios|cli)\/\S+\.ts)$/gm)) {
        sources.add(m[1]!);
      }
    }
  }
  return { code, sources, packages };
}

const dirs = (s: Set<string>): string[] => [...new Set([...s].map((f) => f.split('/')[0]!))]
  .sort();

test('the built CLI is current (npm test builds it first; else npm run build)', (t) => {
  t.is(distState(), 'current');
});

test('raftsim --version loads no command; raftsim run --help not run nor the simulator',
  async (t) => {
  const version = await loaded('--version');
  t.is(version.code, 0);
  t.deepEqual(dirs(version.sources), ['cli']);
  t.false([...version.sources].some((f) => f.startsWith('cli/commands/')));
  const help = await loaded('run', '--help');
  t.is(help.code, 0);
  t.false(help.sources.has('cli/run.ts'));
  // --bug's parser needs the known-bad variants (scenarios/bugs/, the core they override, and
  // the KV service interface they implement); nothing else of the simulator or the scenarios.
  const rest = [...help.sources].filter((f) => !/^(core|cli|scenarios\/bugs)\//.test(f));
  t.deepEqual(rest, ['sim/kv-service.ts']);
  t.deepEqual([...help.packages], []);
});

test('raftsim check loads the checker only: no simulator, scenarios or fast-check', async (t) => {
  const r = await loaded('check', 'test/fixtures/porcupine/kv/c01-ok.txt');
  t.is(r.code, 0);
  t.true(r.sources.has('checker/check.ts'));
  t.deepEqual(dirs(r.sources), ['checker', 'cli', 'core']);
  t.false([...r.sources].some((f) => f.startsWith('checker/html/')), 'no HTML view');
  t.deepEqual([...r.packages], []);
});

test('raftsim list loads no fast-check, nor the code of run, shrink or explore', async (t) => {
  const r = await loaded('list');
  t.is(r.code, 0);
  t.true(r.sources.has('scenarios/index.ts'));
  for (const f of ['cli/run.ts', 'cli/shrink.ts', 'cli/explore.ts']) t.false(r.sources.has(f));
  t.deepEqual([...r.packages], []);
});
