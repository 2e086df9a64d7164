import type { KvClient } from '../../sim/kv-client.ts';
import { joinAll, sleep, type Proc, type Task } from '../../sim/tasks.ts';
import { fail } from '../failure.ts';
import { ELECTION_TIMEOUT_MS, type KvTester } from './tester.ts';
import { dataSite, pauseSite } from '../sites.ts';
import type { Site } from '../../sim/random.ts';

const KEY = dataSite('key');
/** The partitioner's coin per server: 0 puts it on side 0, so all zeros is no partition. */
const SIDE: Site = {
  name: 'partition side', fault: 'partition', label: (_v, _s, d) => `scenario: ${d} on side 1`,
};
const HOLD = pauseSite('partition hold', 'hold the partition for', ELECTION_TIMEOUT_MS);

/** What one client saw: Puts that returned OK, and Puts that returned ErrMaybe. */
export interface ClntRes {
  nok: number;
  nmaybe: number;
}

/**
 * A stop request seen only between steps: the course's `done` channel (read between a client's
 * operations) and the partitioner's channel (read between its sleeps).
 */
export interface StopSignal {
  stop: boolean;
}

/** One client's process: it runs until `done` is set and returns what it saw. */
export type Fclnt<R = ClntRes> = (cli: number, ck: KvClient, done: StopSignal) => Proc<R>;

/** The value every client puts: EntryV{Id, V} as JSON. */
interface EntryV {
  readonly Id: number;
  readonly V: number;
}

/** kvtest.MakeKeys: "k0" .. "k<n-1>". */
export function makeKeys(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `k${i}`);
}

/** GetJson: the Get must return OK and a JSON value; returns (entry, version). */
function* getJson(ts: KvTester, ck: KvClient, key: string, me: number)
  : Proc<{ e: EntryV; ver: number }> {
  const r = yield* ts.get(ck, key);
  if (r.err !== 'OK') fail('GetJson', `${me}: Get "${key}" err ${r.err}`);
  let e: EntryV;
  try {
    e = JSON.parse(r.value) as EntryV;
  } catch {
    return fail('GetJson', `${me}: Get "${key}" returned non-JSON ${JSON.stringify(r.value)}`);
  }
  return { e, ver: r.version };
}

/**
 * OnePut: put EntryV{me, ver} at version ver until the Put returns OK or ErrMaybe (ErrVersion:
 * another client got there first; retry with the version a Get reports). If the Put was OK and
 * the version moved by exactly one, the stored entry must be ours.
 */
export function* onePut(ts: KvTester, me: number, ck: KvClient, key: string, ver: number)
  : Proc<[number, boolean]> {
  for (;;) {
    const value = JSON.stringify({ Id: me, V: ver } satisfies EntryV);
    const err = yield* ts.put(ck, key, value, ver);
    if (!(err === 'OK' || err === 'ErrVersion' || err === 'ErrMaybe')) {
      fail('OnePut', `Wrong error ${err}`);
    }
    const { e, ver: ver0 } = yield* getJson(ts, ck, key, me);
    if (err === 'OK' && ver0 === ver + 1 && e.Id !== me && e.V !== ver) {
      fail('OnePut', `Wrong value ${JSON.stringify(e)}`);
    }
    ver = ver0;
    if (err === 'OK' || err === 'ErrMaybe') return [ver, err === 'OK'];
  }
}

/** OneClientPut: OnePut after OnePut (one key, or a random one of `keys`) until told to stop. */
export function* oneClientPut(ts: KvTester, cli: number, ck: KvClient, keys: readonly string[],
  done: StopSignal): Proc<ClntRes> {
  const res: ClntRes = { nok: 0, nmaybe: 0 };
  const verm = new Map<string, number>(keys.map((k) => [k, 0]));
  while (!done.stop) {
    const k = ts.opts.randomkeys ? keys[ts.rand.data(keys.length, KEY)]! : keys[0]!;
    const [ver, ok] = yield* onePut(ts, cli, ck, k, verm.get(k)!);
    verm.set(k, ver);
    if (ok) res.nok += 1;
    else res.nmaybe += 1;
  }
  return res;
}

/** Start nclnt clients, each with a fresh clerk, all stopped by the same `done`. */
export function spawnClients<R>(ts: KvTester, nclnt: number, fn: Fclnt<R>, done: StopSignal)
  : Task<R>[] {
  const tasks: Task<R>[] = [];
  for (let cli = 0; cli < nclnt; cli++) {
    const ck = ts.makeClerk();
    tasks.push(ts.world.scheduler.spawn(`client ${cli}`, fn(cli, ck, done)));
  }
  return tasks;
}

/**
 * SpawnClientsAndWait: start nclnt clients, each with a fresh clerk; after `ms` tell them to
 * stop (each finishes its operation in flight first) and collect their results.
 */
export function* spawnClientsAndWait<R>(ts: KvTester, nclnt: number, ms: number, fn: Fclnt<R>)
  : Proc<R[]> {
  const done: StopSignal = { stop: false };
  const tasks = spawnClients(ts, nclnt, fn, done);
  yield* sleep(ms);
  done.stop = true;
  yield* joinAll(tasks);
  return tasks.map((t) => t.result!);
}

/**
 * CheckPutConcurrent: the main clerk's Get of `key` against the Nok/Nmaybe accumulated over all
 * iterations so far. Reliable (no unreliable net, crashes or partitions): version == ΣNok;
 * otherwise version <= Σ(Nok + Nmaybe).
 */
export function* checkPutConcurrent(ts: KvTester, ck: KvClient, key: string,
  rs: readonly ClntRes[], res: ClntRes, reliable: boolean): Proc {
  const { ver: ver0 } = yield* getJson(ts, ck, key, -1);
  for (const r of rs) {
    res.nok += r.nok;
    res.nmaybe += r.nmaybe;
  }
  const counts = `server ${ver0} clnts {Nok ${res.nok} Nmaybe ${res.nmaybe}}`;
  if (reliable && ver0 !== res.nok) {
    fail('CheckPutConcurrent', `Reliable: Wrong number of puts: ${counts}`);
  }
  if (!reliable && ver0 > res.nok + res.nmaybe) {
    fail('CheckPutConcurrent', `Unreliable: Wrong number of puts: ${counts}`);
  }
  ts.world.note('tester', `CheckPutConcurrent: ${counts}`);
}

/**
 * Partitioner: until stopped, put each server on side 0 or 1 by a fair coin (a side may be
 * empty), then hold for ElectionTimeout + 0-199 ms. The stop request is seen between holds.
 */
export function* partitioner(ts: KvTester, ch: StopSignal): Proc {
  while (!ch.stop) {
    const side = Array.from({ length: ts.n }, (_, j) => ts.rand.below(2, SIDE, `s${j}`));
    const pa = [0, 1].map((s) => side.flatMap((x, j) => (x === s ? [j] : [])));
    ts.partition(pa[0]!, pa[1]!);
    yield* sleep(ELECTION_TIMEOUT_MS + ts.rand.below(200, HOLD));
  }
}
