import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { PaperKv } from './kv-stage.ts';
import {
  appliedEverywhere, crash, finish, forceElection, mesh, onlyLinks, restart, say, within,
} from './stage.ts';

/** Longer than the network's 100 ms check of a pending call whose caller was cut off. */
const CUT_OFF_MS = 150;
const SETTLE_MS = 5000;

/**
 * raft-bugs.md §2.4, the duplicate Append on retry (3 servers, clerk c0):
 *  1. s0 leads T1. s1 and s2 crash, so nothing can commit for now.
 *  2. c0 calls Append(k, "x") (client c0, seq 1) at s0, which appends it and waits for a
 *     majority. c0 is then cut off from s0: the call fails, so whatever s0 answers is lost.
 *  3. s1 and s2 restart; s0's next heartbeat replicates the Append; it commits and is applied
 *     on every server ("x"); its reply goes nowhere.
 *  4. s0 crashes; s1 leads T2 with s2's vote. c0, still retrying, reaches s1 with the same
 *     Append (c0, seq 1), which commits again at the next index. A correct server sees that
 *     seq 1 of c0 was applied and skips it; the known-bad one appends again: "xx".
 * Checks: Get(k) is "x" (the acknowledged Append is there exactly once); the history (one
 * Append, one Get) is linearizable.
 */
function* duplicateAppend(world: World): Proc {
  const kv = new PaperKv(world, -1);
  const c = kv.cluster;
  // 1. s0 leads T1; s1 and s2 crash, so nothing commits for now.
  yield* forceElection(c, 0, [1, 2], 'every log is empty');
  c.connectAll();
  crash(c, 1);
  crash(c, 2);
  // 2. c0's Append waits at s0; c0 is cut off from s0, so s0's answer will be lost.
  const c0 = kv.clerk();
  const append = kv.spawn(c0, 'Append(k, "x") at s0; s1 and s2 are down',
    kv.append(c0, 'k', 'x'));
  yield* sleep(10);
  kv.reach(c0, [1, 2]);
  yield* sleep(CUT_OFF_MS);

  // 3. s1 and s2 restart: the Append commits and is applied everywhere.
  say(world, 's1 and s2 restart: the Append commits at s0, which answers a call that failed');
  restart(c, 1);
  restart(c, 2);
  const index = c.hosts[0]!.node!.status().lastIndex;
  yield* within(world, SETTLE_MS, () => appliedEverywhere(c, index) &&
    c.hosts.every((h) => h.node!.status().commitIndex >= index), 'setup',
  `the Append (index ${index}) was not applied on every server`);
  if (append.done) fail('setup', 'c0 should not have had an answer to its Append yet');
  say(world, `the Append is applied at index ${index} on every server; c0 never heard back`);

  // 4. s0 crashes; s1 leads T2; c0's retry of the same Append commits again at s1.
  crash(c, 0);
  yield* forceElection(c, 1, [2], 's0 crashed; s1 and s2 hold the Append');
  onlyLinks(c, mesh([1, 2]));
  yield* finish(world, append, SETTLE_MS, 'liveness', 'c0\'s Append never completed at s1');
  say(world, 'c0\'s retry of Append(k, "x") completed at s1');
  const v = yield* kv.get(c0, 'k');
  if (v !== 'x') {
    fail('exactly once', `Get(k) returned "${v}": c0's one Append(k, "x") (seq 1), retried ` +
      'after its reply was lost, took effect more than once');
  }
  kv.checkLinearizable('at the end');
}

export const duplicateAppendScenario: Scenario = {
  id: 'paper/DuplicateAppend',
  kv: true,
  title: 'Paper: duplicate Append on retry: a retried write whose first attempt committed ' +
    'must take effect once',
  source: 'Raft paper §8 (clients, unique serial numbers); raft-bugs.md §2.4 (#32 no-dedup)',
  run: duplicateAppend,
};
