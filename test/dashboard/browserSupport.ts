import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { integrationOnly } from '../support/tier';

/** Headless Chromium with a throw-away profile, as CI runs it. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  integrationOnly('started a browser');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical axe-core violations on the current page (rule id and count). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) does not block it.
  await page.evaluate(AXE);
  // A string, evaluated in the page (this file is compiled without DOM types).
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The element's box lies inside the visible part of the page, as a person
 * sees it without scrolling (with `scroll`: after scrolling to it, as a
 * person would). Pages refresh themselves (the queue, an open report), so
 * an element may be replaced between two reads: it is awaited, laid out,
 * before it is measured.
 */
export async function assertOnScreen(page: Page, locator: Locator, what: string, opts: { scroll?: boolean } = {}): Promise<void> {
  let box = null;
  for (let tries = 0; tries < 5 && !box; tries++) {
    await locator.waitFor({ state: 'visible' });
    if (opts.scroll) await locator.scrollIntoViewIfNeeded();
    box = await locator.boundingBox();
  }
  assert.ok(box && box.width > 0 && box.height > 0, `${what}: not rendered`);
  const view = page.viewportSize()!;
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= view.width && box.y + box.height <= view.height, `${what}: ${JSON.stringify(box)} outside ${view.width}×${view.height}`);
}

/** Nothing on the page is wider than the screen (no sideways scrolling on a phone). */
export async function assertNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const [scroll, client] = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
  assert.ok(scroll <= client, `${what}: ${scroll}px wide on a ${client}px screen`);
}

/**
 * Opens the dashboard and signs in as `email` the way a person does — or,
 * when the browser's session is still signed in, just opens the queue. With
 * `locale` the language is chosen on the sign-in page first; with `fresh`
 * the cookies go first, so another person can sign in. Waits until the
 * queue's results are drawn.
 */
export async function signInToDashboard(page: Page, url: string, email: string, password: string, opts: { locale?: 'sr-Latn' | 'sr-Cyrl' | 'en'; fresh?: boolean } = {}): Promise<void> {
  if (opts.fresh) await page.context().clearCookies();
  await page.goto(`${url}/dashboard/`);
  await page.locator('#queue-results, #login-email').first().waitFor();
  if (await page.locator('#login-email').count()) {
    if (opts.locale) {
      await page.locator('#locale-select').selectOption(opts.locale);
      await page.locator(`html[lang="${opts.locale}"]`).waitFor({ state: 'attached' });
    }
    await page.locator('#login-email').fill(email);
    await page.locator('#login-password').fill(password);
    await page.locator('#login-submit').click();
  }
  await page.locator('#queue-results').waitFor();
}
