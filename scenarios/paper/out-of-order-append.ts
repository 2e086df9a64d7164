import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { RaftTester } from '../raft/tester.ts';
import type { Scenario } from '../types.ts';
import { crash, forceElection, onlyLinks, restart, say, within } from './stage.ts';

/**
 * How long AE1 is held (s0's added latency while it sends it): it must arrive after the newer
 * AppendEntries (sent 0.25 ms later, undelayed) and before s1's election timer can fire (at
 * least 300 ms after s1 last heard from s0).
 */
const AE1_DELAY_MS = 150;
/** Wait after AE1's arrival is due before s0 crashes. */
const AFTER_AE1_MS = 50;
const SETTLE_MS = 5000;

/**
 * raft-bugs.md §2.7, out-of-order AppendEntries truncating acknowledged entries (3 servers).
 * s2 is cut off until s0 has crashed.
 *  1. s0 leads T1 (every log is empty); only the link s0>s1 is on.
 *  2. s0 is slowed by AE1_DELAY_MS and proposes e1 at index 1: AE1 = (prev 0, [e1]) to s1 is
 *     held for 150 ms.
 *  3. 0.25 ms later the slowdown is lifted and s0 proposes e2. Its AppendEntries (prev 1, [e2])
 *     arrives at once; s1 (log empty) rejects it; s0 backs up and sends (prev 0, [e1, e2]); s1
 *     stores both and acks match 2. s0 counts s0 and s1, commits and applies e1 and e2: they
 *     are acknowledged. s1 does not know yet (its commit index is 0).
 *  4. 0.25 ms later s0>s1 (the one link on) is cut, before any heartbeat (those fire on whole
 *     ms) can tell s1 the new commit index. AE1 is already on its way: the network checks a
 *     link when a request is sent, so the cut does not stop it.
 *  5. AE1 arrives. A correct s1 already holds e1 at index 1 and keeps [e1, e2]. The known-bad
 *     s1 replaces everything after index 0 with [e1]: e2, which it acked, is gone.
 *  6. s0 crashes. With the known-bad s1, committed e2 is now stored on s0 alone: the safety
 *     monitor's Durability check fails the run at the crash. A correct s1 leads T2 with s2's
 *     vote (s2's log is empty).
 *  7. Correct run: s1 appends e3 at index 3, which commits it; s0 rejoins; every server
 *     applies e1, e2, e3 at indexes 1, 2, 3.
 * Why the cut in step 4: had s1 learned commit index 2 first, the known-bad s1 would trip its
 * own invariant (commitIndex > lastIndex) when AE1 arrives, and step 6 would never be reached.
 */
function* outOfOrderAppend(world: World): Proc {
  const t = new RaftTester(world, { servers: 3, reliable: true, snapshots: false });
  const c = t.cluster;
  // 1. s0 leads T1; only s0>s1 is on.
  const t1 = yield* forceElection(c, 0, [1, 2], 'every log is empty');
  onlyLinks(c, [[0, 1]]);

  // 2. AE1 = (prev 0, [e1]) is held for AE1_DELAY_MS.
  world.network.setSlow(0, AE1_DELAY_MS);
  say(world, `s0 is slowed by ${AE1_DELAY_MS} ms: AE1 = (prev 0, [e1]) will arrive late`);
  const ae1SentAt = world.now;
  propose(t, 'e1', 1, t1);
  yield* sleep(0.25);

  // 3. Undelayed: s1 rejects (prev 1, [e2]); s0 backs up; s1 acks [e1, e2]; both commit.
  world.network.setSlow(0, 0);
  say(world, 's0 is no longer slowed');
  propose(t, 'e2', 2, t1);
  yield* sleep(0.25);
  checkAcknowledged(t);

  // 4. s0>s1 is cut before a heartbeat can carry commit index 2; AE1 is still in flight.
  onlyLinks(c, []);
  yield* sleep(ae1SentAt + AE1_DELAY_MS + AFTER_AE1_MS - world.now);

  // 5. AE1 has arrived; a correct s1 kept e2, the known-bad one cut it off.
  reportS1(t);
  // 6. s0 crashes; s1 leads T2 with s2's vote.
  crash(c, 0);
  yield* forceElection(c, 1, [2], 's1 holds [e1, e2]; s2\'s log is empty');
  // 7. e3 commits e1..e3; s0 rejoins; every server agrees.
  yield* finishWithNewEntry(t);
}

/** Propose `value` at s0, which must append it at `index` in term `term`. */
function propose(t: RaftTester, value: string, index: number, term: number): void {
  const r = t.start(0, value);
  if (!r.isLeader || r.index !== index || r.term !== term) {
    fail('setup', `s0 should append "${value}" at index ${index} in term ${term}, got ` +
      `${JSON.stringify(r)}`);
  }
  say(t.world, `s0 appends "${value}" at index ${index} and sends it to s1`);
}

/** Step 3's outcome: e1 and e2 committed on s0, stored on s1, which has not learned that. */
function checkAcknowledged(t: RaftTester): void {
  const s0 = t.cluster.hosts[0]!.node!.status();
  const s1 = t.cluster.hosts[1]!.node!.status();
  if (s0.commitIndex !== 2 || s1.lastIndex !== 2 || s1.commitIndex !== 0) {
    fail('setup', `s0 should have committed index 2 on s0 and s1 alone, got s0 commit ` +
      `${s0.commitIndex}, s1 last index ${s1.lastIndex} commit ${s1.commitIndex}`);
  }
  say(t.world, 's1 acked [e1, e2]; s0 committed and applied both (acknowledged); ' +
    's1 has not learned commit index 2');
}

/** Trace what s1 holds once the delayed AE1 has been handled. */
function reportS1(t: RaftTester): void {
  const last = t.cluster.hosts[1]!.node!.status().lastIndex;
  say(t.world, `AE1 has arrived: s1's log ends at index ${last}` +
    (last === 2 ? ' (it already held e1, so nothing was cut)'
      : ': the late AE1 cut off e2, which s1 had acked'));
}

/** Step 7: s1 appends e3; s0 rejoins; every server applies e1, e2, e3 at 1, 2, 3. */
function* finishWithNewEntry(t: RaftTester): Proc {
  const c = t.cluster;
  const r = t.start(1, 'e3');
  if (!r.isLeader || r.index !== 3) {
    fail('setup', `s1 should append "e3" at index 3, got ${JSON.stringify(r)}`);
  }
  say(t.world, `s1 appends "e3" at index 3 in term ${r.term}; s0 restarts; every link is on`);
  restart(c, 0);
  c.connectAll();
  yield* within(t.world, SETTLE_MS, () => t.nCommitted(3).count === 3, 'agreement',
    'not every server applied index 3');
  const got = [1, 2, 3].map((i) => t.nCommitted(i).value);
  if (got.join() !== '"e1","e2","e3"') {
    fail('out of order', `every server should hold e1, e2, e3 at 1, 2, 3, got ${got.join(', ')}`);
  }
  say(t.world, 'every server applied e1, e2, e3 at indexes 1, 2, 3; e2 survived the late AE1');
}

export const outOfOrderAppendScenario: Scenario = {
  id: 'paper/OutOfOrderAppend',
  title: 'Paper: out-of-order AppendEntries: a late, shorter AppendEntries must not truncate ' +
    'acknowledged entries',
  source: 'Raft paper Figure 2 (AppendEntries receiver, step 3); Students\' Guide; ' +
    'raft-bugs.md §2.7 (#12 truncate-on-any-append)',
  run: outOfOrderAppend,
};
