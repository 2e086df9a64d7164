import type { KnownBug } from '../scenarios/bugs/index.ts';
import { allScenarios } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { UsageError } from './errors.ts';
import { kvOnlyChoice, type ImplChoice } from './impl.ts';

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
export function selectScenarios(patterns: readonly string[]): Scenario[] {
  const chosen = new Set<Scenario>();
  for (const p of patterns) {
    const re = globToRegExp(p);
    const hits = allScenarios.filter((s) => re.test(s.id));
    if (hits.length === 0) throw new UsageError(`no scenario matches '${p}' (see raftsim list)`);
    for (const h of hits) chosen.add(h);
  }
  return allScenarios.filter((s) => chosen.has(s));
}

/**
 * The selected scenarios a known-bad variant can change. A KV-layer variant replaces the KV
 * service (a clerk variant, the KV clients), so a scenario without one would run the real code
 * and pass, which reads as "the bug was not caught": such scenarios are left out (and counted),
 * and naming only those is an error.
 */
export function scenariosForBug(scenarios: readonly Scenario[], bug: KnownBug | null):
  { readonly kept: Scenario[]; readonly skipped: number } {
  return scenariosForChoice(scenarios, { bug });
}

/**
 * The selected scenarios an implementation choice can change: with only a KV service replaced
 * (a KV-layer --bug, or --kv-impl without --impl), the scenarios that run one (see
 * scenariosForBug).
 */
export function scenariosForChoice(scenarios: readonly Scenario[], choice: ImplChoice):
  { readonly kept: Scenario[]; readonly skipped: number } {
  if (!kvOnlyChoice(choice)) return { kept: [...scenarios], skipped: 0 };
  const kept = scenarios.filter((s) => s.kv === true);
  if (kept.length === 0) {
    const which = scenarios.length === 1 ? `${scenarios[0]!.id} runs none`
      : `none of the ${scenarios.length} scenarios selected runs one`;
    const what = choice.bug?.layer === 'clerk' ? 'the KV clients\' Clerk' : 'the KV service';
    const flag = choice.bug != null ? `--bug ${choice.bug.id}` : `--kv-impl ${choice.kvImpl}`;
    throw new UsageError(`${flag} replaces ${what}, and ${which} ` +
      '(KV scenarios: 4B, 4C, kv2024/, cpp/, some of paper/)');
  }
  return { kept, skipped: scenarios.length - kept.length };
}
