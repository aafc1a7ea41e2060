import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { integrationOnly } from '../support/tier';

/** A headless Chromium that may talk only to one server. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Requests (HTTP and WebSocket) to anything but the server, which were blocked. */
  foreign: string[];
  /** Content-Security-Policy violations reported by any page or frame. */
  cspViolations: string[];
  close: () => Promise<void>;
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Starts Chromium with a fresh temporary profile. Every request not to
 * `allowedOrigin` is aborted and recorded, so a test can assert that the
 * widget makes no third-party requests (fonts, analytics, CDNs).
 */
export async function openBrowser(allowedOrigin: string): Promise<Browser> {
  integrationOnly('started a browser');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const foreign: string[] = [];
  const cspViolations: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === allowedOrigin) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  await context.exposeBinding('__reportCsp', (_source, text: string) => {
    cspViolations.push(text);
  });
  // A string, not a function: this file is type-checked without DOM types.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      const report = e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample;
      if (window.__reportCsp) window.__reportCsp(report);
    });`,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('websocket', (ws) => {
    if (new URL(ws.url().replace(/^ws/, 'http')).origin !== allowedOrigin) foreign.push(ws.url());
  });
  return {
    context,
    page,
    foreign,
    cspViolations,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Gives every test of the suite it is called in a fresh browser that may
 * reach only `origin()` (handed to `use`), and after each test checks that
 * nothing but our own server was contacted and no page or frame broke its
 * Content-Security-Policy.
 */
export function browserForEachTest(origin: () => string, use: (browser: Browser) => void): void {
  let browser: Browser | undefined;
  beforeEach(async () => {
    browser = await openBrowser(origin());
    use(browser);
  });
  afterEach(async () => {
    if (!browser) return;
    const { foreign, cspViolations } = browser;
    await browser.close();
    browser = undefined;
    assert.deepEqual(foreign, [], 'third-party requests');
    assert.deepEqual(cspViolations, [], 'CSP violations');
  });
}
