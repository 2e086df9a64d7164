#!/usr/bin/env node
// Entry shim: load the TypeScript CLI through tsx, so `npx raftsim ...` works right after `npm ci`.
import { register } from 'tsx/esm/api';

// A closed pipe (e.g. `raftsim replay ... | head`) ends the program quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
