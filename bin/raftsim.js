#!/usr/bin/env node
// Entry shim: load the TypeScript CLI through tsx, so `npx raftsim ...` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
