import test from 'ava';
import { join } from 'node:path';
import type { Raft } from '../core/raft/contract.ts';
import { raftNode } from '../core/raft/node.ts';
import type { Ready } from '../core/raft/types.ts';
import { bugs } from '../scenarios/bugs/raft/index.ts';
import type { NodeFactory } from '../sim/raft-host.ts';
import type { Case } from './protocol/datadriven.ts';
import { runTestdataFile, runTestdataText } from './protocol/run.ts';

/**
 * The protocol testdata files against known-bad Rafts (scenarios/bugs/raft/): the same
 * commands, delivered the same way, on nodes built by the variant's factory. The real node's
 * outputs are the files' expectations (test/protocol.test.ts); here each variant departs from
 * them where its one mutation matters, and the harness's own checks (SAFETY lines) or the core's
 * assertions (error lines) show the damage. The real runs show neither.
 */
const DIR = new URL('./testdata/', import.meta.url).pathname;

interface Compared {
  readonly cases: readonly Case[];
  readonly real: readonly string[];
  readonly bad: readonly string[];
  /** The first case whose output differs. */
  readonly first: number;
}

function compare(file: string, bugId: string): Compared {
  const bug = bugs.find((b) => b.id === bugId);
  if (bug === undefined) throw new Error(`no known-bad variant ${bugId}`);
  const real = runTestdataFile(join(DIR, file));
  const bad = runTestdataFile(join(DIR, file), bug.factory);
  const first = real.outputs.findIndex((o, k) => o !== bad.outputs[k]);
  return { cases: real.data.cases, real: real.outputs, bad: bad.outputs, first };
}

/** The output of the first case whose command is `command`. */
function outputOf(c: Compared, which: 'real' | 'bad', command: string): string {
  const k = c.cases.findIndex((x) => x.command === command);
  if (k < 0) throw new Error(`no case '${command}'`);
  return c[which][k]!;
}

test('figure8.txt: a leader that commits by counting replicas commits "x" of term 1 in ' +
  'term 3, which the next leader then overwrites', (t) => {
  const c = compare('figure8.txt', 'commit-prior-term-by-count');
  t.is(c.cases[c.first]!.command, 'stabilize 1 2 3');
  t.regex(c.bad[c.first]!, /> 1 handling Ready\n {2}commit: 1\n {2}apply: 1\/t1 "x"/);
  t.regex(outputOf(c, 'bad', 'status'), /^1: leader term=3 vote=1 lead=1 commit=1 /);
  t.regex(outputOf(c, 'real', 'status'), /^1: leader term=3 vote=1 lead=1 commit=0 /);
  // Nodes 2 and 3 learnt commit=1 and fail-stop when the term-4 leader replaces index 1.
  const bad = c.bad.join('\n');
  for (const node of [2, 3]) {
    t.regex(bad, new RegExp(`error: raft: conflict at a committed index .* \\(${node} stopped\\)`));
  }
  t.notRegex(c.real.join('\n'), /commit: |error:|SAFETY/);
});

test('vote-persistence.txt: a node that saves a vote only along with something else ' +
  'forgets it in a restart, and term 2 gets two leaders', (t) => {
  const c = compare('vote-persistence.txt', 'vote-not-persisted');
  t.is(c.cases[c.first]!.command, 'process-ready 2 3');
  t.regex(c.real[c.first]!, /saved: term=2 vote=4/);
  t.notRegex(c.bad[c.first]!, /saved:/);
  t.regex(c.bad.join('\n'), /SAFETY: 1 and 4 both lead term 2/);
  t.notRegex(c.real.join('\n'), /error:|SAFETY/);
});

test('stale-term-append.txt: a node that accepts an AppendEntries of an older term follows ' +
  'the deposed leader, and the new leader\'s entry is lost', (t) => {
  const c = compare('stale-term-append.txt', 'accept-stale-term-appendentries');
  t.is(c.cases[c.first]!.command, 'process-ready 3');
  t.regex(c.real[c.first]!, /^3->1 AppendEntriesReply t2 reject/);
  t.regex(c.bad[c.first]!, /3->1 AppendEntriesReply t2 ok match=1/);
  t.is(outputOf(c, 'real', 'log 1 2 3'), '1: [1/t2 "y"]\n2: [1/t2 "y"]\n3: [1/t2 "y"]');
  t.is(outputOf(c, 'bad', 'log 1 2 3'), '1: [1/t1 "x"]\n2: [1/t1 "x"]\n3: [1/t1 "x"]');
  t.notRegex(c.real.join('\n'), /error:|SAFETY/);
});

test('vote-count-duplicates.txt: a candidate that counts grants, not voters, takes one ' +
  'grant delivered twice for a majority of five', (t) => {
  const c = compare('vote-count-duplicates.txt', 'vote-count-duplicates');
  t.is(c.cases[c.first]!.command, 'deliver-msgs 1 from=2 copies=2');
  t.regex(c.bad[c.first]!, /error: raft: leader without a quorum of votes .*"grants":\[1,2,2\]/);
  t.regex(outputOf(c, 'real', 'status'), /^1: candidate term=1 /);
  t.notRegex(c.real.join('\n'), /error:|SAFETY/);
});

test('stale-ack.txt: a leader that takes a late, older acknowledgement as news lowers the ' +
  'match index, and commits later than it could', (t) => {
  const c = compare('stale-ack.txt', 'stale-reply-regresses-progress');
  t.is(c.cases[c.first]!.command, 'process-ready 1');
  t.regex(c.real[c.first]!, /^commit: 2\napply: 2\/t1 "b"$/);
  t.is(c.bad[c.first], 'ok');
  t.regex(outputOf(c, 'bad', 'status 1'), /commit=1 applied=1 last=2\/t1/);
  t.notRegex(c.real.join('\n'), /error:|SAFETY/);
});

test('snapshot-after-append.txt: a follower that lets a late InstallSnapshot discard its ' +
  'whole log loses acknowledged entries, and a new leader overwrites them', (t) => {
  const c = compare('snapshot-after-append.txt', 'installsnapshot-truncates-longer-log');
  t.is(c.cases[c.first]!.command, 'process-ready 2');
  t.regex(c.real[c.first]!, /saved: term=1 vote=1 last=6\/t1 snap=4\/t1/);
  t.regex(c.bad[c.first]!, /saved: term=1 vote=1 last=4\/t1 snap=4\/t1/);
  t.is(outputOf(c, 'real', 'log 2'), '2: [snap 4/t1 | 5/t1 "e", 6/t1 "f"]');
  t.is(outputOf(c, 'bad', 'log 2'), '2: [snap 4/t1]');
  t.regex(c.bad.join('\n'), /SAFETY: 2 applied 5\/t2 "x", but 1 applied 5\/t1 "e"/);
  t.notRegex(c.real.join('\n'), /error:|SAFETY/);
});

/** Node 2 hands its service "evil" for every command (to test the harness's own check). */
const evilApply: NodeFactory = (config, random, persisted) => {
  const inner = raftNode(config, random, persisted);
  if (config.id !== 2) return inner;
  const evil = new TextEncoder().encode('evil');
  const node: Raft = {
    step: (i) => inner.step(i), propose: (c) => inner.propose(c),
    snapshot: (i, d) => inner.snapshot(i, d), status: () => inner.status(),
    termAt: (i) => inner.termAt(i), entries: (a, b) => inner.entries(a, b),
    persistedSize: () => inner.persistedSize(),
    ready: (): Ready => {
      const r = inner.ready();
      const apply = r.apply.map((a) => (a.type === 'command' ? { ...a, command: evil } : a));
      return { ...r, apply };
    },
  };
  return node;
};

test('the harness\'s own check: two nodes applying different entries at one index', (t) => {
  const factory = evilApply;
  const text = ['add-nodes 3', 'campaign 1', 'stabilize', 'propose 1 x', 'stabilize',
    'tick-heartbeat 1', 'stabilize'].map((c) => `${c}\n----\n`).join('\n');
  const out = runTestdataText('x.txt', text, factory).outputs.join('\n');
  t.regex(out, /SAFETY: 2 applied 1\/t1 "evil", but 1 applied 1\/t1 "x"/);
  t.notRegex(runTestdataText('x.txt', text).outputs.join('\n'), /SAFETY/);
});
