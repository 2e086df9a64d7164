import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { check } from '../../checker/check.ts';
import { explain } from '../../checker/explain.ts';
import { loadHistory } from '../../checker/formats/index.ts';
import { computeVisualizationData } from '../../checker/html/data.ts';
import { renderHtml } from '../../checker/html/render.ts';

/**
 * The HTML view in a real headless Chromium (Debian's, at /usr/bin/chromium), through
 * playwright-core. Where no Chromium is installed the tests are skipped with the reason printed
 * (CI installs it).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`checker-browser: skipped, no browser at ${CHROMIUM}`);
export const browserTest = hasChromium ? test.serial : test.skip;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Promise<Browser> | undefined;

/** One Chromium per test file (a launch is the costly part), a fresh context per page. */
function sharedBrowser(): Promise<Browser> {
  browser ??= import('playwright-core').then(({ chromium }) => chromium.launch({
    executablePath: CHROMIUM, args: ARGS,
  }));
  return browser;
}

test.after.always(async () => {
  if (browser !== undefined) await (await browser).close();
});

/** Opens `html` from a file; `errors` collects page errors, `requests` any non-file request. */
export async function withPage<T>(html: string, body: (page: Page, errors: string[],
  requests: string[]) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'raftsim-browser-'));
  const file = join(dir, 'view.html');
  writeFileSync(file, html);
  const context = await (await sharedBrowser()).newContext({
    viewport: { width: 1400, height: 800 },
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

/** The page `raftsim check FILE --html` writes, built through the library. */
export function pageOf(url: URL, title: string): string {
  const { model, ops } = loadHistory(readFileSync(url, 'utf8'), title);
  const result = check(model, ops);
  return renderHtml(computeVisualizationData(model, ops, result, explain(model, ops, result),
    title));
}

export interface Box {
  readonly op: number;
  readonly call: string;
  readonly result: string;
}

/** Every op's box as drawn: its two label lines. */
export function boxes(page: Page): Promise<Box[]> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.$$eval('#svg g.box', (gs) => gs.map((g) => ({
    op: Number(g.getAttribute('data-op')),
    call: g.querySelector('text.lbl:not(.res)')?.textContent ?? '',
    result: g.querySelector('text.lbl.res')?.textContent ?? '',
  })));
}

export interface Rect {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function rectOf(page: Page, selector: string): Promise<Rect> {
  return page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  });
}

/** Whether the rectangle lies in the part of the view the sticky axis and names leave free
 *  (scrollbars excluded). */
export async function inOpenView(page: Page, r: Rect): Promise<boolean> {
  const open = await page.$eval('#view', (view) => {
    const doc = view.ownerDocument;
    const v = view.getBoundingClientRect();
    return {
      left: doc.getElementById('lanes')!.getBoundingClientRect().right,
      top: doc.getElementById('axis')!.getBoundingClientRect().bottom,
      right: v.left + view.clientWidth,
      bottom: v.top + view.clientHeight,
    };
  });
  return r.left >= open.left && r.right <= open.right && r.top >= open.top
    && r.bottom <= open.bottom;
}
