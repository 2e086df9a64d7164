import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * A page in Debian's headless Chromium (as test/checker-browser.test.ts does): a fresh profile,
 * no network services; collects page errors and every non-file request.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Opened {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
  /** Wall time from navigation to the first frame after the page's ready flag (a measurement,
   * never asserted). */
  readonly openMs: number;
}

export async function withPage<T>(html: string, body: (o: Opened) => Promise<T>,
  viewport = { width: 1400, height: 900 }): Promise<T> {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'raftsim-timeline-browser-'));
  const file = join(dir, 'run.html');
  writeFileSync(file, html);
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM, args: ARGS, viewport,
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith('file:') && !url.startsWith('about:')) requests.push(url);
    });
    const started = Date.now();
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 60_000 });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))');
    return await body({ page, errors, requests, openMs: Date.now() - started });
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
