/**
 * Finds the course runs that catch each known-bad variant: for every variant, the (scenario,
 * seed) runs on which it fails while the real code passes the very same run. The rows of
 * scenarios/bugs/catches.ts and the course column of docs/bug-zoo.md come from here; a change
 * to scheduling moves them, and this finds them again (never loosen a row: search again).
 *
 *   node --import tsx bench/zoo-search.ts [--bug ID,ID] [--scenarios GLOB,GLOB] [--seeds A..B]
 *     [--hits N] [--skip GLOB,GLOB] [--budget-s S]
 *
 * Defaults: every variant, every course scenario (all families but paper/), seeds 1..200,
 * stop a variant at its first hit, no time budget. Seeds are the outer loop, so a hit at a low
 * seed in any scenario comes before a high seed in the first one. A KV or clerk variant runs
 * only KV scenarios (cli/select.ts). Prints one line per hit, as it is found, and a summary per
 * variant with how many runs it took ("none in N runs" when nothing caught it). The wall
 * clock is read only to report it.
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
  readonly budgetS: number;
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
    budgetS: Number(arg('--budget-s') ?? Infinity),
  };
}

/** The failure's signature (`kind: check`, an assertion's text), or null if the run passed. */
function verdict(s: Scenario, seed: number, bug: KnownBug | null): string | null {
  const f = runScenario(s, seed, bug === null ? {} : bug.run).failure;
  return f === null ? null : failureSignature(f);
}

function searchOne(bug: KnownBug, o: Options): void {
  const selected = selectScenarios(o.scenarios).filter((s) => !o.skip.some((r) => r.test(s.id)));
  const { kept } = scenariosForBug(selected, bug);
  const t0 = Date.now();
  let runs = 0;
  let hits = 0;
  let out = false;
  for (let seed = o.seeds[0]; seed <= o.seeds[1] && hits < o.hits && !out; seed++) {
    for (const s of kept) {
      if ((Date.now() - t0) / 1000 > o.budgetS) { out = true; break; }
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
  }
  const wall = ((Date.now() - t0) / 1000).toFixed(0);
  const what = hits > 0 ? `${hits} hit(s)` : `none in ${runs} runs`;
  console.log(`# ${bug.id} (#${bug.catalogue}): ${what}; ${kept.length} scenarios, ` +
    `${runs} runs, ${wall} s${out ? ' (budget spent)' : ''}`);
}

const options = parseOptions();
for (const bug of options.bugs) searchOne(bug, options);
