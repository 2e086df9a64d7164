import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { PaperKv } from './kv-stage.ts';
import {
  appliedEverywhere, finish, forceElection, isLeader, mesh, onlyLinks, say, termOf, within,
} from './stage.ts';

/** How long the deposed leader stays cut off while the Get waits there. */
const ISOLATED_MS = 1000;
const SETTLE_MS = 5000;

/**
 * raft-bugs.md §2.2, the stale read from a deposed leader (3 servers, clerks c0 and c1):
 *  1. s0 leads T1; c0's Put(x, "1") commits and is applied on every server.
 *  2. Partition {s0} | {s1, s2}. s0 hears nothing and still believes it leads T1.
 *  3. s1 leads T2 with s2's vote; c0 (now able to reach s1 and s2 only) Puts x = "2", which
 *     commits on s1 and s2: done before anything else starts.
 *  4. c1 Gets x, trying s0 first. A correct s0 puts the Get in its log and cannot commit it:
 *     the Get waits until the partition heals (1 s later), s0 learns of T2, steps down, and
 *     c1 retries at s1, which answers "2". The known-bad s0 answers from its own state: "1".
 * Checks: the Get returns "2"; the history (two Puts, one Get) is linearizable.
 */
function* staleRead(world: World): Proc {
  const kv = new PaperKv(world, -1);
  const c = kv.cluster;
  // 1. s0 leads T1; Put(x, "1") is applied everywhere.
  const t1 = yield* forceElection(c, 0, [1, 2], 'every log is empty');
  c.connectAll();
  const c0 = kv.clerk();
  yield* kv.put(c0, 'x', '1');
  const put1 = c.hosts[0]!.node!.status().commitIndex;
  yield* within(world, SETTLE_MS, () => appliedEverywhere(c, put1), 'setup',
    `Put(x, "1") (index ${put1}) was not applied on every server`);
  say(world, `Put(x, "1") is applied on every server; partition {s0} | {s1, s2}`);

  // 2-3. s0 is cut off (and still leads T1); s1 leads T2; Put(x, "2") completes there.
  const t2 = yield* forceElection(c, 1, [2], 'the majority side; s0 is cut off');
  onlyLinks(c, mesh([1, 2]));
  kv.reach(c0, [1, 2]);
  yield* kv.put(c0, 'x', '2');
  say(world, `Put(x, "2") completed through s1 (term ${t2})`);
  yield* sleep(10); // the Get starts strictly after the Put returned (not at the same instant)

  if (!isLeader(c, 0) || termOf(c, 0) !== t1) {
    fail('setup', `s0 should still believe it leads term ${t1}`);
  }
  // 4. c1's Get tries s0 first; the partition heals a second later.
  const c1 = kv.clerk();
  const read = kv.spawn(c1, 'Get(x), trying the deposed leader s0 first', kv.get(c1, 'x'));
  yield* sleep(ISOLATED_MS);
  say(world, `heal the partition (the Get has ${read.done ? '' : 'not '}returned)`);
  c.connectAll();
  const v = yield* finish(world, read, SETTLE_MS, 'liveness', 'the Get never returned');
  if (v !== '2') {
    fail('stale read', `Get(x) returned "${v}", but Put(x, "2") had completed before the Get ` +
      `began: s0, deposed in term ${t2}, answered from its own state`);
  }
  kv.checkLinearizable('at the end');
}

export const staleReadScenario: Scenario = {
  id: 'paper/StaleRead',
  kv: true,
  title: 'Paper: stale read: a deposed leader must not answer a Get from its own state',
  source: 'Raft paper §8 (read-only operations); raft-bugs.md §2.2 (#29 read-from-local-state)',
  run: staleRead,
};
