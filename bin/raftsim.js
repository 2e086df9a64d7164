#!/usr/bin/env node
// Entry point. Runs the CLI bundled into dist/ (by bin/build.js, npm's `prepare`: `npm ci` does
// it) when dist/ is current with the TypeScript sources: about 0.15 s to start.
// Otherwise (no build yet, or a source edited since) it runs the sources through tsx, which
// compiles them on every start (about 0.8 s), so an edit is never run as stale code; on a
// terminal it says so. RAFTSIM_FROM_SOURCE=1 forces the sources; `npm run build` refreshes
// dist/.
import { distState } from './dist.js';

// A closed pipe (e.g. `raftsim replay ... | head`) ends the program quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const forced = process.env.RAFTSIM_FROM_SOURCE === '1';
const state = forced ? 'forced' : distState();
let main;
if (state === 'current') {
  ({ main } = await import('../dist/raftsim.js'));
} else {
  if (state === 'stale' && process.stderr.isTTY) {
    process.stderr.write('raftsim: sources changed since the last build; running them through ' +
      'tsx (slower start; npm run build makes it fast again)\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
