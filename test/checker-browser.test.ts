import { readFileSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { loadHistory } from '../checker/formats/index.ts';
import { checkCommand } from '../cli/check.ts';
import { boxes, browserTest, inOpenView, pageOf, rectOf, withPage } from './helpers/browser.ts';

/**
 * The HTML view of Porcupine's histories in headless Chromium: what the page shows, not only
 * that it loads. Larger pages (a course run, many keys, 10,000 ops) are in
 * checker-browser-large.test.ts.
 */
const CORPUS = new URL('./fixtures/porcupine/', import.meta.url);
const FIX = new URL('./fixtures/checker/', import.meta.url);

/** What `raftsim check FILE` prints, the summary without its wall time. */
async function cliText(file: string): Promise<string[]> {
  const out: string[] = [];
  await checkCommand([file], { out: (l) => out.push(l), err: () => {} });
  return [out[0]!.replace(/, \d+ ms\)$/, ')'), ...out.slice(1)];
}

browserTest('c10-bad: the page shows the CLI explanation and jumps to the failing get',
  async (t) => {
    const url = new URL('kv/c10-bad.txt', CORPUS);
    const file = url.pathname;
    await withPage(pageOf(url, file), async (p, errors, requests) => {
      t.is(await p.locator('#svg g.box').count(), 405);
      t.is(await p.locator('#svg rect.op').count(), 405);
      t.deepEqual((await p.locator('#report').innerText()).split('\n'), await cliText(file));
      t.true(await p.locator('#jump').isEnabled());
      await p.click('#jump');
      const mark = p.locator('#svg .mark.illegal.focus');
      t.is(await mark.count(), 1);
      t.true(await inOpenView(p, await rectOf(p, '#svg .mark.illegal.focus')));
      const tip = await p.locator('#tip').innerText();
      t.regex(tip, /get\("0"\) -> "x 9 0 yx 0 0 yx 8 0 y"/);
      t.regex(tip, /ILLEGAL as the next step/);
      t.regex(tip, /state: "x 9 0 yx 0 0 yx 8 0 yx 7 1 yx 0 6 yx 7 6 yx 7 7 y"/);
      const focused = p.locator('#report .ref.focus');
      t.true((await focused.count()) >= 1);
      t.regex(await focused.first().innerText(), /line 158 {2}client 8 .*<- illegal here/);
      t.deepEqual(errors, []);
      t.deepEqual(requests, []);
    });
  });

browserTest('etcd_000: "jump to first error" goes to the illegal read, not the dead-end cas',
  async (t) => {
    const url = new URL('jepsen/etcd_000.log', CORPUS);
    const { model, ops } = loadHistory(readFileSync(url, 'utf8'), 'etcd_000.log');
    const stuck = explain(model, ops, check(model, ops))!.stuck;
    const lineOf = (reason: string) => stuck.filter((s) => s.reason === reason)
      .map((s) => ops[s.op]!.line);
    t.deepEqual(lineOf('dead-end'), [72], 'listed first: a pending cas, legal anywhere');
    t.deepEqual(lineOf('illegal'), [85]);
    await withPage(pageOf(url, 'etcd_000.log'), async (p, errors) => {
      t.is(await p.locator('#svg .mark.illegal').count(), 1);
      t.is(await p.locator('#svg .mark.dead-end').count(), 1);
      await p.click('#jump');
      const focused = await p.$eval('#svg .mark.focus', (e) => ({
        op: Number(e.getAttribute('data-op')), cls: e.getAttribute('class'),
      }));
      t.is(ops[focused.op]!.line, 85);
      t.regex(focused.cls!, /illegal/);
      t.true(await inOpenView(p, await rectOf(p, '#svg .mark.focus')));
      const tip = await p.locator('#tip').innerText();
      t.regex(tip, /^read\(\) -> 2\ncall 80, return 81 {3}\(line 85\)/);
      t.regex(tip, /ILLEGAL as the next step\nstate: 4/);
      await p.hover('#svg .mark.dead-end');
      t.regex(await p.locator('#tip').innerText(), /ILLEGAL/, 'the tip stays pinned');
      t.deepEqual(errors, []);
    });
  });

browserTest('the time axis labels event times, increasing left to right', async (t) => {
  const url = new URL('jepsen/etcd_000.log', CORPUS);
  const { ops } = loadHistory(readFileSync(url, 'utf8'), 'etcd_000.log');
  const times = new Set(ops.flatMap((o) => (o.return === null ? [o.call] : [o.call, o.return])));
  await withPage(pageOf(url, 'etcd_000.log'), async (p) => {
    const ticks = await p.$$eval('#axis text.tick-label', (ts) => ts.map((e) => ({
      text: e.textContent, x: e.getBoundingClientRect().left,
    })));
    t.true(ticks.length >= 5, `${ticks.length} ticks`);
    t.is(ticks[0]!.text, '0');
    for (let k = 1; k < ticks.length; k++) {
      t.true(Number(ticks[k]!.text) > Number(ticks[k - 1]!.text));
      t.true(ticks[k]!.x > ticks[k - 1]!.x + 50, 'ticks do not crowd');
    }
    t.true(ticks.every((tick) => times.has(Number(tick.text))), 'each tick is an event time');
    t.is(await p.locator('#corner').innerText(), 'time →');
  });
});

browserTest('labels show the deciding values: results, versions, cas outcomes', async (t) => {
  const shown = async (file: string) => withPage(pageOf(new URL(file, FIX), file),
    async (p) => (await boxes(p)).map((b) => [b.call, b.result]));
  t.deepEqual(await shown('kv-stale.json'), [['put(x, "1")', ''], ['put(x, "2")', ''],
    ['get(x)', '-> "1"'], ['get(y)', '-> ""']]);
  t.deepEqual(await shown('kv-versioned-bad.json'), [['put(k, "a", v0)', '-> OK'],
    ['get(k)', '-> "a"@2']]);
  t.deepEqual(await shown('register.edn'), [['write(1)', ''], ['cas(1, 2)', '-> ?'],
    ['read()', '-> 2']]);
});

browserTest('hovering a linearized op shows its states before and after', async (t) => {
  await withPage(pageOf(new URL('jepsen/etcd_002.log', CORPUS), 'etcd_002.log'),
    async (p, errors) => {
      t.false(await p.locator('#jump').isEnabled(), 'no error to jump to');
      t.regex(await p.locator('#report').innerText(), /^etcd_002\.log: linearizable \(77 ops/);
      await p.locator('circle.lin-pt').first().hover();
      t.regex(await p.locator('#tip').innerText(),
        /linearized as step 1 of \d+\nstate before: nil/);
      t.deepEqual(errors, []);
    });
});

browserTest('a line of the explanation brings its op into view', async (t) => {
  const url = new URL('kv/c10-bad.txt', CORPUS);
  await withPage(pageOf(url, url.pathname), async (p) => {
    const ref = p.locator('#report .ref', { hasText: 'line 82  client 7' }).last();
    const op = Number(await ref.getAttribute('data-op'));
    await ref.click();
    t.is(await p.locator(`#svg g.box.focus[data-op="${op}"]`).count(), 1);
    t.true(await inOpenView(p, await rectOf(p, `#svg g.box[data-op="${op}"] rect`)));
    t.regex(await p.locator('#tip').innerText(), /^append\("0", "x 7 1 y"\)\ncall 81/);
  });
});
