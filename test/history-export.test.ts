import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner.ts';
import { raftsim } from './helpers/cli.ts';

/**
 * Issue 4: a history exported with `replay --history` re-checks with `raftsim check` to the same
 * verdict the scenario reached (every KV scenario requires "linearizable", decided): the
 * scenario's verdict is read from the same run in this process (History.checks).
 */
const dir = mkdtempSync(join(tmpdir(), 'raftsim-history-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const CASES: Array<[string, number]> = [
  ['Unreliable4B', 1],
  ['PersistPartitionUnreliableLinearizable4B', 2],
  ['SnapshotRecoverManyClients4C', 1],
];

for (const [id, seed] of CASES) {
  test(`${id} seed ${seed}: the exported history re-checks as linearizable`, async (t) => {
    const file = join(dir, `${id}-${seed}.json`);
    const replay = await raftsim('replay', id, '--seed', String(seed), '--history', file);
    t.is(replay.code, 0, replay.stderr);
    t.regex(replay.stdout, /wrote \d+ operations \(model kv-versioned\)/);
    const run = runScenario(findScenario(id)!, seed);
    const checks = run.histories[0]!.checks;
    t.true(checks.length > 0 && checks.every((c) => c.verdict === 'ok'));
    const history = JSON.parse(readFileSync(file, 'utf8')) as { model: string; ops: unknown[] };
    t.is(history.model, 'kv-versioned');
    t.deepEqual(history.ops, JSON.parse(JSON.stringify(run.histories[0]!.ops)));
    const check = await raftsim('check', file, '--json');
    t.is(check.code, 0, check.stderr);
    const verdict = JSON.parse(check.stdout.trim()) as { verdict: string; ops: number };
    t.is(verdict.verdict, 'linearizable');
    t.is(verdict.ops, history.ops.length);
  });
}

test('replay --history refuses a scenario without client histories, and existing files',
  async (t) => {
    const raft = await raftsim('replay', 'Backup3B', '--seed', '1', '--history',
      join(dir, 'x.json'));
    t.is(raft.code, 2);
    t.regex(raft.stderr, /records no client history/);
    const file = join(dir, 'Basic4B.json');
    t.is((await raftsim('replay', 'Basic4B', '--seed', '1', '--history', file)).code, 0);
    const again = await raftsim('replay', 'Basic4B', '--seed', '1', '--history', file);
    t.is(again.code, 2);
    t.regex(again.stderr, /already exists/);
  });
