import test from 'ava';
import {
  NetHarness, REPLY_BYTES, REQUEST_BYTES, SERVER, withinSixSigma, type CallRecord,
} from './helpers/net-harness.ts';

/** The course's labrpc fault model (sim/network.ts), constant by constant, on fixed seeds. */
const N = 10_000;

function many(h: NetHarness, n: number): CallRecord[] {
  for (let k = 0; k < n; k++) h.call();
  h.runUntil(Infinity);
  return h.calls;
}

const range = (xs: readonly number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];

test('reliable: handled and answered at the virtual time of the call', (t) => {
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
