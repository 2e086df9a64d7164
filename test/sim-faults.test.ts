import test from 'ava';
import { CALM, NetworkFaults, type SwarmRates } from '../sim/faults.ts';
import { Recorder } from '../sim/recorder.ts';
import { Draws, RandomStreams } from '../sim/random.ts';
import { EventQueue } from '../sim/events.ts';
import { CLIENT_ID_BASE, Network } from '../sim/network.ts';
import { Trace } from '../sim/trace.ts';
import { CLIENT, NetHarness, SERVER, withinSixSigma } from './helpers/net-harness.ts';

/**
 * The network faults beyond labrpc (sim/faults.ts): off by default and then drawing nothing;
 * each one, turned on alone, does what the fault model says, on fixed seeds.
 */
const N = 4000;

function faulty(seed: number, rates: Partial<SwarmRates>): { h: NetHarness; f: NetworkFaults } {
  const h = new NetHarness(seed, {});
  const f = new NetworkFaults();
  f.setRates({ ...CALM, ...rates });
  h.network.faults = f;
  return { h, f };
}

/** n calls that count handler runs and replies (a duplicate may answer twice). */
function counted(h: NetHarness, n: number): { handled: number; replies: number[]; fails: number } {
  const out = { handled: 0, replies: new Array<number>(n).fill(0), fails: 0 };
  h.server.handler = (call) => {
    out.handled += 1;
    call.respond(call.request, 1);
  };
  for (let k = 0; k < n; k++) {
    h.network.call(h.client, SERVER, k, { requestBytes: 1, label: 'Ping',
      onReply: (r) => { out.replies[r as number]! += 1; }, onFail: () => { out.fails += 1; } });
  }
  h.runUntil(Infinity);
  return out;
}

/** 100 pings on a reliable network, with `faults` set or not: the replies, decisions and time. */
function pings(faults: NetworkFaults | null): { replies: number; decisions: number; now: number } {
  const queue = new EventQueue();
  const recorder = new Recorder(queue);
  const streams = new RandomStreams(new Draws(5, null, recorder, queue));
  const net = new Network(queue, streams, new Trace(null));
  net.faults = faults;
  let replies = 0;
  net.attach({ id: 0, name: 's0', alive: true, handler: (c) => c.respond('ok', 1) });
  const from = { id: CLIENT, name: 'c', alive: true, handler: null };
  for (let k = 0; k < 100; k++) {
    net.call(from, 0, k, { requestBytes: 1, label: 'Ping', onReply: () => { replies += 1; } });
  }
  while (queue.runNext(Infinity));
  return { replies, decisions: recorder.totalDecisions, now: queue.now };
}

test('calm faults draw nothing and change nothing: same outcomes, same decisions', (t) => {
  const calm = pings(new NetworkFaults());
  t.deepEqual(calm, pings(null), 'only the network\'s own draws (the delivery order)');
  t.is(calm.replies, 100);
  t.is(calm.now, 0, 'every call answered at once, as on the reliable network');
});

test('loss: about rate/1000 of requests and of replies are lost; the caller is told', (t) => {
  const { h, f } = faulty(11, { loss: 200 });
  const out = counted(h, N);
  const answered = out.replies.filter((r) => r === 1).length;
  t.is(answered + out.fails, N);
  t.true(withinSixSigma(N - out.handled, N, 0.2), `${N - out.handled} requests lost`);
  t.true(withinSixSigma(out.handled - answered, out.handled, 0.2), 'replies lost');
  t.is(f.counts.lost, out.fails);
});

test('delay: requests wait 0..delayMaxMs more, uniformly', (t) => {
  const { h } = faulty(12, { delayMaxMs: 30 });
  const at: number[] = [];
  h.answer = (c) => { at.push(h.queue.now); c.respond('ok', 1); };
  for (let k = 0; k < N; k++) h.call();
  h.runUntil(Infinity);
  t.is(Math.min(...at), 0);
  t.is(Math.max(...at), 30);
});

test('hold: a request or a reply may be held back up to holdMaxMs (seconds: across elections)',
  (t) => {
    const { h, f } = faulty(13, { hold: 100, holdMaxMs: 8000 });
    for (let k = 0; k < N; k++) h.call();
    h.runUntil(Infinity);
    const waits = h.calls.map((c) => c.outcomeAt! - c.calledAt);
    t.true(waits.every((w) => w >= 0 && w <= 16_000));
    t.true(Math.max(...waits) > 6000, `longest wait ${Math.max(...waits)} ms`);
    const held = waits.filter((w) => w > 0).length;
    t.true(withinSixSigma(held, N, 1 - 0.9 * 0.9), `${held} calls held`);
    t.true(f.counts.held >= held);
  });

test('duplicate: the copy is handled again later and its reply reaches the caller too', (t) => {
  const { h, f } = faulty(14, { duplicate: 300, dupMaxMs: 500 });
  const out = counted(h, N);
  t.is(out.handled, N + f.counts.duplicated);
  t.true(withinSixSigma(f.counts.duplicated, N, 0.3), `${f.counts.duplicated} duplicated`);
  t.is(out.replies.filter((r) => r === 2).length, f.counts.duplicated);
  t.true(out.replies.every((r) => r === 1 || r === 2));
});

test('duplicate: clients\' requests only when asked (the versioned Put is at most once per send)',
  (t) => {
    for (const allowed of [false, true]) {
      const { h, f } = faulty(16, { duplicate: 500, dupMaxMs: 10 });
      f.duplicateClientRequests = allowed;
      let handled = 0;
      h.server.handler = (call) => { handled += 1; call.respond('ok', 1); };
      const kv = { id: CLIENT_ID_BASE, name: 'c0', alive: true, handler: null };
      for (let k = 0; k < 200; k++) {
        h.network.call(kv, SERVER, k, { requestBytes: 1, label: 'Get', onReply: () => {} });
      }
      h.runUntil(Infinity);
      t.is(handled, 200 + f.counts.duplicated);
      t.is(f.counts.duplicated > 0, allowed);
    }
  });

test('clog and per-link loss hold one direction of one link only', (t) => {
  const { h, f } = faulty(15, {});
  f.setClog(CLIENT, SERVER, 700);
  f.setLinkLoss(SERVER, CLIENT, 1000);
  h.answer = (c, rec) => { rec.handledAt = h.queue.now; c.respond('ok', 1); };
  const rec = h.call();
  h.runUntil(Infinity);
  t.is(rec.handledAt, 700, 'the request waited the clog');
  t.is(rec.outcome, 'fail', 'the reply was lost on the lossy direction');
  f.calm();
  const again = h.call();
  h.runUntil(Infinity);
  t.deepEqual([again.handledAt, again.outcome, again.outcomeAt], [700, 'reply', 700]);
});

test('rates are checked: per mille at most 1000, whole numbers', (t) => {
  const f = new NetworkFaults();
  t.throws(() => f.setRates({ ...CALM, loss: 1001 }));
  t.throws(() => f.setRates({ ...CALM, hold: 0.5 }));
  t.throws(() => f.setClog(0, 1, -1));
});
