import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './args.ts';

/** Refuse, before any work, an output path that exists (unless `force`) or has no folder. */
export function checkOutput(cmd: string, path: string, force: boolean): void {
  if (!force && existsSync(path)) {
    throw new UsageError(`${cmd}: ${path} already exists; choose another name or pass --force`);
  }
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`${cmd}: cannot write ${path}: no folder ${dir}`);
  }
}

/** Write an output file, refusing to replace an existing one unless `force` (nothing is lost). */
export function writeOutput(cmd: string, path: string, text: string, force: boolean): void {
  if (!force && existsSync(path)) {
    throw new UsageError(`${cmd}: ${path} already exists; choose another name or pass --force`);
  }
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`${cmd}: cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
}
