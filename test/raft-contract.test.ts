import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RaftNode } from '../core/raft/node.ts';
import { bugs } from '../scenarios/bugs/raft/index.ts';
import { ae } from './helpers/messages.ts';
import { buildNode, configFor, drain, zeroRandom } from './helpers/raft-state.ts';

/**
 * The Raft contract (core/raft/contract.ts): the simulator drives any implementation through it
 * and reads nothing else, so that a student's Raft, or a known-bad variant, is driven exactly
 * like the real RaftNode.
 */
const ROOT = new URL('..', import.meta.url).pathname;
/** The contract's methods, with its optional ones: the read-only accessor matchIndexOf and
 * snapshotHandle (snapshot() with the data as a handle). */
const CONTRACT = [
  'entries', 'matchIndexOf', 'persistedSize', 'propose', 'ready', 'snapshot', 'snapshotHandle',
  'status', 'step', 'termAt',
];

test('RaftNode exposes the contract and nothing else', (t) => {
  const methods = Object.getOwnPropertyNames(RaftNode.prototype).filter((m) => m !== 'constructor');
  t.deepEqual(methods.sort(), CONTRACT);
  t.deepEqual(Object.keys(new RaftNode(configFor(0, 3), zeroRandom)), [], 'no public fields');
});

test('sim/ knows the Raft contract, never the RaftNode class', (t) => {
  const dir = join(ROOT, 'sim');
  const problems = readdirSync(dir).filter((f) => f.endsWith('.ts')).filter((f) => {
    const code = readFileSync(join(dir, f), 'utf8').split('\n')
      .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line)).join('\n');
    return /\bRaftNode\b/.test(code);
  });
  t.deepEqual(problems, []);
});

test('every known-bad Raft is a factory of the contract: built and stepped like any node', (t) => {
  for (const bug of bugs) {
    const node = bug.factory(configFor(0, 3), zeroRandom,
      { raftState: new Uint8Array(0), snapshot: new Uint8Array(0) });
    t.like(node.status(), { id: 0, role: 'follower', term: 0 }, bug.id);
    t.not(node.ready().timer, null, `${bug.id} asks for an election timer`);
  }
});

test('entries() is a read-only copy: later log changes do not show in it', (t) => {
  const node = buildNode({ term: 2, log: [1, 1, 2] });
  const before = node.entries(1, 3);
  node.step({ type: 'message', message: ae(3, '1/1', [3], 0) }); // truncates 2..3
  drain(node);
  t.deepEqual(before.map((e) => e.term), [1, 1, 2]);
  t.deepEqual(node.entries(1, 2).map((e) => e.term), [1, 3]);
  t.is(node.termAt(3), undefined);
  t.is(node.termAt(0), 0);
  t.deepEqual(node.entries(3, 2), []);
});
