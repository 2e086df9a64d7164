import { decodeHardState } from '../../core/raft/codec.ts';
import { DEFAULT_TIMING } from '../../core/raft/types.ts';
import type { RaftCluster } from '../../sim/raft-cluster.ts';
import { sleep, type Proc, type Task } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';

/**
 * The stage directions shared by the paper/ scenarios: exact per-direction link sets, crashes
 * and restarts that leave the links alone, elections won by the server the links allow to win,
 * and bounded waits that fail with a message naming what did not happen.
 *
 * How a chosen server wins an election without luck: see forceElection.
 */

/** A directed server link: requests from `from` reach `to` (and their replies come back). */
export type Link = readonly [from: number, to: number];

/** Poll period of the bounded waits, in virtual ms. */
export const POLL_MS = 10;

/** The longest election timeout (DEFAULT_TIMING). */
export const ELECTION_MAX_MS = DEFAULT_TIMING.electionTimeoutMaxMs;

/** campaignFirst gives up after this many virtual ms. */
export const CAMPAIGN_WITHIN_MS = 10_000;

/** A line of the story in the trace, as "paper". */
export function say(world: World, what: string): void {
  world.note('paper', what);
}

/** The outgoing links of `from` to each of `to`. */
export function linksFrom(from: number, to: readonly number[]): Link[] {
  return to.map((j) => [from, j] as const);
}

/** Every directed link between the given servers. */
export function mesh(servers: readonly number[]): Link[] {
  return servers.flatMap((i) => linksFrom(i, servers.filter((j) => j !== i)));
}

/** Enable exactly these server-server links (each one direction); cut every other one. */
export function onlyLinks(cluster: RaftCluster, links: readonly Link[]): void {
  const on = new Set(links.map(([a, b]) => `${a}>${b}`));
  for (let i = 0; i < cluster.n; i++) {
    for (let j = 0; j < cluster.n; j++) {
      if (i !== j) cluster.world.network.setLink(i, j, on.has(`${i}>${j}`));
    }
  }
  const shown = links.map(([a, b]) => `s${a}>s${b}`).join(' ');
  say(cluster.world, `links: only ${shown === '' ? '(none)' : shown}; every other link cut`);
}

/** Crash server i (its persister stays); the links are left as they are. */
export function crash(cluster: RaftCluster, i: number): void {
  cluster.hosts[i]!.crash();
  cluster.world.safety.checkDurable();
}

/** Start server i again from its persister; the links are left as they are. */
export function restart(cluster: RaftCluster, i: number): void {
  cluster.startServer(i);
}

export function isLeader(cluster: RaftCluster, i: number): boolean {
  return cluster.hosts[i]!.node?.status().role === 'leader';
}

/** Server i's current term (-1 while it is down). */
export function termOf(cluster: RaftCluster, i: number): number {
  return cluster.hosts[i]!.node?.status().term ?? -1;
}

/** Poll every POLL_MS until `done()`, for at most `withinMs`; otherwise fail(check, message). */
export function* within(world: World, withinMs: number, done: () => boolean, check: string,
  message: string): Proc {
  const t0 = world.now;
  while (!done()) {
    if (world.now - t0 >= withinMs) fail(check, `${message} (waited ${withinMs} ms)`);
    yield* sleep(POLL_MS);
  }
}

/** How far the winner's term must run ahead of its frozen voters' (see forceElection). */
export const TERM_LEAD = 3;

/** The term server i last saved (0 if it never saved). */
export function persistedTerm(cluster: RaftCluster, i: number): number {
  const s = cluster.hosts[i]!.persister.read();
  if (s.hard !== undefined) return s.hard.term;
  return s.raftState.length === 0 ? 0 : decodeHardState(s.raftState).term;
}

/**
 * Make `winner` the leader, elected by `voters`, whatever the timers draw. Only the winner's
 * requests may travel (links winner>voter; every other link is cut), so no one else can collect
 * a vote. But a voter that times out raises its own term, and a winner that is refused only
 * catches up with it, so the two could race for ever. Instead the voters are crashed, which
 * freezes their terms, while the winner times out again and again until its term is TERM_LEAD
 * above every voter's saved term; then the voters restart. The winner's next timeout comes
 * within ELECTION_MAX_MS (its timer was armed at its last campaign, and nothing resets it), and
 * in that time a restarted voter times out at most twice (each timeout is at least 300 ms): the
 * winner's RequestVote carries a higher term than any voter has and gets every vote its log
 * deserves. Returns the winner's term.
 */
export function* forceElection(cluster: RaftCluster, winner: number, voters: readonly number[],
  why: string): Proc<number> {
  const world = cluster.world;
  for (const v of voters) if (cluster.hosts[v]!.up) crash(cluster, v);
  if (!cluster.hosts[winner]!.up) restart(cluster, winner);
  onlyLinks(cluster, linksFrom(winner, voters));
  const target = Math.max(...voters.map((v) => persistedTerm(cluster, v))) + TERM_LEAD;
  const names = voters.map((v) => `s${v}`).join(', ');
  say(world, `s${winner} campaigns while ${names} ${voters.length === 1 ? 'is' : 'are'} down, ` +
    `until its term reaches ${target}`);
  const climbMs = Math.max(0, target - termOf(cluster, winner)) * ELECTION_MAX_MS + 1000;
  yield* within(world, climbMs, () => termOf(cluster, winner) >= target, 'forced election',
    `s${winner}'s term never reached ${target}`);
  for (const v of voters) restart(cluster, v);
  yield* within(world, ELECTION_MAX_MS + 500, () => isLeader(cluster, winner), 'forced election',
    `s${winner} was not elected by ${names} (${why})`);
  const term = termOf(cluster, winner);
  say(world, `s${winner} leads term ${term}, elected by ${names} (${why})`);
  return term;
}

/** Wait for a task (a client call spawned earlier) to finish, for at most `withinMs`. */
export function* finish<T>(world: World, task: Task<T>, withinMs: number, check: string,
  message: string): Proc<T> {
  yield* within(world, withinMs, () => task.done, check, message);
  return task.result as T;
}

/** Every up server has applied through `index`. */
export function appliedEverywhere(cluster: RaftCluster, index: number): boolean {
  return cluster.hosts.every((h) => h.node === null || h.node.status().lastApplied >= index);
}

/** Voters held down by campaignFirst restart this often: less than the shortest timeout. */
export const HOLD_MS = 250;

/**
 * Restart `candidate`, then keep its voters from campaigning until `done()`: they are crashed
 * and restarted from their persisters 0.5 ms after the candidate's start and every HOLD_MS
 * after. An election timer fires 300-600 ms after a start, so the candidate's (at a whole ms,
 * never at a voter's restart) is the first to fire, and its RequestVote finds every voter up,
 * in the term the voter saved. A crash loses exactly what the voter did not save: that is what
 * VoteNotPersisted probes.
 */
export function* campaignFirst(cluster: RaftCluster, candidate: number,
  voters: readonly number[], done: () => boolean, why: string): Proc {
  const world = cluster.world;
  restart(cluster, candidate);
  yield* sleep(0.5);
  const t0 = world.now;
  while (!done()) {
    if (world.now - t0 >= CAMPAIGN_WITHIN_MS) {
      fail('forced election', `s${candidate} never won (${why}) (waited ${CAMPAIGN_WITHIN_MS} ms)`);
    }
    for (const v of voters) {
      crash(cluster, v);
      restart(cluster, v);
    }
    for (let k = 0; k < HOLD_MS / POLL_MS && !done(); k++) yield* sleep(POLL_MS);
  }
}
