import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs the real CLI (`node bin/raftsim.js ...`) in a child process. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `raftsim ARGS...`; its stdin is empty (closed at once), as `raftsim ... < /dev/null`. */
export function raftsim(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['bin/raftsim.js', ...args],
      { cwd: ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      });
    child.stdin?.end();
  });
}
