import type { Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { RaftTester } from '../raft/tester.ts';
import type { RaftCluster } from '../../sim/raft-cluster.ts';
import type { Scenario } from '../types.ts';
import {
  campaignFirst, crash, forceElection, isLeader, linksFrom, onlyLinks, restart, say, termOf,
  within,
} from './stage.ts';

const SETTLE_MS = 5000;

/**
 * raft-bugs.md §2.3, votedFor not persisted, on 5 servers: candidates s0 and s1, voters s2
 * and s3, and s4, a candidate with a stale log that only brings the voters into the term.
 * Why not 3 servers: the bug needs a voter that grants in a term it already has (a vote in a
 * new term is saved with the term), and a second candidate that asks it in that same term
 * after its restart. Here a RequestVote is sent once per term and never outlives a restart,
 * so with 3 servers whoever brought the voter into the term cannot campaign in it later.
 *  1. s2 leads T0; every server follows it. s4 crashes (log empty); s2 commits e1 on s0-s3.
 *  2. s0 and s1 crash (in T0, with e1). s4 restarts and campaigns in U = T0+1, reaching s2 and
 *     s3 only: both refuse (s4 lacks e1) but adopt U, with no vote, and save that. Crash them.
 *  3. s0 restarts; s2 and s3 are held down (restarted every 250 ms) until s0 campaigns: s0's
 *     RequestVote(U) reaches them in U with no vote; both grant; s0 leads U. A correct voter
 *     saves votedFor = s0 before replying; the known-bad one only changes it in memory.
 *     s0, s2 and s3 crash.
 *  4. s1 restarts and campaigns the same way in U. Correct voters remember their vote for s0
 *     and refuse; s1 wins U+1 later. Known-bad voters forgot it and grant: a second leader of
 *     U (Election Safety).
 *  5. Correct run: every server rejoins and all five agree on a new entry.
 */
function* voteNotPersisted(world: World): Proc {
  const t = new RaftTester(world, { servers: 5, reliable: true, snapshots: false });
  const c = t.cluster;
  // 1. s2 leads T0; s4 crashes with an empty log; e1 commits on s0-s3.
  const t0 = yield* forceElection(c, 2, [0, 1, 3, 4], 'every log is empty');
  c.connectAll();
  crash(c, 4);
  yield* t.one(101, 4, false);
  say(world, `e1 (term ${t0}) is committed on s0-s3; s4 is down without it`);
  crash(c, 0);
  crash(c, 1);

  // 2. s0 and s1 crashed in T0; s4 brings s2 and s3 into U = T0+1 without a vote.
  const u = yield* bringVotersIntoNextTerm(c, t0);
  // 3. s0 campaigns in U first: s2 and s3 grant; then s0, s2, s3 crash.
  onlyLinks(c, linksFrom(0, [2, 3]));
  yield* campaignFirst(c, 0, [2, 3], () => isLeader(c, 0), 's2 and s3 are in the term, free');
  if (termOf(c, 0) !== u) fail('setup', `s0 should lead term ${u}, leads ${termOf(c, 0)}`);
  say(world, `s0 leads term ${u} with the votes of s2 and s3; s0, s2 and s3 crash`);
  for (const i of [0, 2, 3]) crash(c, i);

  // 4. s1 campaigns in U: correct voters refuse (they voted for s0); s1 wins U+1 later.
  onlyLinks(c, linksFrom(1, [2, 3]));
  yield* campaignFirst(c, 1, [2, 3], () => isLeader(c, 1), 'a vote of s2 and s3 per term');
  const t1 = termOf(c, 1);
  if (t1 === u) fail('Election Safety', `s1 also leads term ${u}: s2 and s3 voted twice`);
  say(world, `s1 leads term ${t1}: s2 and s3 remembered their votes of term ${u}`);
  // 5. Everyone rejoins and agrees on a new entry.
  restart(c, 0);
  restart(c, 4);
  c.connectAll();
  yield* t.one(102, 5, true);
}

/** Step 2: s4 (stale log) campaigns in T0+1 at s2 and s3 only; they adopt the term, refuse. */
function* bringVotersIntoNextTerm(c: RaftCluster, t0: number): Proc<number> {
  onlyLinks(c, [[2, 3], [4, 2], [4, 3]]);
  restart(c, 4);
  yield* within(c.world, SETTLE_MS, () => termOf(c, 2) > t0 && termOf(c, 3) > t0, 'setup',
    `s4's RequestVote never brought s2 and s3 past term ${t0}`);
  const u = termOf(c, 4);
  if (u !== t0 + 1 || termOf(c, 2) !== u || termOf(c, 3) !== u || isLeader(c, 4)) {
    fail('setup', `s2, s3 and s4 should be in term ${t0 + 1}, s4 not leading`);
  }
  say(c.world, `s2 and s3 refused s4 (stale log) but adopted term ${u}; s2, s3, s4 crash`);
  for (const i of [2, 3, 4]) crash(c, i);
  return u;
}

export const voteNotPersistedScenario: Scenario = {
  id: 'paper/VoteNotPersisted',
  title: 'Paper: votedFor not persisted: a voter that restarts must not vote twice in a term',
  source: 'Raft paper Figure 2 (persistent state: currentTerm, votedFor, log[]); ' +
    'raft-bugs.md §2.3 (#1 vote-not-persisted)',
  run: voteNotPersisted,
};
