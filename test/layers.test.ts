import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { layerOf, layerProblems, MAY_IMPORT } from './helpers/layers.ts';
import { ROOT, importsOf, repoSources } from './helpers/syntax.ts';

/**
 * Each layer imports only downward: core <- sim <- scenarios <- cli <- bin; checker <- core only;
 * bench imports anything in the product; test imports anything; nothing imports test/ or bench.
 * Imports are read from the syntax tree (static, type-only, re-exports, dynamic import() and
 * `import('x').T` types), so a multi-line import or an `export * from` cannot slip past.
 */
const DIRS = ['core', 'sim', 'checker', 'scenarios', 'cli', 'bin', 'test', 'bench']
  .filter((d) => existsSync(join(ROOT, d)));

// ---- The rule on known sources. ----

test('layerOf: top-level directories, and any bench/ directory outside test/', (t) => {
  t.is(layerOf('core/raft/node.ts'), 'core');
  t.is(layerOf('sim/network.ts'), 'sim');
  t.is(layerOf('bench/sim.ts'), 'bench');
  t.is(layerOf('sim/bench/run.ts'), 'bench');
  t.is(layerOf('checker/bench/run.ts'), 'bench');
  t.is(layerOf('test/helpers/bench/x.ts'), 'test');
  t.is(layerOf('bin/raftsim.js'), 'bin');
  t.is(layerOf('tools/x.ts'), null);
  t.is(layerOf('README.md'), null);
});

test('the allowed imports form a DAG, with core at the bottom and test at the top', (t) => {
  t.deepEqual(MAY_IMPORT.core, ['core']);
  t.deepEqual(MAY_IMPORT.checker, ['checker', 'core']);
  for (const [from, tos] of Object.entries(MAY_IMPORT)) {
    for (const to of tos) {
      if (to === from) continue;
      t.false(MAY_IMPORT[to].includes(from as never), `${from} <-> ${to}`);
      if (from !== 'test') t.false(to === 'test', `${from} may import test/`);
    }
  }
});

test('imports are found in every form an import can take', (t) => {
  const text = [
    "import { a } from './a.ts';", "import type {\n  B,\n} from '../b.ts';", "import './side.ts';",
    "export * from './c.ts';", "export { d } from './d.ts';", "const e = await import('./e.ts');",
    "type F = import('./f.ts').F;", "const s = 'import x from \"./not-an-import.ts\"';",
  ].join('\n');
  t.deepEqual(importsOf({ path: 'sim/x.ts', text }).map((i) => `${i.line} ${i.spec}`),
    ['1 ./a.ts', '2 ../b.ts', '5 ./side.ts', '6 ./c.ts', '7 ./d.ts', '8 ./e.ts', '9 ./f.ts']);
});

test('layerProblems: upward and sideways imports are found, downward ones pass', (t) => {
  const text = [
    "import { RaftNode } from '../core/raft/node.ts';",
    "import type { Scenario } from './scenario.ts';",
    "import { allScenarios } from '../scenarios/index.ts';",
    "import { check } from '../checker/index.ts';",
    "import seedrandom from 'seedrandom';", "import { x } from '../test/helpers/x.ts';",
    "import { y } from '../../outside.ts';",
  ].join('\n');
  t.deepEqual(layerProblems({ path: 'sim/x.ts', text }), [
    "sim/x.ts:3: sim/ imports scenarios/ ('../scenarios/index.ts')",
    "sim/x.ts:4: sim/ imports checker/ ('../checker/index.ts')",
    "sim/x.ts:6: sim/ imports test/ ('../test/helpers/x.ts')",
    "sim/x.ts:7: imports '../../outside.ts', outside every layer",
  ]);
  t.deepEqual(layerProblems({ path: 'checker/x.ts', text: "import '../sim/world.ts';" }),
    ["checker/x.ts:1: checker/ imports sim/ ('../sim/world.ts')"]);
  t.deepEqual(layerProblems({ path: 'bin/x.js', text: "await import('../sim/world.ts');" }),
    ["bin/x.js:1: bin/ imports sim/ ('../sim/world.ts')"]);
  t.deepEqual(layerProblems({ path: 'sim/bench/x.ts', text: "import '../../cli/run.ts';" }), []);
  t.deepEqual(layerProblems({ path: 'test/x.ts', text: "import '../sim/bench/run.ts';" }), []);
  t.deepEqual(layerProblems({ path: 'tools/x.ts', text: '' }),
    ['tools/x.ts: in no layer (add its directory to test/helpers/layers.ts)']);
});

// ---- The rule on the repository. ----

test('every source file is in a layer and imports only what its layer may', (t) => {
  const sources = repoSources(DIRS);
  t.true(sources.length > 100);
  t.deepEqual(sources.flatMap(layerProblems), []);
});
