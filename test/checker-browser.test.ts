import test from 'ava';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '../checker/check.ts';
import { explain } from '../checker/explain.ts';
import { loadHistory } from '../checker/formats/index.ts';
import { computeVisualizationData } from '../checker/html/data.ts';
import { renderHtml } from '../checker/html/render.ts';

/**
 * The HTML view in a real headless Chromium (Debian's, at /usr/bin/chromium): it loads with no
 * errors and no network request, and "jump to first error" shows the failing step of c10-bad.
 * Skipped, with the reason printed, where no Chromium is installed (CI installs it).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`checker-browser: skipped, no browser at ${CHROMIUM}`);
const browserTest = hasChromium ? test.serial : test.skip;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function withPage<T>(html: string, body: (page: import('playwright-core').Page,
  errors: string[], requests: string[]) => Promise<T>): Promise<T> {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'raftsim-browser-'));
  const file = join(dir, 'view.html');
  writeFileSync(file, html);
  // launchPersistentContext is how Playwright takes a fresh --user-data-dir.
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM, args: ARGS, viewport: { width: 1400, height: 800 },
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto(`file://${file}`);
    return await body(page, errors, requests);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const CORPUS = new URL('./fixtures/porcupine/', import.meta.url);

function page(file: string): string {
  const { model, ops } = loadHistory(readFileSync(new URL(file, CORPUS), 'utf8'), file);
  const result = check(model, ops);
  return renderHtml(computeVisualizationData(model, ops, result, explain(model, ops, result),
    file));
}

browserTest('c10-bad: the page loads cleanly and jumps to the failing step', async (t) => {
  await withPage(page('kv/c10-bad.txt'), async (p, errors, requests) => {
    t.is(await p.locator('rect.op').count(), 405);
    t.true(await p.locator('#jump').isEnabled());
    await p.click('#jump');
    const mark = p.locator('path.illegal.focus');
    t.is(await mark.count(), 1);
    t.true(await mark.isVisible());
    const tip = await p.locator('#tip').innerText();
    t.regex(tip, /get\("0"\) -> "x 9 0 yx 0 0 yx 8 0 y"/);
    t.regex(tip, /ILLEGAL as the next step/);
    t.regex(tip, /state: "x 9 0 yx 0 0 yx 8 0 yx 7 1 yx 0 6 yx 7 6 yx 7 7 y"/);
    t.deepEqual(errors, []);
    t.deepEqual(requests, []);
  });
});

browserTest('hovering a linearized op shows its states before and after', async (t) => {
  await withPage(page('jepsen/etcd_002.log'), async (p, errors) => {
    t.false(await p.locator('#jump').isEnabled(), 'no error to jump to');
    await p.locator('circle.lin-pt').first().hover();
    t.regex(await p.locator('#tip').innerText(), /linearized as step 1 of \d+\nstate before: nil/);
    t.deepEqual(errors, []);
  });
});

browserTest('10,000 ops: the page renders every op and stays responsive', async (t) => {
  const { kvModel } = await import('../checker/models/kv.ts');
  const ops = Array.from({ length: 10_000 }, (_, i) => ({
    client: i % 40, call: 3 * i, return: 3 * i + 5,
    input: { op: 'append' as const, key: `k${i % 25}`, value: `${i};` }, output: { value: '' },
  }));
  const html = renderHtml(computeVisualizationData(kvModel, ops, check(kvModel, ops), null, 'big'));
  await withPage(html, async (p, errors) => {
    t.is(await p.locator('rect.op').count(), 10_000);
    const started = Date.now();
    await p.click('#zoom-in');
    t.true(Date.now() - started < 5000, 'a redraw takes seconds at most');
    t.deepEqual(errors, []);
  });
});
