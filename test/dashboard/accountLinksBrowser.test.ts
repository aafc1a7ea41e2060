import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { reportModel } from '../../models/report';
import { buildCatalog } from '../../services/i18n/catalog';
import { startTestServer, type TestServer } from '../support/server';
import { axeViolations, launchBrowser, assertOnScreen, assertNoSidewaysScroll, signInToDashboard } from './browserSupport';
import { createStaff, PASSWORD, TEST_DASHBOARD_ENV } from './dashboardClient';
import { englishOn, englishOnlyWords, interfaceText, latinOn } from './languageCheck';

const SIZES = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Where screenshots go, to be looked at (not compared). */
const SHOTS = process.env.DASHBOARD_SHOTS_DIR ?? path.join(os.tmpdir(), 'bezbedno-dashboard-shots');

describe('dashboard in a browser: reports naming the same account are linked', function () {
  this.timeout(240_000);
  let server: TestServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const reports: Record<string, { id: string; caseCode: string }> = {};
  const catalog = buildCatalog();

  const signIn = (page: Page, email: string): Promise<void> => signInToDashboard(page, server.url, email, PASSWORD);

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('accountlinksui', TEST_DASHBOARD_ENV);
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }, { email: 'school@example.org', role: 'authority', authorityId: 'school' }]);
    const submit = async (name: string, narrative: string, category: string, platforms: string[]): Promise<void> => {
      const r = await server.reports.submitter.submit({ submissionId: randomUUID(), locale: 'sr-Latn', reporterRole: 'pupil', victimAge: '14-17', category, platforms, ongoing: true, immediateDanger: false, narrative });
      const doc = await reportModel(server.conn).findOne({ caseCode: r.caseCode }, { _id: 1 }).lean().exec();
      reports[name] = { id: doc!._id.toHexString(), caseCode: r.caseCode };
    };
    await submit('at', 'Piše mi @Mracni_Vuk na instagramu i traži slike.', 'grooming', ['instagram']);
    await submit('link', 'Profil je instagram.com/mracni_vuk/ i preti mi da će objaviti slike.', 'sextortion', []);
    await submit('bare', 'Nalog mracni_vuk mi šalje poruke i vređa me.', 'cyberbullying', ['instagram']);
    await submit('other', 'Piše mi @neko_drugi na instagramu.', 'grooming', ['instagram']);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  for (const size of SIZES) {
    it(`when the reviewer opens a report on the ${size.name} (${size.width}×${size.height}), then it says the account appears in 2 other reports, on screen, with links to both; the queue filter lists the three`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: size.width, height: size.height });
      try {
        await signIn(page, 'rev@example.org');
        await page.goto(`${server.url}/dashboard/#/reports/${reports.link!.id}`);
        const box = page.locator('#linked-reports');
        await box.waitFor();
        assert.equal(await page.locator('#linked-summary').innerText(), catalog['sr-Latn']['dashboard.report.linkedSummary']!.replace('{count}', '2').replace('{accounts}', '1'));
        await assertOnScreen(page, page.locator('#linked-summary'), 'the linked-reports sentence on top of the report');
        const links = box.locator('#linked-list a.case-link');
        assert.deepEqual((await links.allInnerTexts()).sort(), [reports.at!.caseCode, reports.bare!.caseCode].sort());
        await assertOnScreen(page, links.first(), 'the first linked report\'s link');
        assert.equal(await page.locator('#linked-hidden').count(), 0, 'the contact centre may open every linked report');
        assert.deepEqual(englishOn(await interfaceText(page), englishOnlyWords()), [], 'English on the Serbian report page');
        await assertNoSidewaysScroll(page, 'the report');
        await page.screenshot({ path: path.join(SHOTS, `report-linked-${size.name}.png`) });
        if (size.name === 'desktop') assert.deepEqual(await axeViolations(page), [], 'report page with linked reports');

        // A link opens the other report, which links back.
        await box.locator(`a[href="#/reports/${reports.at!.id}"]`).click();
        await page.locator(`#linked-list a[href="#/reports/${reports.link!.id}"]`).waitFor();
        assert.match(await page.locator('h1').innerText(), new RegExp(reports.at!.caseCode));

        // The queue: "linked reports" only.
        await page.goto(`${server.url}/dashboard/#/queue?linked=true&status=all`);
        const rows = page.locator('#queue-table tbody tr');
        await rows.first().waitFor();
        assert.deepEqual((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-report')))).sort(), [reports.at!.id, reports.link!.id, reports.bare!.id].sort());
        const badge = rows.first().locator('.badge.linked');
        await badge.evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await assertOnScreen(page, badge, 'the linked mark in the first row');
        assert.equal(await page.locator('#filter-linked').inputValue(), 'true');
        await assertNoSidewaysScroll(page, 'the filtered queue');
        await page.screenshot({ path: path.join(SHOTS, `queue-linked-${size.name}.png`), fullPage: size.name === 'phone' });
      } finally {
        await page.close();
      }
    });
  }

  it('when the reviewer opens statistics, then the accounts reported more than once are counted, a small number as <5', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      await signIn(page, 'rev@example.org');
      await page.goto(`${server.url}/dashboard/#/stats`);
      const value = page.locator('[data-stat="repeatAccounts"]');
      await value.waitFor();
      assert.equal(await value.innerText(), catalog['sr-Latn']['dashboard.stats.repeatAccountsValue']!.replace('{count}', '<5'));
      await value.scrollIntoViewIfNeeded();
      await assertOnScreen(page, value, 'the number of accounts reported more than once');
      assert.deepEqual(englishOn(await interfaceText(page), englishOnlyWords()), [], 'English on the Serbian statistics page');
      await page.screenshot({ path: path.join(SHOTS, 'stats-repeat-accounts-desktop.png') });
    } finally {
      await page.close();
    }
  });

  it('when a school account opens its report on the phone, then it reads how many other reports name the account, with no link to those not routed to it', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await signIn(page, 'school@example.org');
      await page.goto(`${server.url}/dashboard/#/reports/${reports.bare!.id}`);
      await page.locator('#linked-reports').waitFor();
      assert.equal(await page.locator('#linked-list').count(), 0, 'neither linked report is routed to the school');
      const hidden = page.locator('#linked-hidden');
      assert.equal(await hidden.innerText(), catalog['sr-Latn']['dashboard.report.linkedHidden']!.replace('{count}', '2'));
      await assertOnScreen(page, hidden, 'the count of linked reports the school may not open');
      await page.screenshot({ path: path.join(SHOTS, 'report-linked-authority-phone.png') });
    } finally {
      await page.close();
      await browser.context.clearCookies();
    }
  });

  it('when the reviewer reads the linked reports in Cyrillic and in English, then the box speaks that language', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      await signIn(page, 'rev@example.org');
      await page.goto(`${server.url}/dashboard/#/reports/${reports.bare!.id}`);
      await page.locator('#linked-reports').waitFor();
      await page.locator('#locale-select').selectOption('sr-Cyrl');
      await page.locator('#linked-summary', { hasText: 'Налог' }).waitFor();
      // Case codes are the same in every script (translate="no"): read a copy without them, the page stays whole.
      assert.deepEqual(latinOn(await page.locator('#linked-reports').evaluate((el) => {
        const copy = el.cloneNode(true) as typeof el;
        for (const skip of copy.querySelectorAll('[translate="no"]')) skip.remove();
        return copy.textContent ?? '';
      })), []);
      assert.equal(await page.locator('#linked-list a.case-link').count(), 2, 'the links are still there');
      await page.screenshot({ path: path.join(SHOTS, 'report-linked-sr-Cyrl-desktop.png') });
      await page.locator('#locale-select').selectOption('en');
      await page.locator('#linked-summary', { hasText: 'also appears in other reports' }).waitFor();
      assert.match(await page.locator('#h-linked').innerText(), /Same account in other reports/);
      await page.locator('#locale-select').selectOption('sr-Latn');
      await page.locator('#linked-summary', { hasText: 'pojavljuje' }).waitFor();
    } finally {
      await page.close();
    }
  });
});
