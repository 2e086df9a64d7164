import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error: plain JavaScript (the entry point reads it before anything is compiled)
import { distState } from '../bin/dist.js';
import { ROOT, raftsim } from './helpers/cli.ts';

/**
 * bin/raftsim.js runs dist/raftsim.js only while it is current with the sources (bin/dist.js);
 * otherwise the sources through tsx, so an edit is never run as stale code.
 */
function fakeRepo(): { root: string; url: URL; stamp: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'raftsim-dist-'));
  mkdirSync(join(root, 'cli'));
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'cli', 'main.ts'), 'export {};\n');
  writeFileSync(join(root, 'dist', 'raftsim.js'), '');
  writeFileSync(join(root, 'dist', 'pool-worker.js'), '');
  const stamp = (): void => {
    const mtimeMs = statSync(join(root, 'cli', 'main.ts')).mtimeMs;
    writeFileSync(join(root, 'dist', 'sources.json'),
      JSON.stringify({ files: { 'cli/main.ts': mtimeMs } }));
  };
  return { root, url: pathToFileURL(`${root}/`), stamp };
}

test('no stamp or no bundle: missing; a fresh stamp: current', (t) => {
  const repo = fakeRepo();
  t.is(distState(repo.url), 'missing');
  repo.stamp();
  t.is(distState(repo.url), 'current');
  rmSync(join(repo.root, 'dist', 'pool-worker.js'));
  t.is(distState(repo.url), 'missing', 'the workers\' bundle is part of the build');
  rmSync(join(repo.root, 'dist', 'raftsim.js'));
  t.is(distState(repo.url), 'missing');
});

test('a source edited (or touched, or checked out) or deleted since the build: stale', (t) => {
  const repo = fakeRepo();
  repo.stamp();
  const file = join(repo.root, 'cli', 'main.ts');
  utimesSync(file, new Date(2001, 1, 1), new Date(2001, 1, 1));
  t.is(distState(repo.url), 'stale', 'an older time counts too: git may set any');
  repo.stamp();
  t.is(distState(repo.url), 'current');
  rmSync(file);
  t.is(distState(repo.url), 'stale');
});

test('RAFTSIM_FROM_SOURCE=1 runs the sources and gives the same output', async (t) => {
  const a = await raftsim('list', '--families');
  const b = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, ['bin/raftsim.js', 'list', '--families'],
      { cwd: ROOT, env: { ...process.env, RAFTSIM_FROM_SOURCE: '1' } },
      (error, stdout) => resolve({ code: error === null ? 0 : 1, stdout }));
  });
  t.is(a.code, 0);
  t.is(b.code, 0);
  t.is(b.stdout, a.stdout);
});
