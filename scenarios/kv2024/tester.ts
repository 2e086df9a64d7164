import { plainRecorder, type KvClient } from '../../sim/kv-client.ts';
import type { Proc } from '../../sim/tasks.ts';
import type { World } from '../../sim/world.ts';
import { fail } from '../failure.ts';
import { KvTester, type KvEra, type KvTestOptions } from '../kv/tester.ts';

/**
 * The 2018-2024 tester (kvraft/config.go): Put/Append/Get clerks, each given the servers in its
 * own random order (random_handles), and the `kv` (Append) model for the history.
 */
export const ERA_2024: KvEra = { model: 'kv', recorder: plainRecorder, shuffleServers: true };

/** Where the 2024 tests come from. */
export const kv2024Source = (name: string): string => `6.5840 2024 kvraft Test${name}`;

/**
 * The 2024 GenericTest title: "Test: " + [unreliable net, ][restarts, ][partitions, ]
 * [snapshots, ][random keys, ](many clients | one client) + " (4A)".
 */
export function genericTitle(o: KvTestOptions): string {
  let title = 'Test: ';
  if (!o.reliable) title += 'unreliable net, ';
  if (o.crash) title += 'restarts, ';
  if (o.partitions) title += 'partitions, ';
  if (o.maxraftstate !== -1) title += 'snapshots, ';
  if (o.randomkeys) title += 'random keys, ';
  title += o.nclients > 1 ? 'many clients' : 'one client';
  return `${title} (${o.part})`;
}

/**
 * make_config + the test file's helpers (kvraft/test_test.go, 2024): the 2025 KvTester's group,
 * faults and partitioner, with the old API's calls. Unlike the course, which logs only
 * GenericTest's calls, every clerk call of every test is recorded and checked.
 */
export class KvTester2024 extends KvTester {
  constructor(world: World, opts: KvTestOptions, title: string) {
    super(world, opts, ERA_2024, title);
  }

  /** Put(cfg, ck, key, value, log, cli): returns once the Put is done (the clerk never fails). */
  *putPlain(ck: KvClient, key: string, value: string): Proc {
    yield* ck.call({ op: 'putPlain', key, value });
  }

  *append(ck: KvClient, key: string, value: string): Proc {
    yield* ck.call({ op: 'append', key, value });
  }

  /** Get: the value, "" for a missing key. */
  *getValue(ck: KvClient, key: string): Proc<string> {
    const r = yield* ck.call({ op: 'get', key });
    if (!('value' in r)) return fail('Get', `Get(${key}) got a non-Get reply ${r.err}`);
    return r.value;
  }

  /** check(cfg, t, ck, key, value): a Get must return exactly `value`. */
  *check(ck: KvClient, key: string, value: string): Proc {
    const v = yield* this.getValue(ck, key);
    if (v !== value) fail('check', `Get(${key}): expected:\n${value}\nreceived:\n${v}`);
  }
}

/** The element client `clnt` appends as its j-th: "x <clnt> <j> y". */
export const appendElement = (clnt: number, j: number): string => `x ${clnt} ${j} y`;

/**
 * checkClntAppends: every "x clnt j y" for j < count appears in v exactly once, and in
 * increasing offset order (a duplicated Append shows up twice; a lost one not at all).
 */
export function checkClntAppends(clnt: number, v: string, count: number,
  check = 'checkClntAppends'): void {
  // The usual passing case in linear time (the loop below is O(count x v.length)): v is exactly
  // the elements in order. Then each occurs once ('x' only starts an element; its digits end at
  // the ' y'), in order, so the loop would pass it too.
  if (v === allElements(clnt, count)) return;
  let lastoff = -1;
  for (let j = 0; j < count; j++) {
    const wanted = appendElement(clnt, j);
    const off = v.indexOf(wanted);
    if (off < 0) fail(check, `${clnt} missing element ${wanted} in Append result ${v}`);
    if (v.lastIndexOf(wanted) !== off) fail(check, `duplicate element ${wanted} in Append result`);
    if (off <= lastoff) fail(check, `wrong order for element ${wanted} in Append result`);
    lastoff = off;
  }
}

/** appendElement(clnt, 0) + ... + appendElement(clnt, count - 1). */
function allElements(clnt: number, count: number): string {
  let s = '';
  for (let j = 0; j < count; j++) s += appendElement(clnt, j);
  return s;
}

/** checkConcurrentAppends: checkClntAppends for every client i with its counts[i]. */
export function checkConcurrentAppends(v: string, counts: readonly number[]): void {
  counts.forEach((count, i) => checkClntAppends(i, v, count, 'checkConcurrentAppends'));
}
