import test from 'ava';
import type { IncomingCall } from '../sim/network.ts';
import {
  CLIENT, NetHarness, REPLY_BYTES, REQUEST_BYTES, SERVER,
} from './helpers/net-harness.ts';

/**
 * Calls whose handler is still running when the server is cut off or crashes (labrpc checks at
 * the reply and every 100 ms), and the course's RPC and byte counters.
 */
function slowServer(h: NetHarness, answerAfterMs: number | null): void {
  h.answer = (call: IncomingCall) => {
    if (answerAfterMs !== null) h.queue.schedule(answerAfterMs, () => call.respond('ok', 5));
  };
}

test('pending: the server is cut off while handling; its later reply is lost', (t) => {
  const h = new NetHarness(1, {});
  slowServer(h, 50);
  const c = h.call();
  h.queue.schedule(20, () => h.network.setLink(CLIENT, SERVER, false));
  h.runUntil(10_000);
  t.like(c, { handledAt: 0, outcome: 'fail', outcomeAt: 50 });
});

test('pending: the server crashes while handling; its later reply is lost', (t) => {
  const h = new NetHarness(1, {});
  slowServer(h, 50);
  const c = h.call();
  h.queue.schedule(20, () => h.network.detach(SERVER));
  h.runUntil(10_000);
  t.like(c, { handledAt: 0, outcome: 'fail', outcomeAt: 50 });
});

test('pending: a handler that never answers fails at the next 100 ms poll after a crash',
  (t) => {
    const h = new NetHarness(1, {});
    slowServer(h, null);
    const c = h.call();
    h.queue.schedule(230, () => h.network.detach(SERVER));
    h.runUntil(10_000);
    t.like(c, { handledAt: 0, outcome: 'fail', outcomeAt: 300 });
  });

test('pending: a restarted server does not answer for its previous incarnation', (t) => {
  const h = new NetHarness(1, {});
  slowServer(h, 50);
  const c = h.call();
  h.queue.schedule(20, () => {
    h.network.detach(SERVER);
    h.startServer();
  });
  h.runUntil(10_000);
  t.like(c, { handledAt: 0, outcome: 'fail', outcomeAt: 50 });
});

test('pending: a healthy slow handler still answers', (t) => {
  const h = new NetHarness(1, {});
  slowServer(h, 450);
  const c = h.call();
  h.runUntil(10_000);
  t.like(c, { handledAt: 0, outcome: 'reply', outcomeAt: 450 });
});

test('counting: an RPC and its request bytes when called, reply bytes when delivered', (t) => {
  const h = new NetHarness(1, {});
  h.call();
  h.call();
  t.is(h.network.totalRpcs, 2);
  h.runUntil(0);
  t.is(h.network.totalBytes, 2 * (REQUEST_BYTES + REPLY_BYTES));
  t.is(h.network.dispatched.get(SERVER), 2);
});

test('counting: a failed call counts its request, never a reply', (t) => {
  const h = new NetHarness(1, {});
  h.network.detach(SERVER);
  h.call();
  h.runUntil(Infinity);
  t.is(h.network.totalRpcs, 1);
  t.is(h.network.totalBytes, REQUEST_BYTES);
});

test('counting: a lost reply is not counted in bytes', (t) => {
  const h = new NetHarness(1, {});
  slowServer(h, 50);
  h.call();
  h.queue.schedule(20, () => h.network.detach(SERVER));
  h.runUntil(Infinity);
  t.is(h.network.totalBytes, REQUEST_BYTES);
});

test('counting: per-server dispatches restart from zero with a new incarnation', (t) => {
  const h = new NetHarness(1, {});
  h.call();
  h.runUntil(0);
  t.is(h.network.dispatched.get(SERVER), 1);
  h.startServer();
  t.is(h.network.dispatched.get(SERVER), 0);
  h.call();
  h.runUntil(0);
  t.is(h.network.dispatched.get(SERVER), 1);
});
