/**
 * Porcupine's corpus (test_data of anishathalye/porcupine v1.3.0) as the checker benchmarks use
 * it: where it is, and its three families, as Porcupine's own tests check them.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHistory } from '../checker/formats/index.ts';
import type { LoadedHistory } from '../checker/formats/history.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The corpus folder (holding jepsen/ and kv/): --corpus DIR, else $PORCUPINE_CORPUS, else
 * ../shared/corpus/porcupine next to the repository. Exits with a one-line error if absent.
 */
export function corpusDir(argv: readonly string[]): string {
  const at = argv.indexOf('--corpus');
  const dir = at >= 0 ? argv[at + 1] : process.env.PORCUPINE_CORPUS
    ?? join(ROOT, '..', 'shared', 'corpus', 'porcupine');
  if (dir === undefined || !existsSync(join(dir, 'jepsen'))) {
    console.error(`bench: no Porcupine corpus at ${dir} (give --corpus DIR or $PORCUPINE_CORPUS)`);
    process.exit(2);
  }
  return resolve(dir);
}

/** One family: files checked the same way (partitioned or not). */
export interface Family {
  readonly name: string;
  /** Paths relative to the corpus folder. */
  readonly files: readonly string[];
  readonly partition: boolean;
}

/** The families of Porcupine's tests: 102 etcd logs (095 is empty), the 6 kv logs by key, and
 * c01 / c10 with one map state (Porcupine runs its no-partition model on those only). */
export function families(dir: string): Family[] {
  const etcd = readdirSync(join(dir, 'jepsen')).filter((f) => f.endsWith('.log')).sort()
    .filter((f) => f !== 'etcd_095.log').map((f) => `jepsen/${f}`);
  const kv = ['c01-ok', 'c01-bad', 'c10-ok', 'c10-bad', 'c50-ok', 'c50-bad']
    .map((f) => `kv/${f}.txt`);
  return [
    { name: 'etcd', files: etcd, partition: true },
    { name: 'kv partitioned', files: kv, partition: true },
    { name: 'kv unpartitioned', files: kv.filter((f) => /c(01|10)/.test(f)), partition: false },
  ];
}

export function load(dir: string, file: string): LoadedHistory {
  return loadHistory(readFileSync(join(dir, file), 'utf8'), file);
}

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
