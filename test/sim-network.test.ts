import test from 'ava';
import { Draws, RandomStreams } from '../sim/random.ts';
import { Schedule } from '../sim/schedule.ts';
import {
  CLIENT, NetHarness, REPLY_BYTES, REQUEST_BYTES, SERVER, withinSixSigma, type CallRecord,
} from './helpers/net-harness.ts';

/** The course's labrpc fault model (sim/network.ts), constant by constant, on fixed seeds. */
const N = 10_000;

function many(h: NetHarness, n: number): CallRecord[] {
  for (let k = 0; k < n; k++) h.call();
  h.runUntil(Infinity);
  return h.calls;
}

const range = (xs: readonly number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];

test('reliable: handled and answered at the virtual time of the call (same instant)', (t) => {
  const h = new NetHarness(1, { reliable: true });
  h.queue.schedule(250, () => h.call());
  h.call();
  h.runUntil(Infinity);
  t.deepEqual(h.calls.map((c) => [c.calledAt, c.handledAt, c.outcome, c.outcomeAt]),
    [[0, 0, 'reply', 0], [250, 250, 'reply', 250]]);
});

test('unreliable: requests wait 0-26 ms; ~10% are lost before the handler runs', (t) => {
  const calls = many(new NetHarness(7, { reliable: false }), N);
  const handled = calls.filter((c) => c.handledAt !== null);
  t.deepEqual(range(handled.map((c) => c.handledAt! - c.calledAt)), [0, 26]);
  const lost = calls.filter((c) => c.handledAt === null);
  t.true(lost.every((c) => c.outcome === 'fail'));
  t.deepEqual(range(lost.map((c) => c.outcomeAt! - c.calledAt)), [0, 26]);
  t.true(withinSixSigma(lost.length, N, 0.1), `${lost.length} of ${N} requests lost`);
});

test('unreliable: ~10% of replies are lost after the handler ran; the rest arrive at once',
  (t) => {
    const handled = many(new NetHarness(8, { reliable: false }), N)
      .filter((c) => c.handledAt !== null);
    const lost = handled.filter((c) => c.outcome === 'fail');
    t.true(withinSixSigma(lost.length, handled.length, 0.1),
      `${lost.length} of ${handled.length} replies lost`);
    t.true(handled.every((c) => c.outcomeAt === c.handledAt));
  });

for (const [longDelays, max] of [[false, 99], [true, 6999]] as const) {
  test(`unreachable (longDelays ${longDelays}): the call fails within 0-${max} ms`, (t) => {
    const h = new NetHarness(3, { longDelays });
    h.network.detach(SERVER);
    const calls = many(h, 2000);
    t.true(calls.every((c) => c.outcome === 'fail' && c.handledAt === null));
    const [lo, hi] = range(calls.map((c) => c.outcomeAt! - c.calledAt));
    t.true(lo >= 0 && hi <= max && hi >= max * 0.9, `delays ${lo}..${hi}`);
  });
}

test('unreachable: a disabled link fails the call like a dead server', (t) => {
  const h = new NetHarness(4, {});
  h.network.setLink(h.client.id, SERVER, false);
  const calls = many(h, 100);
  t.true(calls.every((c) => c.outcome === 'fail' && c.handledAt === null));
});

test('long reordering: ~2/3 of replies are delayed 200-2199 ms, the others not at all', (t) => {
  const calls = many(new NetHarness(5, { longReordering: true }), 3000);
  const delays = calls.map((c) => c.outcomeAt! - c.handledAt!);
  const delayed = delays.filter((d) => d > 0);
  t.true(calls.every((c) => c.outcome === 'reply'));
  const [lo, hi] = range(delayed);
  t.true(lo >= 200 && hi <= 2199, `delays ${lo}..${hi}`);
  t.true(withinSixSigma(delayed.length, calls.length, 2 / 3), `${delayed.length} delayed`);
});

/** n concurrent calls at time 0: the order the server handled them, the order replies came. */
function concurrent(h: NetHarness, n: number): { handled: number[]; replied: number[] } {
  const handled: number[] = [];
  const replied: number[] = [];
  h.answer = (c) => {
    handled.push(c.request as number);
    c.respond('ok', REPLY_BYTES);
  };
  for (let k = 0; k < n; k++) h.call();
  h.runUntil(0);
  h.calls.forEach((c, k) => {
    if (c.outcome === 'reply') replied.push(k);
  });
  replied.sort((a, b) => h.calls[a]!.outcomeSeq - h.calls[b]!.outcomeSeq);
  return { handled, replied };
}

/** How many neighbours in send order were handled the other way round. */
const swaps = (order: readonly number[]): number => {
  const at = new Map(order.map((id, i) => [id, i]));
  let n = 0;
  for (let k = 0; k + 1 < order.length; k++) if (at.get(k + 1)! < at.get(k)!) n += 1;
  return n;
};

test('delivery order: concurrent reliable calls take turns in a seeded order, in one instant',
  (t) => {
    const h = new NetHarness(11, { reliable: true });
    const { handled, replied } = concurrent(h, 2000);
    t.true(h.calls.every((c) => c.handledAt === 0 && c.outcome === 'reply' && c.outcomeAt === 0));
    t.deepEqual([...handled].sort((a, b) => a - b), h.calls.map((_, k) => k));
    const s = swaps(handled);
    t.true(s > 200 && s < 1800, `${s} of 1999 neighbours swapped`);
    t.true(swaps(replied) > 200, 'replies overtake one another too');
  });

test('delivery order: benign draws keep the send order; one decision swaps two calls', (t) => {
  const benign = new NetHarness(new RandomStreams(new Draws(11, new Schedule([]))), {});
  t.deepEqual(concurrent(benign, 50).handled, Array.from({ length: 50 }, (_, k) => k));
  const swap = new Schedule([
    { stream: `net ${CLIENT}>${SERVER}`, site: 'request order', at: 0, nth: 0, value: 1 }]);
  const h = new NetHarness(new RandomStreams(new Draws(11, swap)), {});
  t.deepEqual(concurrent(h, 2).handled, [1, 0]);
});
