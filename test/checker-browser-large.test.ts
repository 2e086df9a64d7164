import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { computeVisualizationData, type VisualizationData } from '../checker/html/data.ts';
import { renderHtml } from '../checker/html/render.ts';
import { kvModel } from '../checker/models/kv.ts';
import type { Operation } from '../checker/types.ts';
import { boxes, browserTest, inOpenView, pageOf, rectOf, withPage } from './helpers/browser.ts';
import { raftsim } from './helpers/cli.ts';

/**
 * The HTML view at scale, in headless Chromium: a course run exported by `raftsim replay
 * --history` (a few thousand ops) and drawn by `raftsim check --html`, a many-key failing run,
 * and 10,000 ops.
 */
const FIX = new URL('./fixtures/checker/', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'raftsim-view-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

let course: Promise<{ html: string; data: VisualizationData }> | undefined;
function coursePage(): Promise<{ html: string; data: VisualizationData }> {
  course ??= makeCoursePage();
  return course;
}

/** `raftsim replay Concurrent4B --seed 1 --history h.json; raftsim check h.json --html h.html` */
async function makeCoursePage(): Promise<{ html: string; data: VisualizationData }> {
  const history = join(dir, 'h.json');
  const page = join(dir, 'h.html');
  const replay = await raftsim('replay', 'Concurrent4B', '--seed', '1', '--history', history);
  if (replay.code !== 0) throw new Error(replay.stderr);
  const checked = await raftsim('check', history, '--html', page);
  if (checked.code !== 0) throw new Error(checked.stderr);
  const html = readFileSync(page, 'utf8');
  const json = /<script type="application\/json" id="data">(.*)<\/script>/.exec(html)![1]!;
  return { html, data: JSON.parse(json) as VisualizationData };
}

/** A label as shown keeps every fixed segment, in order, whole (values may be cut in the
 *  middle), unless the whole text was cut at its end ("…" last). */
function intact(segments: readonly string[], shown: string): boolean {
  let at = 0;
  for (let k = 0; k < segments.length; k += 2) {
    const i = shown.indexOf(segments[k]!, at);
    if (i < 0 || (k === 0 && i !== 0)) return false;
    at = i + segments[k]!.length;
  }
  return segments.length % 2 === 0 || at === shown.length;
}

/** No room at all (""), or the start of the label cut with "…". */
function endCut(segments: readonly string[], shown: string): boolean {
  const head = shown.slice(0, -1);
  return shown === '' || (shown.endsWith('…')
    && (segments[0]!.startsWith(head) || head.startsWith(segments[0]!)));
}

async function intactResults(p: Page, data: VisualizationData): Promise<number> {
  return (await boxes(p)).filter((b) => intact(data.ops[b.op]![9], b.result)).length;
}

browserTest('a course run (Concurrent4B, seed 1): every op drawn, readable labels', async (t) => {
  const { html, data } = await coursePage();
  t.true(data.ops.length > 2000, `${data.ops.length} ops`);
  t.is(data.model, 'kv-versioned');
  await withPage(html, async (p, errors, requests) => {
    const shown = await boxes(p);
    t.is(shown.length, data.ops.length);
    const unfaithful = shown.filter((b) => {
      const [call, result] = [data.ops[b.op]![8], data.ops[b.op]![9]];
      return !(intact(call, b.call) || endCut(call, b.call))
        || !(intact(result, b.result) || endCut(result, b.result));
    });
    t.deepEqual(unfaithful, [], 'every label is its op\'s label, shortened by the rules');
    const atFirst = await intactResults(p, data);
    t.true(atFirst * 4 >= data.ops.length * 3, `${atFirst} results whole at first`);
    const versions = shown.filter((b) => /^-> ".*"@\d+$/.test(b.result)).length;
    t.true(versions > 100, `${versions} gets show the version they read`);
    await p.click('#zoom-in');
    t.true(await intactResults(p, data) > atFirst, 'zooming in shows more');
    t.regex(await p.locator('#report').innerText(),
      /^.*h\.json: linearizable \(\d+ ops, 1 part, \d+ steps\)$/);
    t.deepEqual(errors, []);
    t.deepEqual(requests, []);
  });
});

browserTest('a course run: client names and the time axis stay in view while scrolling',
  async (t) => {
    const { html, data } = await coursePage();
    const last = Math.max(...data.ops.map((o) => o[5] ?? o[4]));
    await withPage(html, async (p) => {
      const width = await p.$eval('#view', (v) => v.scrollWidth - v.clientWidth);
      t.true(width > 10_000, `the page scrolls sideways (${width} px)`);
      await p.$eval('#view', (v) => { v.scrollLeft = v.scrollWidth; v.scrollTop = 10_000; });
      const view = await rectOf(p, '#view');
      const names = await p.$$eval('#lanes text.lane-label', (ts) => ts.map((e) => {
        const r = e.getBoundingClientRect();
        const hit = e.ownerDocument.elementFromPoint(r.left + 2, (r.top + r.bottom) / 2);
        return { left: r.left, middle: (r.top + r.bottom) / 2,
          onTop: hit !== null && hit.closest('#lanes') !== null };
      }));
      t.is(names.length, data.clients.length);
      const atLeft = names.filter((n) => n.left >= view.left && n.left < view.left + 96);
      t.is(atLeft.length, names.length, 'every name is at the left edge');
      const axis = await rectOf(p, '#axis');
      const inWindow = names.filter((n) => n.middle > axis.bottom && n.middle < view.bottom - 20);
      t.true(inWindow.length >= 5, `${inWindow.length} lanes in the window`);
      t.true(inWindow.every((n) => n.onTop), 'names in the window are not covered');
      t.is(Math.round(axis.top), Math.round(view.top), 'the axis sticks to the top');
      const ticks = await p.$$eval('#axis text.tick-label', (ts) => ts
        .filter((e) => e.getBoundingClientRect().left > 0).map((e) => Number(e.textContent)));
      t.true(ticks.length > 0);
      t.true(ticks.every((x) => x >= 0 && x <= last), `${ticks[0]}..${ticks.at(-1)}`);
    });
  });

browserTest('many keys: one linearization line per part, and a filter by part', async (t) => {
  const url = new URL('kv-versioned-keys-bad.json', FIX);
  await withPage(pageOf(url, 'kv-versioned-keys-bad.json'), async (p, errors) => {
    const parts = await p.$$eval('#svg g.part', (gs) => gs.map((g) => ({
      part: Number(g.getAttribute('data-part')), cls: g.getAttribute('class')!,
      points: g.querySelectorAll('circle.lin-pt').length,
      stroke: g.ownerDocument.defaultView!.getComputedStyle(g.querySelector('polyline')!).stroke,
    })));
    t.is(parts.length, 38);
    t.is(new Set(parts.map((x) => x.stroke)).size, 8, 'eight colours, in turn');
    t.is(parts[0]!.stroke === parts[1]!.stroke, false);
    const options = await p.$$eval('#part option', (os) => os.map((o) => o.textContent));
    t.is(options.length, 39);
    t.is(options[0], 'every part (38)');
    const k30 = options.findIndex((o) => /^key "k30" \(not linearizable, 3 ordered\)$/.test(o!));
    t.true(k30 > 0);
    await p.selectOption('#part', String(k30 - 1));
    t.is(await p.locator('#svg g.part:not(.hidden)').count(), 1);
    t.is(await p.locator('#svg g.part:not(.hidden) circle.lin-pt').count(), 3);
    const own = await p.locator(`#svg g.box[data-part="${k30 - 1}"]`).count();
    t.is(own, 6);
    t.is(await p.locator('#svg g.box.dim').count(), 104 - own);
    await p.selectOption('#part', '-1');
    t.is(await p.locator('#svg g.part.hidden').count(), 0);
    t.is(await p.locator('#svg g.box.dim').count(), 0);
    await p.click('#jump');
    t.is(await p.inputValue('#part'), String(k30 - 1), 'jump shows the illegal part');
    t.regex(await p.locator('#tip').innerText(), /^put\("k30", .*v0\) -> OK\n.*\npart key "k30"/);
    t.deepEqual(errors, []);
  });
});

/** 9,999 puts on 25 keys by 40 clients, then a get of k0 that returns a value long overwritten. */
function tenThousand(): string {
  const ops: Operation[] = [];
  for (let i = 0; i < 9_999; i++) {
    ops.push({ client: i % 40, call: 3 * i, return: 3 * i + 5,
      input: { op: 'put', key: `k${i % 25}`, value: `v${i}` }, output: {} });
  }
  ops.push({ client: 40, call: 30_000, return: 30_001, input: { op: 'get', key: 'k0' },
    output: { value: 'v0' } });
  const result = check(kvModel, ops);
  return renderHtml(computeVisualizationData(kvModel, ops, result,
    explain(kvModel, ops, result), 'ten-thousand'));
}

browserTest('10,000 ops: every op drawn and labelled, the error found at the end', async (t) => {
  await withPage(tenThousand(), async (p, errors) => {
    const shown = await boxes(p);
    t.is(shown.length, 10_000);
    t.deepEqual(shown[3], { op: 3, call: 'put(k3, "v3")', result: '' });
    t.deepEqual(shown[9_999], { op: 9_999, call: 'get(k0)', result: '-> "v0"' });
    t.is(await p.locator('#part option').count(), 26);
    await p.click('#jump');
    const mark = await rectOf(p, '#svg .mark.illegal.focus');
    t.true(await inOpenView(p, mark), 'the last op is brought to the middle');
    t.regex(await p.locator('#tip').innerText(),
      /^get\("k0"\) -> "v0"\ncall 30000, return 30001\npart key "k0"\nILLEGAL as the next step/);
    const before = Number(await p.getAttribute('#svg', 'width'));
    await p.click('#zoom-out');
    const after = Number(await p.getAttribute('#svg', 'width'));
    t.true(after < before, `zoom out: ${before} -> ${after}`);
    await p.click('#zoom-fit');
    const fit = await p.$eval('#view', (v) => v.scrollWidth <= v.clientWidth);
    t.true(fit, '"fit" shows the whole history in the window');
    t.deepEqual(errors, []);
  });
});
