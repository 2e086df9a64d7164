/**
 * `npm run bench:checker-vs-porcupine -- --porcupine PATH [--raftsim CMD] [--rounds N]
 *  [--corpus DIR] [--only NAME] [--file PATH]...`: raftsim's checker and Porcupine side by side,
 * on the same files, alternating A B A B (then B A B A ...) in the same minutes, so that a noisy
 * shared machine treats both alike. PATH (or $PORCUPINE_BENCH) is a porcupine-bench binary:
 * Porcupine v1.3.0 with its own tests' parsers and models, printing its CheckEvents time per
 * file. CMD is how to start raftsim (default `node bin/raftsim.js`, TypeScript through tsx; a
 * compiled build starts faster).
 *
 * Groups: the corpus families, then c50-ok and c50-bad alone; or, with --file, each file given
 * instead (e.g. a large history in Porcupine's formats). Each run is one process of each tool
 * over all the files of a group:
 *   check: each tool's own checking time, parsing excluded (raftsim: check + explanation, the
 *          `ms` it reports; Porcupine: CheckEvents, which explains nothing), summed over files;
 *   whole: the process's wall time, and peak: its peak RSS, from /usr/bin/time.
 * And, as CheckEvents only searches, a third process per round, bench/checker-split.ts (bundled
 * with esbuild as bin/build.js bundles the CLI), which does what `raftsim check` does but times
 * raftsim's search apart from its explanation:
 *   search: raftsim's search alone (check(), no explanation) against CheckEvents.
 * Each round runs raftsim, Porcupine, the split process (then the reverse order).
 * Printed: medians of the per-round ratios raftsim / Porcupine, with the medians of each side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir, families, median } from './corpus.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Group {
  readonly name: string;
  readonly files: readonly string[];
  readonly partition: boolean;
}

interface Run {
  checkMs: number;
  wallS: number;
  peakKb: number;
  /** raftsim's search alone (from bench/checker-split.ts); Porcupine's is checkMs. */
  searchMs: number;
}

function option(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

/** Runs `cmd` under /usr/bin/time; returns stdout and the time's wall seconds and peak KB. */
function timed(cmd: readonly string[], scratch: string): { out: string; wallS: number;
  peakKb: number } {
  const file = join(scratch, 'time');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', file, ...cmd],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  const [wall, peak] = readFileSync(file, 'utf8').trim().split('\n').at(-1)!.split(' ');
  return { out: r.stdout, wallS: Number(wall), peakKb: Number(peak) };
}

function runRaftsim(raftsim: readonly string[], g: Group, scratch: string): Run {
  const args = ['check', '--json', ...(g.partition ? [] : ['--no-partition']), ...g.files];
  const t = timed([...raftsim, ...args], scratch);
  const rows = t.out.trim().split('\n').map((l) => JSON.parse(l) as { wallMs: number });
  if (rows.length !== g.files.length) throw new Error(`raftsim: ${rows.length} results`);
  const checkMs = rows.reduce((s, r) => s + r.wallMs, 0);
  return { checkMs, wallS: t.wallS, peakKb: t.peakKb, searchMs: NaN };
}

/** bench/checker-split.ts bundled as bin/build.js bundles the CLI, so that both run the same
 * compiled code (tsx's per-file output differs a little, and its loader runs alongside). */
async function bundleSplit(scratch: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(scratch, 'checker-split.mjs');
  await build({ entryPoints: [join(ROOT, 'bench', 'checker-split.ts')], outfile, bundle: true,
    platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  return outfile;
}

/** raftsim's search time over the group's files, from bench/checker-split.ts. */
function runSplit(split: string, g: Group): number {
  const args = [split, ...(g.partition ? [] : ['--no-partition']), ...g.files];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { searchMs: number });
  if (rows.length !== g.files.length) throw new Error(`checker-split: ${rows.length} results`);
  return rows.reduce((s, row) => s + row.searchMs, 0);
}

function runPorcupine(binary: string, g: Group, scratch: string): Run {
  const args = ['-json', ...(g.partition ? [] : ['-no-partition']), ...g.files];
  const t = timed([binary, ...args], scratch);
  const rows = t.out.trim().split('\n').map((l) => JSON.parse(l) as { checkMs: number });
  if (rows.length !== g.files.length) throw new Error(`porcupine: ${rows.length} results`);
  const checkMs = rows.reduce((s, r) => s + r.checkMs, 0);
  return { checkMs, wallS: t.wallS, peakKb: t.peakKb, searchMs: checkMs };
}

function groups(dir: string, argv: readonly string[]): Group[] {
  const abs = (f: string) => join(dir, f);
  const extra = argv.flatMap((a, i) => (a === '--file' ? [argv[i + 1]!] : []));
  if (extra.length > 0) return extra.map((f) => ({ name: f, files: [f], partition: true }));
  const out: Group[] = families(dir).map((f) => ({ ...f, files: f.files.map(abs) }));
  for (const f of ['kv/c50-ok.txt', 'kv/c50-bad.txt']) {
    out.push({ name: f, files: [abs(f)], partition: true });
  }
  return out;
}

function compare(g: Group, rounds: number,
  tools: { raftsim: string[]; porcupine: string; split: string }, scratch: string): string {
  const ours: Run[] = [];
  const theirs: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    let searchMs = NaN;
    const split = () => { searchMs = runSplit(tools.split, g); };
    const a = () => ours.push(runRaftsim(tools.raftsim, g, scratch));
    const b = () => theirs.push(runPorcupine(tools.porcupine, g, scratch));
    if (i % 2 === 0) { a(); b(); split(); } else { split(); b(); a(); }
    ours.at(-1)!.searchMs = searchMs;
  }
  const ratio = (f: (r: Run) => number) =>
    median(ours.map((r, i) => f(r) / f(theirs[i]!))).toFixed(2);
  const mid = (runs: Run[], f: (r: Run) => number) => median(runs.map(f));
  const cell = (f: (r: Run) => number, digits: number, unit: string) =>
    `${ratio(f).padStart(6)} (${mid(ours, f).toFixed(digits)} / ${mid(theirs, f).toFixed(digits)}`
    + ` ${unit})`;
  const name = g.name.length > 18 ? `…${g.name.slice(-17)}` : g.name;
  return `${name.padEnd(18)}${cell((r) => r.searchMs, 1, 'ms').padEnd(28)}`
    + `${cell((r) => r.checkMs, 1, 'ms').padEnd(28)}`
    + `${cell((r) => r.wallS, 2, 's').padEnd(26)}${cell((r) => r.peakKb / 1024, 0, 'MiB')}`;
}

async function main(argv: readonly string[]): Promise<void> {
  const porcupine = option(argv, '--porcupine') ?? process.env.PORCUPINE_BENCH;
  if (porcupine === undefined || !existsSync(porcupine)) {
    console.error('checker-vs-porcupine: give a porcupine-bench binary with --porcupine PATH'
      + ' or $PORCUPINE_BENCH');
    process.exit(2);
  }
  const raftsim = (option(argv, '--raftsim') ?? `node ${join(ROOT, 'bin', 'raftsim.js')}`)
    .split(' ').filter((s) => s !== '');
  const rounds = Number(option(argv, '--rounds') ?? 5);
  const only = option(argv, '--only');
  const scratch = mkdtempSync(join(tmpdir(), 'raftsim-vs-'));
  try {
    const split = await bundleSplit(scratch);
    console.log(`raftsim (${raftsim.join(' ')}) vs Porcupine (${porcupine}): ${rounds} rounds,`
      + ' alternating; median of paired ratios raftsim / Porcupine (median raftsim / Porcupine)');
    console.log(`${'files'.padEnd(18)}${'search'.padEnd(28)}${'check'.padEnd(28)}`
      + `${'whole process'.padEnd(26)}peak RSS`);
    for (const g of groups(corpusDir(argv), argv)) {
      if (only === undefined || g.name === only) {
        console.log(compare(g, rounds, { raftsim, porcupine, split }, scratch));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
