/**
 * Widget benchmark (numbers, not pass/fail), in headless Chromium against
 * the real server with its local Direct Line and the full bot:
 *
 *   npm run --silent bench:widget [-- --runs 7] [-- --messages 30] [-- --hover 300] [-- --phases] [-- --profile DIR] [-- --json]
 *
 * --runs N presses the launcher in N fresh browsers (a new profile each: an
 * empty HTTP cache, as a pupil's first visit) and prints every run's time;
 * the messages are sent in the last run. --phases prints, per run, where
 * the time between the press and the first bot message went; --profile DIR
 * writes a CPU profile of the page and its chat frame (one renderer) from
 * the press to the welcome, per run (read it with tools/prof.mjs or DevTools).
 *
 * --hover N rests the pointer on the launcher N ms before pressing it, as a
 * person's hand does (the loader preloads the chat on hover); without it the
 * press comes at once (Playwright's own hover a few ms before the click).
 *
 * - loader size: /widget.js raw, gzip and brotli;
 * - bytes transferred before the launcher shows (the school page's cost),
 *   and before the first bot message is visible after pressing it;
 * - time from the press (the launcher's click event) to the first bot
 *   message drawn in the chat frame, measured in the browser (a
 *   MutationObserver, then the next animation frame): per run, median, max.
 *   Playwright's own wait for the text polls at 0, 20, 50, 100, 100 and then
 *   every 500 ms, so what it sees ("as Playwright sees it") lands on that
 *   grid — up to half a second after the message shows;
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
import { ensureWebChat } from '../scripts/buildWebChat.mjs';
import { flag, numberArg, textArg } from './benchArgs';

const json = flag('--json');
const MESSAGES = numberArg('--messages', 30);
const HOVER_MS = numberArg('--hover', 0);
const RUNS = Math.max(1, numberArg('--runs', 7));
const PHASES = flag('--phases');
const PROFILE_DIR = textArg('--profile');

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

// On the demo page, from its start (an init script): the time of the
// launcher's first pointer entry, press and click, as epoch milliseconds
// (timeOrigin + now), comparable with the frame's. (Init scripts do not run
// in the chat frame: it reuses the window of its first, blank document.)
const WATCH = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const w = (window.__bzbBench = {});
  for (const type of ['pointerover', 'pointerdown', 'click']) {
    document.addEventListener(type, (e) => {
      if (!w[type] && e.target && e.target.closest && e.target.closest('.bzb-launcher')) w[type] = now();
    }, { capture: true });
  }
})()`;

// In the chat frame, checked at every animation frame (just before it is
// drawn): the time the first bot message is in the transcript, or 0. A
// function, not a string: the frame's CSP forbids eval. (No DOM types here.)
interface FrameGlobals {
  document: { querySelector(selector: string): unknown };
  performance: { timeOrigin: number; now(): number };
}
function firstBotMessageAt(): number {
  const g = globalThis as unknown as FrameGlobals;
  const selector = '.webchat__basic-transcript__scrollable .webchat__bubble:not(.webchat__bubble--from-user)';
  return g.document.querySelector(selector) ? g.performance.timeOrigin + g.performance.now() : 0;
}

// In the chat frame: its long tasks (the browser keeps those since the document started).
const LONG_TASKS = `new Promise((resolve) => {
  const tasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push([performance.timeOrigin + e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  setTimeout(() => resolve(tasks), 50);
})`;

// In the chat frame after the welcome: its navigation, resources and marks as epoch ms.
const FRAME_TIMELINE = `(() => {
  const o = performance.timeOrigin;
  const nav = performance.getEntriesByType('navigation')[0];
  const rows = [['frame.html requested', o + nav.startTime], ['frame.html received', o + nav.responseEnd], ['frame parsed (DOMContentLoaded)', o + nav.domContentLoadedEventEnd]];
  for (const r of performance.getEntriesByType('resource')) {
    const name = new URL(r.name).pathname.replace(/\\/[^/]{20,}(?=\\/|$)/g, '/:id');
    rows.push([name + ' requested', o + r.startTime], [name + ' received (' + Math.round(r.transferSize / 1024) + ' KB)', o + r.responseEnd]);
  }
  for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('bezbedno:')) rows.push(['mark ' + m.name.slice(9), o + m.startTime]);
  return rows;
})()`;

interface Run {
  /** Click event → the first bot message drawn, measured in the browser. */
  ms: number;
  /** Date.now() before Playwright's click → Playwright's wait for the welcome text returned. */
  polledMs: number;
  bytes: number;
  bytesBeforeLauncher: number;
  msToLauncher: number;
  phases: Array<[string, number]>;
  longTasks: Array<[number, number]>;
}

async function main(): Promise<void> {
  // Measure the bundle the widget serves from the current sources (built again when they changed), never a stale one.
  await ensureWebChat();
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

    const runs: Run[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const browser = await openBrowser(base);
      try {
        const { page, context } = browser;
        await context.addInitScript({ content: WATCH });
        let transferred = 0;
        context.on('requestfinished', (request) => {
          void request.sizes().then((s) => (transferred += s.responseHeadersSize + s.responseBodySize));
        });
        // The Direct Line stream as the browser sees it (times taken here, in this process).
        const wsEvents: Array<[string, number]> = [];
        page.on('websocket', (ws) => {
          wsEvents.push(['WebSocket opening', Date.now()]);
          let first = true;
          ws.on('framereceived', (f) => {
            if (!first) return;
            first = false;
            wsEvents.push(['WebSocket first frame', Date.now()]);
            try {
              const activities = (JSON.parse(String(f.payload)) as { activities?: Array<{ from?: { role?: string }; timestamp?: string; type?: string }> }).activities ?? [];
              const welcome = activities.find((a) => a.type === 'message' && a.from?.role !== 'user');
              if (welcome?.timestamp) wsEvents.push(['welcome stored by the server', Date.parse(welcome.timestamp)]);
            } catch {
              /* not an activity set */
            }
          });
        });
        const start = Date.now();
        await page.goto(`${base}/`);
        const launcher = page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') });
        await launcher.waitFor();
        await page.waitForLoadState('networkidle');
        const bytesBeforeLauncher = transferred;
        const msToLauncher = Date.now() - start;

        if (HOVER_MS > 0) {
          await launcher.hover();
          await page.waitForTimeout(HOVER_MS);
        }
        const cdp = PROFILE_DIR ? await context.newCDPSession(page) : undefined;
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        const clicked = Date.now();
        await launcher.click();
        await page.waitForSelector('iframe.bzb-frame');
        let frame: Frame | undefined;
        while (!frame) {
          frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
          if (!frame) await page.waitForTimeout(20);
        }
        const drawnAt = frame.waitForFunction(firstBotMessageAt, undefined, { polling: 'raf', timeout: 30000 });
        drawnAt.catch(() => undefined); // awaited below, after the text is seen (or its wait has failed)
        try {
          await frame.getByText(t('sr-Latn', 'welcome')).first().waitFor({ timeout: 30000 });
        } catch (err) {
          const rows = await frame.evaluate<Array<[string, number]>>(FRAME_TIMELINE).catch(() => []);
          console.error(`run ${run}: no welcome; the frame's timeline:`, JSON.stringify(rows), 'WebSocket:', JSON.stringify(wsEvents));
          throw err;
        }
        const polledMs = Date.now() - clicked;
        if (cdp) {
          const { profile } = await cdp.send('Profiler.stop');
          fs.mkdirSync(PROFILE_DIR!, { recursive: true });
          fs.writeFileSync(path.join(PROFILE_DIR!, `widget-run${run}.cpuprofile`), JSON.stringify(profile));
        }
        const bytes = transferred;
        const welcomeDrawn = Number(await (await drawnAt).jsonValue());
        const rows = await frame.evaluate<Array<[string, number]>>(FRAME_TIMELINE);
        const longTasks = await frame.evaluate<Array<[number, number]>>(LONG_TASKS);
        const onPage = await page.evaluate<Record<string, number>>('window.__bzbBench');
        const click = onPage.click!;
        const rel = (rows: Array<[string, number]>) => rows.map(([name, at]): [string, number] => [name, Math.round(at - click)]);
        const phases = rel([
          ['pointer over the launcher', onPage.pointerover ?? NaN],
          ['pointer down', onPage.pointerdown ?? NaN],
          ...rows,
          ['welcome drawn', welcomeDrawn],
          ...wsEvents,
        ]).sort((a, b) => a[1] - b[1]);
        const drawn = phases.find(([name]) => name === 'welcome drawn')![1];
        runs.push({
          ms: drawn, polledMs, bytes, bytesBeforeLauncher, msToLauncher, phases,
          longTasks: longTasks.map(([at, d]): [number, number] => [Math.round(at - click), Math.round(d)]),
        });
        if (!json) console.error(`run ${run}: ${drawn} ms (as Playwright sees it ${polledMs} ms), ${(bytes / 1024).toFixed(1)} KB`);

        if (run === RUNS) {
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
        }
        out.thirdPartyRequests = Number(out.thirdPartyRequests ?? 0) + browser.foreign.length;
      } finally {
        await browser.close();
      }
    }
    const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
    out.hoverMs = HOVER_MS;
    out.runs = runs.length;
    out.bytesBeforeLauncher = Math.max(...runs.map((r) => r.bytesBeforeLauncher));
    out.msToLauncher = runs[runs.length - 1]!.msToLauncher;
    out.msLauncherToWelcome = Math.round(percentile(sorted, 50));
    out.msLauncherToWelcomeMax = sorted[sorted.length - 1]!;
    out.msLauncherToWelcomeRuns = runs.map((r) => r.ms).join(' ');
    out.msLauncherToWelcomePolledRuns = runs.map((r) => r.polledMs).join(' ');
    out.bytesBeforeFirstMessage = Math.max(...runs.map((r) => r.bytes));
    if (PHASES && !json) {
      runs.forEach((r, i) => {
        console.log(`\nrun ${i + 1}: ms after the click`);
        for (const [name, at] of r.phases) if (Number.isFinite(at)) console.log(`${String(at).padStart(7)}  ${name}`);
        const busy = r.longTasks.filter(([at]) => at > -200 && at < r.ms);
        console.log(`long tasks in the frame up to the welcome: ${busy.map(([at, d]) => `${d} ms at ${at}`).join(', ') || 'none'}`);
      });
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
    console.log(`transferred before the first bot message is visible: ${kb(out.bytesBeforeFirstMessage!)} (most of ${out.runs} runs)`);
    console.log(`press → first bot message drawn${HOVER_MS ? ` (after ${HOVER_MS} ms of hover)` : ''}, ${out.runs} runs: median ${out.msLauncherToWelcome} ms, max ${out.msLauncherToWelcomeMax} ms; each: ${out.msLauncherToWelcomeRuns} ms`);
    console.log(`  as Playwright's polling wait sees it: ${out.msLauncherToWelcomePolledRuns} ms`);
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
