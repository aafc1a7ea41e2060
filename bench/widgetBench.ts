/**
 * Widget benchmark (numbers, not pass/fail), in headless Chromium against
 * the real server with its local Direct Line and the full bot:
 *
 *   npm run --silent bench:widget [-- --messages 30] [-- --hover 300] [-- --json]
 *
 * --hover N rests the pointer on the launcher N ms before pressing it, as a
 * person's hand does (the loader preloads the chat on hover); without it the
 * press comes at once (Playwright's own hover a few ms before the click).
 *
 * - loader size: /widget.js raw, gzip and brotli;
 * - bytes transferred before the launcher shows (the school page's cost),
 *   and before the first bot message is visible after pressing it;
 * - time from pressing Enter to the bot's reply being visible, p50/p95.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { loadConfig } from '../core/config';
import { startEmbeddedDatabase, EmbeddedDatabase } from '../server/db/embedded';
import { startServer } from '../server/index';
import { createLogger } from '../core/logger';
import { t } from '../services/i18n/catalog';
import { openBrowser } from '../test/widget/browser';
import { flag, numberArg } from './benchArgs';

const json = flag('--json');
const MESSAGES = numberArg('--messages', 30);
const HOVER_MS = numberArg('--hover', 0);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Bytes on the wire (Content-Length: fetch itself would decompress the body). */
async function bodySize(url: string, encoding = 'identity'): Promise<number> {
  const res = await fetch(url, { headers: { 'Accept-Encoding': encoding } });
  await res.arrayBuffer();
  return Number(res.headers.get('content-length'));
}

/** Compressed bodies are prepared in the background at start-up; wait for them. */
async function waitForCompression(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(url, { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } });
    if (res.headers.get('content-encoding') === 'br') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// In the chat frame: resolves with the milliseconds from the Enter keydown to
// the first new bot message in the DOM. A string: bench code has no DOM types.
const MEASURE_REPLY = `new Promise((resolve) => {
  const bots = () => document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user)').length;
  const before = bots();
  let t0 = 0;
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !t0) t0 = performance.now(); }, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (t0 && bots() > before) { observer.disconnect(); resolve(performance.now() - t0); }
  });
  observer.observe(document.body, { childList: true, subtree: true });
})`;

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let tmp: string | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-widget-bench-'));
    embedded = await startEmbeddedDatabase({ dir: tmp });
    uri = embedded.uri;
  }
  const config = loadConfig({
    ...process.env,
    PORT: '0', MONGODB_URI: uri, LOG_LEVEL: 'warn',
    // Thirty messages in a row are a benchmark, not abuse.
    DIRECTLINE_POSTS_PER_MINUTE: '6000', DIRECTLINE_POST_BURST: '1000',
  });
  const running = await startServer(config, createLogger('warn'));
  const base = running.url;
  const out: Record<string, number | string> = {};
  try {
    await waitForCompression(`${base}/widget/webchat.js`);
    out.loaderBytes = await bodySize(`${base}/widget.js`);
    out.loaderGzipBytes = await bodySize(`${base}/widget.js`, 'gzip');
    out.loaderBrotliBytes = await bodySize(`${base}/widget.js`, 'br');
    out.webchatBytes = await bodySize(`${base}/widget/webchat.js`);
    out.webchatBrotliBytes = await bodySize(`${base}/widget/webchat.js`, 'br');

    const browser = await openBrowser(base);
    try {
      const { page, context } = browser;
      let transferred = 0;
      context.on('requestfinished', (request) => {
        void request.sizes().then((s) => (transferred += s.responseHeadersSize + s.responseBodySize));
      });
      const start = Date.now();
      await page.goto(`${base}/`);
      const launcher = page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') });
      await launcher.waitFor();
      await page.waitForLoadState('networkidle');
      out.bytesBeforeLauncher = transferred;
      out.msToLauncher = Date.now() - start;

      if (HOVER_MS > 0) {
        await launcher.hover();
        await page.waitForTimeout(HOVER_MS);
      }
      out.hoverMs = HOVER_MS;
      const clicked = Date.now();
      await launcher.click();
      await page.waitForSelector('iframe.bzb-frame');
      let frame: Frame | undefined;
      while (!frame) {
        frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
        if (!frame) await page.waitForTimeout(20);
      }
      await frame.getByText(t('sr-Latn', 'welcome')).first().waitFor({ timeout: 30000 });
      out.msLauncherToWelcome = Date.now() - clicked;
      out.bytesBeforeFirstMessage = transferred;

      const box = frame.getByRole('textbox', { name: t('sr-Latn', 'widget.webchat.TEXT_INPUT_ALT') });
      const latencies: number[] = [];
      for (let i = 0; i < MESSAGES; i++) {
        await box.fill(i % 2 === 0 ? 'zdravo' : 'šta je grooming?');
        const measured = frame.evaluate<number>(MEASURE_REPLY);
        await box.press('Enter');
        latencies.push(await measured);
        // Let the turn finish (a turn may send several messages) before the next.
        await page.waitForTimeout(250);
      }
      latencies.sort((a, b) => a - b);
      out.messages = latencies.length;
      out.replyP50Ms = Math.round(percentile(latencies, 50));
      out.replyP95Ms = Math.round(percentile(latencies, 95));
      out.replyMaxMs = Math.round(latencies[latencies.length - 1] ?? NaN);
      out.thirdPartyRequests = browser.foreign.length;
    } finally {
      await browser.close();
    }
  } finally {
    await running.stop();
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (json) {
    console.log(JSON.stringify(out));
  } else {
    const kb = (n: number | string) => `${(Number(n) / 1024).toFixed(1)} KB`;
    console.log(`loader /widget.js: ${kb(out.loaderBytes!)} raw, ${kb(out.loaderGzipBytes!)} gzip, ${kb(out.loaderBrotliBytes!)} as served (br)`);
    console.log(`Web Chat bundle: ${kb(out.webchatBytes!)} raw, ${kb(out.webchatBrotliBytes!)} as served (br)`);
    console.log(`transferred before the launcher shows: ${kb(out.bytesBeforeLauncher!)} (${out.msToLauncher} ms)`);
    console.log(`transferred before the first bot message is visible: ${kb(out.bytesBeforeFirstMessage!)} (${out.msLauncherToWelcome} ms from the click${HOVER_MS ? `, after ${HOVER_MS} ms of hover` : ''})`);
    console.log(`send → reply visible over ${out.messages} messages: p50 ${out.replyP50Ms} ms, p95 ${out.replyP95Ms} ms, max ${out.replyMaxMs} ms`);
    console.log(`third-party requests: ${out.thirdPartyRequests}`);
    console.log(JSON.stringify(out));
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
