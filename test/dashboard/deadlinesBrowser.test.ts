import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { reportModel } from '../../models/report';
import { syncReportQueueEntry } from '../../models/reportQueueEntry';
import { startTestServer, type TestServer } from '../support/server';
import { axeViolations, launchBrowser, assertOnScreen, assertNoSidewaysScroll, signInToDashboard } from './browserSupport';
import { createStaff, PASSWORD, TEST_DASHBOARD_ENV } from './dashboardClient';
import { insertReport, testCipher } from './reportFixtures';

const SIZES = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Where screenshots go, to be looked at (not compared). */
const SHOTS = process.env.DASHBOARD_SHOTS_DIR ?? path.join(os.tmpdir(), 'bezbedno-dashboard-shots');

let serverUrl = '';

const signIn = (page: Page, email: string): Promise<void> => signInToDashboard(page, serverUrl, email, PASSWORD);

describe('dashboard in a browser: deadlines that tick, and the on-duty rota page', function () {
  this.timeout(240_000);
  let server: TestServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let doSutra: string;
  let overdue: string;

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('deadlineui', { ...TEST_DASHBOARD_ENV, NOTIFY_WEBHOOK_SECRET: 'a-webhook-signing-secret-for-tests' });
    serverUrl = server.url;
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }, { email: 'admin@example.org', role: 'admin' }]);
    const cipher = testCipher();
    // Older immediate reports with no due time…
    for (let i = 0; i < 4; i++) await insertReport(server.conn, cipher, { urgency: 'immediate', category: 'grooming', createdAt: new Date(Date.now() - (30 + i) * 3_600_000) });
    // …one whose deadline passed two hours ago…
    const past = await insertReport(server.conn, cipher, { urgency: 'immediate', category: 'sextortion', createdAt: new Date(Date.now() - 20 * 3_600_000), answers: { deadlineRunning: 'yes', deadlineWhen: 'today' } });
    await reportModel(server.conn).updateOne({ _id: past.id }, { $set: { due: { at: new Date(Date.now() - 2 * 3_600_000), kind: 'deadline', source: 'answer' } } });
    await syncReportQueueEntry(server.conn, past.id);
    overdue = past.caseCode;
    // …and a child's sextortion report made now through the reports service: "do sutra".
    const submitted = await server.reports.submitter.submit({
      submissionId: randomUUID(), locale: 'sr-Latn', reporterRole: 'pupil', victimAge: '14-17', category: 'sextortion', platforms: ['instagram'], ongoing: true, immediateDanger: false,
      narrative: 'Preti da će objaviti moje slike do sutra ako mu ne pošaljem novac.', answers: { victim: 'self', ongoing: 'yes', deadlineRunning: 'yes', deadlineWhen: 'tomorrow', paidOrSent: 'no' },
    });
    doSutra = submitted.caseCode;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  for (const size of SIZES) {
    it(`when the reviewer opens the queue on the ${size.name} (${size.width}×${size.height}), then the overdue case is first, the "do sutra" case next with its countdown on screen, above the older reports; the report shows its deadline on top`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: size.width, height: size.height });
      try {
        await signIn(page, 'rev@example.org');
        const rows = page.locator('#queue-table tbody tr');
        assert.deepEqual((await rows.locator('a.case-link').allInnerTexts()).slice(0, 2), [overdue, doSutra]);
        const first = rows.nth(0).locator('.badge.due');
        assert.equal(await first.getAttribute('data-state'), 'overdue');
        assert.match(await first.innerText(), /^rok: prošao pre 2 h 0 min/);
        const ticking = rows.nth(1).locator('.badge.due');
        assert.match(await ticking.innerText(), /^rok: još (1 d \d+ h|\d+ h \d+ min)/);
        if (size.name === 'desktop') await assertOnScreen(page, ticking, 'the countdown of the "do sutra" case');
        else {
          await ticking.scrollIntoViewIfNeeded();
          await assertOnScreen(page, ticking, 'the countdown of the "do sutra" case, scrolled to');
        }
        assert.equal(await rows.nth(2).locator('.badge.due').count(), 0, 'an older report without a due time comes after');
        await assertNoSidewaysScroll(page, 'the queue');
        await page.screenshot({ path: path.join(SHOTS, `queue-deadline-${size.name}.png`), fullPage: size.name === 'phone' });

        await rows.nth(1).locator('a.case-link').click();
        const box = page.locator('#due-box');
        await box.waitFor();
        assert.match(await box.innerText(), /Rok ucenjivača\. Ističe .* 00:00 \(po beogradskom vremenu\)/, 'the end of a Belgrade day, whatever the computer\'s clock');
        assert.match(await box.innerText(), /„sutra“ – do kraja sutrašnjeg dana/);
        await assertOnScreen(page, box.locator('strong'), 'the deadline on top of the report');
        assert.match(await page.locator('#answers dd[data-answer="deadlineWhen:tomorrow"]').innerText(), /sutra/);
        if (size.name === 'desktop') assert.deepEqual(await axeViolations(page), [], 'report page with a deadline');
        await page.screenshot({ path: path.join(SHOTS, `report-deadline-${size.name}.png`) });
      } finally {
        await page.close();
      }
    });
  }

  for (const size of SIZES) {
    it(`when an administrator enters the rota on the ${size.name} (${size.width}×${size.height}) — Monday 08:00–20:00, a holiday, a webhook, 15 minutes — then it is saved, shown back, and a wrong webhook gets a clear error`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: size.width, height: size.height });
      try {
        // The reviewer's session from the tests above is not the administrator's.
        await browser.context.clearCookies();
        await signIn(page, 'admin@example.org');
        // As an administrator would: the menu's "Dežurstvo".
        await page.locator('#nav a[href="#/onduty"]').click();
        await page.locator('#onduty-form').waitFor();
        const now = page.locator('#onduty-now');
        await now.waitFor();
        await page.evaluate('window.scrollTo(0, 0)');
        assert.match(await now.innerText(), /^Sada: /);
        await assertOnScreen(page, now, 'what the rota means now');
        await assertNoSidewaysScroll(page, 'the rota page');
        await page.screenshot({ path: path.join(SHOTS, `onduty-before-${size.name}.png`), fullPage: true });

        // Monday: replace whatever is there with one shift, typed.
        const monday = page.locator('.rota-day[data-day="mon"]');
        while (await monday.locator('.rota-shift').count()) await monday.locator('.rota-shift button').first().click();
        await monday.locator('button[data-add="shift-mon"]').click();
        await monday.locator('input[name="from"]').fill('08:00');
        await monday.locator('input[name="to"]').fill('20:00');
        await assertOnScreen(page, monday.locator('input[name="to"]'), 'Monday\'s "to" field');
        while (await page.locator('.rota-holiday').count()) await page.locator('.rota-holiday > button').first().click();
        await page.locator('#add-holiday').click();
        await page.locator('.rota-holiday input[name="date"]').fill('2026-01-07');
        await page.locator('.rota-holiday input[name="label"]').fill('Božić');
        await page.locator('#onduty-minutes').fill('15');

        // A webhook that is not https: refused, said in words, nothing saved.
        await page.locator('#onduty-webhook').fill('http://example.org/hook');
        await page.locator('#onduty-save').click();
        const error = page.locator('#onduty-error');
        await error.locator('p').waitFor();
        assert.match(await error.innerText(), /adresa mora biti https/);
        await assertOnScreen(page, error.locator('p'), 'the error');
        await page.screenshot({ path: path.join(SHOTS, `onduty-error-${size.name}.png`) });

        await page.locator('#onduty-webhook').fill('https://onduty.example.org/hook');
        await page.locator('#onduty-save').click();
        await page.locator('#onduty-saved', { hasText: 'Raspored je sačuvan.' }).waitFor();
        assert.match(await page.locator('#onduty-source').innerText(), /Poslednja izmena: .*admin/);
        assert.equal(await page.locator('.rota-day[data-day="mon"] input[name="from"]').inputValue(), '08:00');
        assert.equal(await page.locator('.rota-holiday input[name="label"]').inputValue(), 'Božić');
        await page.screenshot({ path: path.join(SHOTS, `onduty-saved-${size.name}.png`), fullPage: true });
        if (size.name === 'desktop') assert.deepEqual(await axeViolations(page), [], 'the rota page');

        const saved = await server.reports.rota.current();
        assert.equal(saved.source, 'saved');
        assert.deepEqual(saved.rota.week.mon, [{ from: '08:00', to: '20:00' }]);
        assert.deepEqual(saved.rota.holidays, [{ date: '2026-01-07', label: 'Božić', shifts: [] }]);
        assert.deepEqual([saved.rota.channel.webhook, saved.rota.responseMinutes], ['https://onduty.example.org/hook', 15]);
      } finally {
        await page.close();
      }
    });
  }
});
