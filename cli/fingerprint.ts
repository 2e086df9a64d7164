import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fingerprint of the code that decides a run: a SHA-256 over the TypeScript sources of
 * core/, sim/, scenarios/ and checker/ (paths and contents, in sorted order), first 16 hex
 * digits. A schedule file records it; replaying a file made by other code is refused, because
 * the same decisions would silently drive a different run.
 */
export const FINGERPRINTED = ['core', 'sim', 'scenarios', 'checker'] as const;

let cached: string | null = null;

export function codeFingerprint(): string {
  if (cached !== null) return cached;
  const root = repoRoot();
  const hash = createHash('sha256');
  for (const dir of FINGERPRINTED) {
    for (const file of sources(join(root, dir))) {
      hash.update(relative(root, file));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  cached = hash.digest('hex').slice(0, 16);
  return cached;
}

/** The folder holding package.json, found upward from this module (works from dist/ too). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'core'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('raftsim: cannot find the source tree for the fingerprint');
    dir = up;
  }
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}
