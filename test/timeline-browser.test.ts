import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { hasChromium, withPage, CHROMIUM } from './helpers/page.ts';
import {
  bigRun, pageOf, recordRun, type RecordedRun, type TrueLog,
} from './helpers/timeline.ts';

/**
 * The run timeline in a real headless Chromium: what the page shows on a passing run, a failing
 * --bug run, a KV run linked to its linearizability view, and a 20,000-event run (whose opening
 * time is printed, never asserted). Skipped, with the reason printed, without Chromium.
 */
if (!hasChromium) console.log(`timeline-browser: skipped, no browser at ${CHROMIUM}`);
const browserTest = hasChromium ? test.serial : test.skip;

const F8 = 'paper/Figure8';
const F8_BUG = 'commit-prior-term-by-count';

const position = async (p: Page): Promise<number> => Number(await p.textContent('#pos-i'));
const nowText = async (p: Page): Promise<string> => (await p.textContent('#now')) ?? '';
const logTerms = (p: Page, s: number): Promise<string[]> =>
  p.locator(`.log[data-server="${s}"] .e:not(.snap)`).allTextContents();

browserTest('a passing run: lanes, roles, arrows; no failure to jump to', async (t) => {
  const run = recordRun(F8, 1);
  await withPage(pageOf(F8, run).html, async ({ page, errors, requests }) => {
    t.deepEqual(await page.locator('text.lane-name[data-lane]').allTextContents(),
      ['s0', 's1', 's2']);
    t.true(await page.locator('rect.role.r-leader').count() > 0);
    t.true(await page.locator('path.m').count() > 0);
    t.true(await page.locator('path.x-mark').count() > 0, 'lost and unreachable messages');
    t.true(await page.locator('#jump').isDisabled());
    t.is(await page.locator('#failure').count(), 0);
    t.is(await position(page), 1);
    const wide = (): Promise<number> =>
      page.locator('#spacer').evaluate((e) => e.getBoundingClientRect().width);
    const before = await wide();
    await page.mouse.move(600, 300);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    t.true(await wide() > before, 'ctrl + wheel zooms in');
    await page.keyboard.press('End');
    t.is(await nowText(page), 'simthe run passed');
    t.regex(await page.textContent('header') ?? '', /paper\/Figure8 · seed 1 · PASS/);
    t.deepEqual(errors, []);
    t.deepEqual(requests, []);
  });
});

browserTest('a failing --bug run opens on its failure, with the cluster at that instant',
  async (t) => {
    const run = recordRun(F8, 1, F8_BUG);
    const { html, data } = pageOf(F8, run, F8_BUG);
    await withPage(html, async ({ page, errors }) => {
      const n = data.t.length;
      t.regex(await page.textContent('#failure') ?? '',
        /safety check 'Leader Completeness' failed/);
      t.is(await page.textContent('#cmd'), `npx raftsim replay ${F8} --seed 1 --bug ${F8_BUG}`);
      t.is(await position(page), n, 'the cursor is on the failure');
      t.regex(await nowText(page),
        /the run ends: safety check 'Leader Completeness' failed: new leader 1 \(term 16\)/);
      await inView(t, page, 'line.fail-line');
      await inView(t, page, 'line.cursor');
      const s1 = await page.locator('table.srv tr').nth(2).locator('td').allTextContents();
      t.deepEqual(s1, ['s1', 'leader', '16', 's1', 's1', '0', '0', '—']);
      t.deepEqual(await logTerms(page, 1), ['8'], 'the new leader holds term 8 at index 1');
      t.deepEqual(await logTerms(page, 0), ['4'], 's0 committed term 4 at index 1');
      t.is(await page.locator('.log[data-server="0"] .e.committed').count(), 1);
      t.deepEqual(run.logs.map((l) => l.terms.map(String)),
        [await logTerms(page, 0), await logTerms(page, 1), await logTerms(page, 2)]);
      t.deepEqual(errors, []);
    });
  });

browserTest('keys step through events; the failure button comes back to it', async (t) => {
  const { html, data } = pageOf(F8, recordRun(F8, 1, F8_BUG), F8_BUG);
  await withPage(html, async ({ page, errors }) => {
    const n = data.t.length;
    const around = await page.locator('ol.ctx li').allTextContents();
    await page.keyboard.press('ArrowLeft');
    t.is(await position(page), n - 1);
    const previous = await nowText(page);
    t.true(around.at(-2)!.endsWith(previous), 'the event before the failure');
    await page.keyboard.press('Shift+ArrowLeft');
    t.is(await position(page), n - 11);
    await page.keyboard.press('ArrowRight');
    t.is(await position(page), n - 10);
    await page.keyboard.press('Home');
    t.is(await position(page), 1);
    t.regex(await nowText(page), /scenario paper\/Figure8 seed 1/);
    await page.click('#jump');
    t.is(await position(page), n);
    await page.keyboard.press('Home');
    await page.keyboard.press('f');
    t.is(await position(page), n);
    t.deepEqual(errors, []);
  });
});

browserTest('filters hide a kind of message and stepping skips it', async (t) => {
  const { html, data } = pageOf(F8, recordRun(F8, 1, F8_BUG), F8_BUG);
  await withPage(html, async ({ page, errors }) => {
    await page.keyboard.press('0');
    t.true(await page.locator('path.m.c-vote').count() > 0);
    const heartbeats = await page.locator('path.m.c-heartbeat').count();
    await page.uncheck('input[data-cat="0"]');
    t.is(await page.locator('path.m.c-vote').count(), 0);
    t.is(await page.locator('path.m.c-heartbeat').count(), heartbeats);
    for (let k = 0; k < 40; k++) {
      await page.keyboard.press('ArrowLeft');
      t.notRegex(await nowText(page), /RequestVote/);
    }
    await page.check('input[data-cat="0"]');
    await page.uncheck('#f-lost');
    t.is(await page.locator('path.x-mark').count(), 0);
    t.true(await page.locator('path.m.f-delivered').count() > 0);
    await page.selectOption('#focus', '2');
    const shown = await page.locator('path.m').evaluateAll((ps) =>
      ps.map((p) => Number(p.getAttribute('data-m'))));
    t.true(shown.length > 0);
    t.true(shown.every((k) => data.msgs[k]![0] === 2 || data.msgs[k]![1] === 2), 's2 only');
    t.deepEqual(errors, []);
  });
});

browserTest('a KV run: client ops, and each op opens in the linearizability view', async (t) => {
  const { html } = pageOf('paper/DuplicateAppend', recordRun('paper/DuplicateAppend', 2,
    'no-dedup'), 'no-dedup');
  await withPage(html, async ({ page, errors, requests }) => {
    t.deepEqual(await page.locator('text.lane-name.client').allTextContents(), ['c0']);
    t.is(await page.locator('rect.op').count(), 2);
    t.is(await page.locator('rect.op.blamed').count(), 1, 'the checker blames the Get');
    t.true(await page.locator('path.m.c-client').count() > 0);
    t.regex(await page.textContent('#lin-open') ?? '', /linearizability: not linearizable/);
    await page.click('rect.op.blamed');
    t.regex(await page.textContent('.op-detail') ?? '', /c0 Get\(k\)[^]*returned .*"xx"/);
    await page.click('#op-lin');
    const frame = page.frameLocator('#lin-frame');
    await frame.locator('.focus').first().waitFor();
    t.regex(await frame.locator('#tip').innerText(), /get\("k"\) -> "xx"[^]*ILLEGAL/);
    t.deepEqual(errors, []);
    t.deepEqual(requests, []);
  });
});

browserTest('a duplicated message (copy > 0) is drawn as one', async (t) => {
  const run = recordRun(F8, 1);
  const target = run.recording.messages.find((m) => m.fate === 'delivered')!;
  (target as { copy: number }).copy = 1;
  await withPage(pageOf(F8, run).html, async ({ page, errors }) => {
    await page.keyboard.press('0');
    t.is(await page.locator(`path.m.dup[data-m="${target.id}"]`).count(), 1);
    t.is(await page.locator('path.m.dup').count(), 1);
    t.deepEqual(errors, []);
  });
});

browserTest('a 20,000-event run opens, draws only its window, and zooms into arrows',
  async (t) => {
    const run = bigRun();
    t.true(run.result.events > 20_000);
    const { html, data } = pageOf(run.scenario, run);
    await withPage(html, async ({ page, errors, openMs }) => {
      const nav = await page.evaluate<number>('Math.round(performance' +
        ".getEntriesByType('navigation')[0].domContentLoadedEventEnd)");
      const line = `${run.scenario} seed ${run.result.seed}: ${run.result.events} simulator ` +
        `events, ${data.t.length} page events, ${data.msgs.length} messages; ` +
        `opened in ${openMs} ms (page: ${nav} ms)`;
      t.log(line);
      console.log(`timeline-browser: ${line}`);
      t.true(await page.locator('#notice').isVisible(), 'the whole run: too many arrows');
      const shown = data.msgs.length.toLocaleString('en-US');
      t.true((await page.textContent('#notice') ?? '').includes(`${shown} messages in view`));
      t.true(await page.locator('#svg *').count() < 5000);
      for (let k = 0; k < 30 && await page.locator('#notice').isVisible(); k++) {
        await page.keyboard.press('+');
      }
      t.false(await page.locator('#notice').isVisible());
      const arrows = await page.locator('path.m').count();
      t.true(arrows > 0 && arrows <= 2500, `${arrows} arrows`);
      await page.keyboard.press('End');
      await checkLogs(t, page, run);
      await page.click('#lin-open');
      await page.frameLocator('#lin-frame').locator('rect.op').first().waitFor();
      t.is(await page.frameLocator('#lin-frame').locator('rect.op').count(), data.ops.length);
      t.deepEqual(errors, []);
    });
  });

/** At the last event, each server's log in the panel is the node's real log. */
async function checkLogs(t: ExecutionContext, page: Page, run: RecordedRun): Promise<void> {
  for (const [s, log] of run.logs.entries()) {
    const shown = await logTerms(page, s);
    t.deepEqual(shown, log.terms.slice(-32).map(String), `s${s}`);
    const snap = page.locator(`.log[data-server="${s}"] .snap`);
    if (log.snapshotIndex > 0) t.is(await snap.textContent(), `≤${log.snapshotIndex}`);
    else t.is(await snap.count(), 0, `s${s} shows no snapshot`);
    if (log.terms.length > 32) {
      t.is(await page.locator(`.log[data-server="${s}"] .more`).textContent(),
        `… ${log.terms.length - 32} more`);
    }
  }
}

async function inView(t: ExecutionContext, page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  const view = await page.locator('#scroller').boundingBox();
  t.truthy(box && view && box.x >= view.x && box.x <= view.x + view.width, selector);
}

export type { TrueLog };
