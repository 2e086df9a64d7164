import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { PaperKv } from './kv-stage.ts';
import {
  finish, forceElection, isLeader, linksFrom, mesh, onlyLinks, say, termOf, within,
} from './stage.ts';

/**
 * A deposed leader that hears replies with a higher term must step down at once: its heartbeats
 * go out every 100 ms and the first one after the heal is answered with the new term.
 */
const STEP_DOWN_MS = 500;
const SETTLE_MS = 5000;

/**
 * raft-bugs.md §2.9, term not updated on replies (3 servers, clerks c0 and c1):
 *  1. s0 leads T1; c0 Puts x = "1" through it.
 *  2. Partition {s0} | {s1, s2}; s1 leads T2 with s2's vote; c1 (reaching s1 and s2 only)
 *     Puts x = "2" there.
 *  3. c0 Puts x = "3", trying its last leader s0 first: s0 appends it in T1 and cannot commit.
 *  4. Asymmetric heal: s0's requests reach s1 and s2 (their replies come back on s0's calls),
 *     but s1's and s2's requests still cannot reach s0, so only replies can tell s0 about T2.
 *     Its next heartbeat is rejected with term T2: a correct s0 adopts T2 and steps down, its
 *     pending Put fails with ErrWrongLeader, and c0 retries at s1. The known-bad s0 ignores
 *     the term in the replies and leads T1 forever; c0's Put hangs at it.
 * Checks: s0 steps down within STEP_DOWN_MS of the heal; c0's Put then completes; Get(x) is
 * "3"; the history is linearizable.
 */
function* termNotUpdated(world: World): Proc {
  const kv = new PaperKv(world, -1);
  const c = kv.cluster;
  // 1. s0 leads T1; c0 puts x = "1" through it.
  const t1 = yield* forceElection(c, 0, [1, 2], 'every log is empty');
  c.connectAll();
  const c0 = kv.clerk();
  yield* kv.put(c0, 'x', '1');

  // 2. s0 is cut off; s1 leads T2; c1 puts x = "2" there.
  say(world, 'partition {s0} | {s1, s2}');
  const t2 = yield* forceElection(c, 1, [2], 'the majority side; s0 is cut off');
  onlyLinks(c, mesh([1, 2]));
  const c1 = kv.clerk([1, 2]);
  yield* kv.put(c1, 'x', '2');
  // 3. c0's Put(x, "3") waits at s0, which cannot commit it.
  const put3 = kv.spawn(c0, 'Put(x, "3"), trying its last leader s0 first',
    kv.put(c0, 'x', '3'));
  yield* sleep(200);
  if (!isLeader(c, 0) || termOf(c, 0) !== t1) {
    fail('setup', `s0 should still believe it leads term ${t1}`);
  }

  // 4. Asymmetric heal: only replies can tell s0 about T2.
  say(world, 'asymmetric heal: s0 may send to s1 and s2; they still may not send to s0');
  onlyLinks(c, [...mesh([1, 2]), ...linksFrom(0, [1, 2])]);
  const healed = world.now;
  yield* within(world, STEP_DOWN_MS, () => !isLeader(c, 0), 'step down',
    `s0 still leads term ${t1}, although s1 and s2 answer its AppendEntries with term ${t2}`);
  say(world, `s0 stepped down ${world.now - healed} ms after the heal, in term ${termOf(c, 0)}`);
  c.connectAll();
  yield* finish(world, put3, SETTLE_MS, 'liveness', 'Put(x, "3") sent to s0 never completed');
  const v = yield* kv.get(c1, 'x');
  if (v !== '3') fail('Get', `Get(x) returned "${v}", expected "3"`);
  kv.checkLinearizable('at the end');
}

export const termNotUpdatedScenario: Scenario = {
  id: 'paper/TermNotUpdatedOnReplies',
  kv: true,
  title: 'Paper: term not updated on replies: a leader must step down when a reply carries a ' +
    'higher term',
  source: 'Raft paper Figure 2 ("If RPC request or response contains term T > currentTerm");' +
    ' raft-bugs.md §2.9 (#7 ignore-higher-term-in-reply)',
  run: termNotUpdated,
};
