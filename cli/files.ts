import { existsSync, writeFileSync } from 'node:fs';
import { UsageError } from './args.ts';

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
