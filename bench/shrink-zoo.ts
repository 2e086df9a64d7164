/**
 * The shrink table of docs/shrinking.md: every known-bad variant, shrunk at the (scenario, seed)
 * that catches it, before -> after, with the shrink's runs and CPU seconds (measured here, on
 * one core: a shrink is single-threaded). Usage:
 *   node --import tsx bench/shrink-zoo.ts [--max-runs N] [--only ID,ID] [--first]
 * (--first: only each variant's first row, the one test/shrink-zoo.test.ts shrinks)
 * Prints a Markdown table and the median of the after sizes.
 */
import { findBug } from '../scenarios/bugs/index.ts';
import { implementationOfBug } from '../cli/impl.ts';
import { findScenario } from '../scenarios/index.ts';
import { quietIo } from '../cli/execute.ts';
import { DEFAULT_MAX_RUNS, observe, shrinkRun } from '../cli/shrink.ts';
import { CATCHES } from '../scenarios/bugs/catches.ts';

interface Row {
  readonly bug: string;
  readonly scenario: string;
  readonly seed: number;
  readonly check: string;
  readonly before: { events: number; nonBenign: number };
  readonly after: { events: number; nonBenign: number };
  readonly minimal: string;
  readonly runs: number;
  readonly cpuS: number;
}

function shrinkOne(bugId: string, scenarioId: string, seed: number, maxRuns: number): Row {
  const bug = implementationOfBug(findBug(bugId)!);
  const scenario = findScenario(scenarioId)!;
  const cpu0 = process.cpuUsage();
  const before = observe(scenario, seed, bug, null);
  const f = before.result.failure;
  if (f === null) throw new Error(`${scenarioId} seed ${seed} passes on ${bugId}`);
  const outcome = shrinkRun(scenario, seed, bug, before, maxRuns, quietIo());
  const after = observe(scenario, seed, bug, outcome.schedule);
  const u = process.cpuUsage(cpu0);
  return {
    bug: bugId, scenario: scenarioId, seed, check: `${f.kind}: ${f.check}`,
    before: { events: before.facts.events, nonBenign: before.facts.nonBenign },
    after: { events: after.facts.events, nonBenign: after.facts.nonBenign },
    minimal: outcome.minimality.kind === '1-minimal' ? 'yes' : 'budget', runs: outcome.runs,
    cpuS: (u.user + u.system) / 1e6,
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const maxRuns = Number(arg('--max-runs') ?? DEFAULT_MAX_RUNS);
const only = arg('--only')?.split(',');
const rows: Row[] = [];
console.log('| variant | # | scenario, seed | check | events before -> after | non-benign ' +
  'decisions before -> after | 1-minimal | runs | CPU s |');
console.log('|---|---|---|---|---|---|---|---|---|');
const firstOnly = process.argv.includes('--first');
const rowsToShrink = CATCHES.filter((x, i) => (only === undefined || only.includes(x.bug)) &&
  (!firstOnly || CATCHES.findIndex((y) => y.bug === x.bug) === i));
for (const c of rowsToShrink) {
  const r = shrinkOne(c.bug, c.scenario, c.seed, maxRuns);
  rows.push(r);
  const b = findBug(c.bug)!;
  console.log(`| ${r.bug} | #${b.catalogue} | ${r.scenario} s${r.seed} | ${r.check} | ` +
    `${r.before.events} -> ${r.after.events} | ${r.before.nonBenign} -> ${r.after.nonBenign} | ` +
    `${r.minimal} | ${r.runs} | ${r.cpuS.toFixed(1)} |`);
}
const sizes = rows.map((r) => r.after.nonBenign).sort((a, b) => a - b);
const median = sizes.length === 0 ? 0 : sizes[Math.floor((sizes.length - 1) / 2)]!;
console.log(`\n${rows.length} shrinks; median non-benign decisions after: ${median}; ` +
  `<= 25: ${sizes.filter((s) => s <= 25).length}; under 60 s CPU: ` +
  `${rows.filter((r) => r.cpuS < 60).length}`);
