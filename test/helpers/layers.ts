import { posix } from 'node:path';
import { importsOf, type Source } from './syntax.ts';

/**
 * The layers and what each may import (README: "each layer imports only downward"):
 *
 *   core <- sim <- scenarios <- cli <- bin        checker <- core only
 *
 * - core/ is the pure Raft, RSM and KV code: it imports only itself.
 * - checker/ decides histories: it imports only core/ (and itself), never the simulator.
 * - sim/ runs nodes in virtual time: core/ only. It defines the scenario contract
 *   (sim/scenario.ts) and ScenarioFailure (sim/failure.ts), so it needs nothing above it.
 * - scenarios/ drive the simulator and check histories: sim/, checker/, core/.
 * - cli/ is the product's front: every layer below it. bin/ is only the entry shim into cli/
 *   (or into dist/, the CLI bundled into one file at install, which counts as cli/).
 * - bench (a directory named `bench`: the top-level bench/, and sim/bench/ and checker/bench/
 *   until they move there) measures anything in the product, and nothing imports it.
 * - test/ may import anything; no other layer imports test/.
 */
export type Layer = 'core' | 'checker' | 'sim' | 'scenarios' | 'cli' | 'bin' | 'bench' | 'test';

export const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  core: ['core'],
  checker: ['checker', 'core'],
  sim: ['sim', 'core'],
  scenarios: ['scenarios', 'sim', 'checker', 'core'],
  cli: ['cli', 'scenarios', 'sim', 'checker', 'core'],
  bin: ['bin', 'cli'],
  bench: ['bench', 'cli', 'scenarios', 'sim', 'checker', 'core'],
  test: ['test', 'bench', 'bin', 'cli', 'scenarios', 'sim', 'checker', 'core'],
};

const TOP: ReadonlySet<string> = new Set(['core', 'checker', 'sim', 'scenarios', 'cli', 'bin',
  'test']);

/** The layer of a repository path (`sim/network.ts`), or null for a file in no layer. */
export function layerOf(path: string): Layer | null {
  const parts = path.split('/');
  if (parts.slice(0, -1).includes('bench') && parts[0] !== 'test') return 'bench';
  const top = parts[0]!;
  if (top === 'dist' && parts.length > 1) return 'cli';
  return parts.length > 1 && TOP.has(top) ? (top as Layer) : null;
}

/**
 * Every import of `src` that goes up or sideways: a relative specifier is resolved against the
 * file's directory; packages and node: builtins are not layers and are not judged here (core's
 * purity rule bans them from core/).
 */
export function layerProblems(src: Source): string[] {
  const from = layerOf(src.path);
  if (from === null) {
    return [`${src.path}: in no layer (add its directory to test/helpers/layers.ts)`];
  }
  const out: string[] = [];
  for (const { spec, line } of importsOf(src)) {
    if (spec === '<computed>') {
      out.push(`${src.path}:${line}: an import whose path is computed cannot be checked`);
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const target = posix.normalize(posix.join(posix.dirname(src.path), spec));
    const to = target.startsWith('../') ? null : layerOf(target);
    if (to === null) out.push(`${src.path}:${line}: imports '${spec}', outside every layer`);
    else if (!MAY_IMPORT[from].includes(to)) {
      out.push(`${src.path}:${line}: ${from}/ imports ${to}/ ('${spec}')`);
    }
  }
  return out;
}
