import { performance } from 'node:perf_hooks';
import { allScenarios } from '../../scenarios/index.ts';
import { groupOf } from '../../cli/report.ts';
import { runScenario } from '../runner.ts';

/**
 * `npm run bench:sim [-- SEEDS]`: wall time of every scenario family over seeds 1..SEEDS
 * (default 3), with events per second and the virtual-to-wall ratio. Wall time is measured here
 * only to be reported.
 */
const seeds = Number(process.argv[2] ?? 3);
const groups = new Map<string, { runs: number; wallMs: number; simMs: number; events: number }>();
for (let seed = 1; seed <= seeds; seed++) {
  for (const s of allScenarios) {
    const t0 = performance.now();
    const r = runScenario(s, seed);
    const wallMs = performance.now() - t0;
    if (!r.ok) console.log(`FAIL ${s.id} seed ${seed}: ${r.failure?.message}`);
    const g = groupOf(s.id);
    const acc = groups.get(g) ?? { runs: 0, wallMs: 0, simMs: 0, events: 0 };
    groups.set(g, { runs: acc.runs + 1, wallMs: acc.wallMs + wallMs, simMs: acc.simMs + r.simMs,
      events: acc.events + r.events });
  }
}
console.log(`seeds 1..${seeds}`);
console.log('group        runs   wall s/seed   virtual s/seed   events/s   virtual/wall');
for (const g of [...groups.keys()].sort()) {
  const a = groups.get(g)!;
  console.log([g.padEnd(12), String(a.runs).padStart(5),
    (a.wallMs / 1000 / seeds).toFixed(2).padStart(13),
    (a.simMs / 1000 / seeds).toFixed(1).padStart(16),
    Math.round(a.events / (a.wallMs / 1000)).toString().padStart(10),
    `${Math.round(a.simMs / a.wallMs)}x`.padStart(14)].join(' '));
}
