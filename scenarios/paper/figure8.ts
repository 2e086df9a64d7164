import { sleep, type Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { RaftTester } from '../raft/tester.ts';
import type { Scenario } from '../types.ts';
import { crash, forceElection, onlyLinks, restart, say, termOf, within } from './stage.ts';

/** How long the applied values may take to reach every server at the end. */
const SETTLE_MS = 5000;

/**
 * raft-bugs.md §2.1, the 3-server Figure 8 (s0, s1, s2 here for the paper's S1, S2, S3).
 * (1,T) is the entry at index 1 written in term T. Terms are whatever the elections reach;
 * only their order matters: T1 < T2 < T3 < T4.
 *  1. s0 leads T1 and appends (1,T1) = "a"; every AppendEntries is dropped; s0 crashes.
 *  2. s1 leads T2 with s2's vote (s2's log is empty) and appends (1,T2) = "b"; dropped again;
 *     s1 crashes.
 *  3. s0 restarts and leads T3 with s2's vote; it sends (1,T1) alone to s2, so (1,T1) is
 *     stored on s0 and s2, a majority. A correct s0 does not commit it (not of term T3); the
 *     known-bad one counts replicas, commits and applies "a" (and tells s2). s0 crashes.
 *  4. s1 restarts and leads T4 with s2's vote (its last term T2 > T1) and overwrites index 1
 *     on s2 with (1,T2). If "a" was committed, a committed entry is gone (Leader Completeness,
 *     then State Machine Safety: "a" and "b" applied at index 1).
 *  5. Correct run: s1 appends "c" in T4, which commits "b" and "c"; s0 comes back and every
 *     server applies "b" at 1 and "c" at 2. "a" was never committed, so its loss is allowed.
 */
function* figure8(world: World): Proc {
  const t = new RaftTester(world, { servers: 3, reliable: true, snapshots: false });
  const c = t.cluster;
  // 1. s0 leads T1, appends (1,T1) = "a" with every link cut, and crashes.
  const t1 = yield* forceElection(c, 0, [1, 2], 'every log is empty');
  onlyLinks(c, []);
  writeAlone(t, 0, 'a', t1);
  yield* sleep(10);
  crash(c, 0);

  // 2. s1 leads T2 (s2 votes), appends (1,T2) = "b" with every link cut, and crashes.
  const t2 = yield* forceElection(c, 1, [2], 'both logs are empty');
  onlyLinks(c, []);
  writeAlone(t, 1, 'b', t2);
  yield* sleep(10);
  crash(c, 1);

  // 3. s0 restarts and leads T3 (s2 votes); (1,T1) reaches s2: stored on a majority.
  const t3 = yield* forceElection(c, 0, [2], `s0's last term ${t1}, s2's log is empty`);
  // s0's first heartbeat is rejected (s2's log is empty); it backs up and sends (1,T1) alone.
  yield* sleep(250);
  reportIndex1(t, t1, t3);
  crash(c, 0);

  // 4. s0 crashed; s1 restarts and leads T4 (s2 votes): index 1 becomes (1,T2) on s2.
  yield* forceElection(c, 1, [2], `s1's last term ${t2} > s2's last term ${t1}`);
  // 5. A T4 entry commits "b"; s0 rejoins; every server agrees.
  yield* finishWithNewEntry(t, t2);
}

/** Propose `value` at server i (leader of `term`); its AppendEntries go nowhere. */
function writeAlone(t: RaftTester, i: number, value: string, term: number): void {
  const r = t.start(i, value);
  if (!r.isLeader || r.index !== 1 || r.term !== term) {
    fail('setup', `s${i} should append "${value}" at index 1 in term ${term}, got ` +
      `${JSON.stringify(r)}`);
  }
  say(t.world, `s${i} appends (1,${term}) = "${value}"; every AppendEntries of s${i} is dropped`);
}

/** Trace who has applied index 1 now: Figure 8's unsafe commit, if it happened. */
function reportIndex1(t: RaftTester, t1: number, t3: number): void {
  const { count, value } = t.nCommitted(1);
  const c = t.cluster;
  const s2 = c.hosts[2]!.node!;
  const onS2 = s2.status().lastIndex >= 1 ? s2.termAt(1) : 'none';
  say(t.world, `s0 leads term ${t3}; s2 holds term ${onS2} at index 1; index 1 (term ${t1}) ` +
    (count === 0 ? 'is committed nowhere (correct: it is not of term ' + t3 + ')'
      : `is applied on ${count} servers as ${value}: committed by counting replicas`));
}

/** Step 5: s1 commits "b" with a T4 entry "c"; then s0 rejoins; every server agrees. */
function* finishWithNewEntry(t: RaftTester, t2: number): Proc {
  const c = t.cluster;
  const t4 = termOf(c, 1);
  const r = t.start(1, 'c');
  if (!r.isLeader || r.index !== 2) {
    fail('setup', `s1 should append "c" at index 2 in term ${t4}, got ${JSON.stringify(r)}`);
  }
  say(t.world, `s1 appends (2,${t4}) = "c"; committing it commits (1,${t2}) = "b" as well`);
  restart(c, 0);
  c.connectAll();
  yield* within(t.world, SETTLE_MS, () => t.nCommitted(2).count === 3, 'agreement',
    'not every server applied index 2');
  const one = t.nCommitted(1).value;
  const two = t.nCommitted(2).value;
  if (one !== '"b"' || two !== '"c"') {
    fail('Figure 8', `every server should hold "b" at 1 and "c" at 2, got ${one} and ${two}`);
  }
  say(t.world, 'every server applied "b" at index 1 and "c" at index 2; "a" was never committed');
}

export const figure8Scenario: Scenario = {
  id: 'paper/Figure8',
  title: 'Paper: Figure 8: a leader must not commit an entry of an older term by counting ' +
    'replicas',
  source: 'Raft paper (Ongaro & Ousterhout 2014) §5.4.2 and Figure 8; raft-bugs.md §2.1 ' +
    '(#10 commit-prior-term-by-count)',
  run: figure8,
};
