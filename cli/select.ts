import { allScenarios } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { UsageError } from './args.ts';

/** A glob over scenario ids: `*` is any run of characters except `/`, `?` one such character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The scenarios matching any pattern, in listing order, each once. */
export function selectScenarios(cmd: string, patterns: readonly string[]): Scenario[] {
  if (patterns.length === 0) {
    throw new UsageError(`${cmd}: name at least one scenario id or glob (see 'raftsim list')`);
  }
  const chosen = new Set<Scenario>();
  for (const p of patterns) {
    const re = globToRegExp(p);
    const hits = allScenarios.filter((s) => re.test(s.id));
    if (hits.length === 0) {
      throw new UsageError(`${cmd}: no scenario matches '${p}' (see 'raftsim list')`);
    }
    for (const h of hits) chosen.add(h);
  }
  return allScenarios.filter((s) => chosen.has(s));
}
