import { sleep } from '../../sim/tasks.ts';
import { fail } from '../failure.ts';
import type { Scenario } from '../types.ts';
import { ELECTION_TIMEOUT_MS, RaftTester } from './tester.ts';
import { pickSite } from '../sites.ts';

const PICK = pickSite('pick server', 'disconnect');

const source = (name: string): string => `6.5840 2025 raft1 Test${name}`;

export const suite3A: Scenario[] = [
  {
    id: 'InitialElection3A',
    title: 'Test (3A): initial election',
    source: source('InitialElection3A'),
    *run(world) {
      const t = new RaftTester(world, { servers: 3, reliable: true, snapshots: false });
      yield* t.checkOneLeader();
      // Let followers learn of the election, then all peers must agree on the term.
      yield* sleep(50);
      const term1 = t.checkTerms();
      if (term1 < 1) fail('term', `term is ${term1}, but should be at least 1`);
      // Leader and term stay the same without failures (the course only warns here).
      yield* sleep(2 * ELECTION_TIMEOUT_MS);
      const term2 = t.checkTerms();
      if (term1 !== term2) {
        world.note('tester', 'warning: term changed even though there were no failures');
      }
      yield* t.checkOneLeader();
    },
  },
  {
    id: 'ReElection3A',
    title: 'Test (3A): election after network failure',
    source: source('ReElection3A'),
    *run(world) {
      const servers = 3;
      const t = new RaftTester(world, { servers, reliable: true, snapshots: false });
      const leader1 = yield* t.checkOneLeader();
      // If the leader disconnects, a new one should be elected.
      t.disconnect(leader1);
      yield* t.checkOneLeader();
      // The old leader rejoining must not disturb the new leader.
      t.connect(leader1);
      const leader2 = yield* t.checkOneLeader();
      // Without a quorum, no leader may be elected.
      t.disconnect(leader2);
      t.disconnect((leader2 + 1) % servers);
      yield* sleep(2 * ELECTION_TIMEOUT_MS);
      t.checkNoLeader();
      // A quorum arises: it elects a leader.
      t.connect((leader2 + 1) % servers);
      yield* t.checkOneLeader();
      // The last node rejoining must not prevent a leader from existing.
      t.connect(leader2);
      yield* t.checkOneLeader();
    },
  },
  {
    id: 'ManyElections3A',
    title: 'Test (3A): multiple elections',
    source: source('ManyElections3A'),
    *run(world) {
      const servers = 7;
      const t = new RaftTester(world, { servers, reliable: true, snapshots: false });
      yield* t.checkOneLeader();
      for (let ii = 1; ii < 10; ii++) {
        // Disconnect three nodes (repeats allowed): at least four stay connected.
        const i1 = t.rand.below(servers, PICK);
        const i2 = t.rand.below(servers, PICK);
        const i3 = t.rand.below(servers, PICK);
        t.disconnect(i1);
        t.disconnect(i2);
        t.disconnect(i3);
        yield* t.checkOneLeader();
        t.connect(i1);
        t.connect(i2);
        t.connect(i3);
      }
      yield* t.checkOneLeader();
    },
  },
];
