import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { PaperKv } from './kv-stage.ts';
import {
  appliedEverywhere, crash, finish, forceElection, restart, say, within,
} from './stage.ts';

/** Every server snapshots after every applied op (any raft state is larger than 1 byte). */
const MAX_RAFT_STATE = 1;
const CUT_OFF_MS = 150;
const SETTLE_MS = 5000;

/**
 * raft-bugs.md §2.5, the snapshot without the duplicate table (3 servers, clerks c0, c1;
 * maxraftstate 1, so every server snapshots after every applied op):
 *  1. s0 leads T1; s1 and s2 crash. c0 calls Append(k, "a") (c0, seq 1) at s0 and is then cut
 *     off from every server: its call fails, it keeps retrying, nothing reaches a server.
 *  2. s1 and s2 restart; the Append commits and is applied everywhere; its reply is lost.
 *  3. c1 Appends "b" to k ("ab"); every server snapshots after it. A correct snapshot holds
 *     the values and each client's last seq; the known-bad one holds only the values.
 *  4. Every server crashes and restarts from its snapshot; s0 leads again.
 *  5. c0 may reach the servers again; its retried Append(k, "a") (c0, seq 1) commits at a new
 *     index. A correct server knows seq 1 of c0 from the snapshot and skips it; the known-bad
 *     one has an empty table and appends again: "aba".
 * Checks: Get(k) is "ab" (each acknowledged Append exactly once); the history is linearizable.
 */
function* snapshotWithoutDedup(world: World): Proc {
  const kv = new PaperKv(world, MAX_RAFT_STATE);
  const c = kv.cluster;
  // 1. s0 leads T1; s1 and s2 crash; c0's Append waits at s0; c0 is cut off from all.
  yield* forceElection(c, 0, [1, 2], 'every log is empty');
  c.connectAll();
  crash(c, 1);
  crash(c, 2);
  const c0 = kv.clerk();
  const append = kv.spawn(c0, 'Append(k, "a") at s0; s1 and s2 are down',
    kv.append(c0, 'k', 'a'));
  yield* sleep(10);
  const first = c.hosts[0]!.node!.status().lastIndex;
  kv.reach(c0, []);
  yield* sleep(CUT_OFF_MS);
  // 2. s1 and s2 restart: the Append commits and is applied everywhere.
  say(world, 's1 and s2 restart: the Append commits; its answer goes to a call that failed');
  restart(c, 1);
  restart(c, 2);
  yield* within(world, SETTLE_MS, () => appliedEverywhere(c, first), 'setup',
    `the Append (index ${first}) was not applied on every server`);

  // 3. c1 appends "b"; every server snapshots after it.
  const c1 = kv.clerk();
  yield* kv.append(c1, 'k', 'b');
  const index = c.hosts[0]!.node!.status().commitIndex;
  yield* within(world, SETTLE_MS, () => appliedEverywhere(c, index) &&
    c.hosts.every((h) => h.node!.status().snapshotIndex >= index), 'setup',
  `not every server snapshotted through index ${index}`);
  if (append.done) fail('setup', 'c0 should not have had an answer to its Append yet');
  say(world, `every server applied both Appends and snapshotted through index ${index}`);

  // 4. Every server crashes and restarts from its snapshot; s0 leads.
  for (let i = 0; i < 3; i++) crash(c, i);
  say(world, 'every server crashed; each restarts from its snapshot');
  yield* forceElection(c, 0, [1, 2], 'every log ends at the same snapshot');
  c.connectAll();
  // 5. c0 reaches the servers again: its retried Append commits at a new index.
  kv.reach(c0, null);
  yield* finish(world, append, SETTLE_MS, 'liveness', 'c0\'s Append never completed');
  say(world, 'c0\'s retry of Append(k, "a") completed');
  const v = yield* kv.get(c1, 'k');
  if (v !== 'ab') {
    fail('exactly once', `Get(k) returned "${v}", expected "ab": c0's Append(k, "a") (seq 1), ` +
      'applied before the snapshot, was applied again after the restart');
  }
  kv.checkLinearizable('at the end');
}

export const snapshotDedupScenario: Scenario = {
  id: 'paper/SnapshotWithoutDedup',
  kv: true,
  title: 'Paper: snapshot without the duplicate table: a retry after a restart from a ' +
    'snapshot must still take effect once',
  source: 'Raft paper §7 and §8; 6.5840 kvraft snapshot hint; raft-bugs.md §2.5 ' +
    '(#33 dedup-table-not-in-snapshot)',
  run: snapshotWithoutDedup,
};
