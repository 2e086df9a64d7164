// A module loader hook for test/cli-startup.test.ts: appends the URL of every module the
// process loads to the file named by the data it is registered with (`--import` its sibling
// trace-loads-register.mjs). Written synchronously, so nothing is lost when the process exits.
import { appendFileSync } from 'node:fs';

let file = null;

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, nextLoad) {
  appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
