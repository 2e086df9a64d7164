/**
 * Finds the course runs that catch each known-bad variant: for every variant, the (scenario,
 * seed) runs on which it fails while the real code passes the very same run. The rows of
 * scenarios/bugs/catches.ts and the course column of docs/bug-zoo.md come from here; a change
 * to scheduling moves them, and this finds them again (never loosen a row: search again).
 *
 *   node --import tsx bench/zoo-search.ts [--bug ID,ID] [--scenarios GLOB,GLOB] [--seeds A..B]
 *     [--hits N] [--skip GLOB,GLOB] [--budget-cpu-s S]
 *
 * Defaults: every variant, every course scenario (all families but paper/), seeds 1..200,
 * stop a variant at its first hit, no budget (CPU seconds per variant: a shared machine's wall
 * clock says little). Seeds are the outer loop, so a hit at a low
 * seed in any scenario comes before a high seed in the first one. A KV or clerk variant runs
 * only KV scenarios (cli/select.ts). Prints one line per hit, as it is found, and a summary per
 * variant with how many runs it took and the seeds it covered in full ("none in N runs" when
 * nothing caught it). The wall clock is read only to report it.
 */
import { scenariosForBug, selectScenarios, globToRegExp } from '../cli/select.ts';
import { findBug, knownBugs, type KnownBug } from '../scenarios/bugs/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from '../sim/runner.ts';
import { failureSignature } from '../sim/shrink.ts';

interface Options {
  readonly bugs: readonly KnownBug[];
  readonly scenarios: readonly string[];
  readonly seeds: readonly [number, number];
  readonly hits: number;
  readonly skip: readonly RegExp[];
  readonly budgetCpuS: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function parseOptions(): Options {
  const ids = arg('--bug')?.split(',');
  const bugs = ids === undefined ? knownBugs : ids.map((id) => {
    const b = findBug(id);
    if (b === undefined) throw new Error(`no known-bad variant ${id} (raftsim list --bugs)`);
    return b;
  });
  const [a, b] = (arg('--seeds') ?? '1..200').split('..').map(Number);
  return {
    bugs,
    scenarios: arg('--scenarios')?.split(',') ?? ['*', '*/*'],
    seeds: [a!, b ?? a!],
    hits: Number(arg('--hits') ?? 1),
    skip: [...(arg('--skip')?.split(',') ?? []), 'paper/*'].map(globToRegExp),
    budgetCpuS: Number(arg('--budget-cpu-s') ?? Infinity),
  };
}

/** The failure's signature (`kind: check`, an assertion's text), or null if the run passed. */
function verdict(s: Scenario, seed: number, bug: KnownBug | null): string | null {
  const f = runScenario(s, seed, bug === null ? {} : bug.run).failure;
  return f === null ? null : failureSignature(f);
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

function searchOne(bug: KnownBug, o: Options): void {
  const selected = selectScenarios(o.scenarios).filter((s) => !o.skip.some((r) => r.test(s.id)));
  const { kept } = scenariosForBug(selected, bug);
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  let runs = 0;
  let hits = 0;
  let fullSeeds = o.seeds[0] - 1;
  let out = false;
  for (let seed = o.seeds[0]; seed <= o.seeds[1] && hits < o.hits && !out; seed++) {
    for (const s of kept) {
      if (cpuSeconds(cpu0) > o.budgetCpuS) { out = true; break; }
      runs++;
      const bad = verdict(s, seed, bug);
      if (bad === null) continue;
      const good = verdict(s, seed, null);
      if (good !== null) {
        console.log(`!! ${s.id} seed ${seed} fails on the REAL code too: ${good}`);
        continue;
      }
      hits++;
      console.log(`course('${bug.id}', '${s.id}', ${seed}, '${bad.replace(/'/g, "\\'")}'),`);
      if (hits >= o.hits) break;
    }
    if (!out && hits < o.hits) fullSeeds = seed;
  }
  const wall = ((Date.now() - t0) / 1000).toFixed(0);
  const what = hits > 0 ? `${hits} hit(s)` : `none in ${runs} runs`;
  const seeds = fullSeeds >= o.seeds[0] ? `seeds ${o.seeds[0]}..${fullSeeds} in full`
    : 'no seed in full';
  console.log(`# ${bug.id} (#${bug.catalogue}): ${what}; ${kept.length} scenarios, ${seeds}, ` +
    `${runs} runs, ${cpuSeconds(cpu0).toFixed(0)} CPU s, ${wall} s${out ? ' (budget spent)' : ''}`);
}

const options = parseOptions();
for (const bug of options.bugs) searchOne(bug, options);
