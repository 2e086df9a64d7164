#!/usr/bin/env node
// Builds dist/: the CLI as JavaScript, so `raftsim` starts in about 0.15 s instead of tsx
// compiling ~150 TypeScript files on every start (about 0.8 s). Run by npm's `prepare` (so
// `npm ci` does it) and by `npm test` first; `npm run build` by hand.
//
// Bundled, not tsc's one file per source: Node then loads a few modules instead of ~150. Split
// (esbuild's `splitting`): each command's handlers are a dynamic import (cli/commands/), so
// they land in chunks of their own, shared where commands share code, and a command loads only
// its chunks: `raftsim --version` none, `raftsim check` no simulator and no fast-check. The
// bundler is esbuild, the compiler tsx itself runs on, so dist/ behaves exactly as the sources
// under tsx. Types are checked by `npm run typecheck`, not here. `--if-stale` skips the work
// when dist/ is current (bin/dist.js says when it is).
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { ROOT, SOURCE_DIRS, STAMP, distState } from './dist.js';

if (process.argv.includes('--if-stale') && distState() === 'current') process.exit(0);

/** Every .ts file under the source folders, with its modification time before the build. */
function sources(dir, out = {}) {
  for (const entry of readdirSync(new URL(`${dir}/`, ROOT), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) sources(rel, out);
    else if (rel.endsWith('.ts')) out[rel] = statSync(new URL(rel, ROOT)).mtimeMs;
  }
  return out;
}

const files = {};
for (const dir of SOURCE_DIRS) sources(dir, files);
const { build } = await import('esbuild');
rmSync(new URL('dist/', ROOT), { recursive: true, force: true });
mkdirSync(new URL('dist/', ROOT));
const result = await build({
  absWorkingDir: new URL('.', ROOT).pathname,
  // The CLI, and the worker process of `run --workers` and `explore --workers` (cli/pool.ts
  // starts it from next to the running code: every output is in dist/ itself).
  entryPoints: { raftsim: 'cli/main.ts', 'pool-worker': 'cli/pool-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  metafile: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  banner: { js: '// Built by bin/build.js from cli/ and what it imports; do not edit.' },
});
// The stamp last: a build cut short leaves none, so dist/ reads as missing, never as current.
const outputs = Object.keys(result.metafile.outputs).sort();
writeFileSync(STAMP, `${JSON.stringify({ files, outputs }, null, 1)}\n`);
