import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Types } from 'mongoose';
import type { Locator, Page } from 'playwright-core';
import { reportModel } from '../../models/report';
import { createLogger } from '../../core/logger';
import { buildCatalog } from '../../services/i18n/catalog';
import type { TestServer } from '../support/server';
import { LogCapture } from '../support/server';
import { launchBrowser, assertOnScreen as assertOnScreenNow } from './browserSupport';

/** Scrolled to as a person would, then inside the window. */
const assertOnScreen = (page: Page, locator: Locator, what: string): Promise<void> => assertOnScreenNow(page, locator, what, { scroll: true });
import { createStaff, DashboardClient, PASSWORD, startDashboardServer } from './dashboardClient';
import { authorityIds, englishOn, englishOnlyWords, idsOn, interfaceText, latinOn } from './languageCheck';
import { insertReport, testCipher } from './reportFixtures';
import { reportsPipeline } from './reportsPipeline';

const catalog = buildCatalog();
const sr = (key: string) => catalog['sr-Latn'][key]!;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Saves a screenshot when SCREENSHOT_DIR is set (to look at the pages while working on them). */
async function snap(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

/**
 * Issue 12, "the dashboard speaks the reviewer's language": a reviewer who
 * works in Serbian meets no English word in the queue, a report, the
 * statistics or the registry; Cyrillic is Cyrillic; a reply from the
 * reporter is marked in the queue and appears in the open report without a
 * reload.
 */
describe('dashboard in the reviewer\'s language (headless Chromium)', function () {
  this.timeout(180_000);
  let server: TestServer;
  let pipeline: Awaited<ReturnType<typeof reportsPipeline>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const english = englishOnlyWords();
  const ids = authorityIds();
  let sextortion: { id: string; caseCode: string; passphrase: string };
  let bullying: { id: string; caseCode: string };
  let legacy: { id: string; caseCode: string };

  const reporterWrites = async (text: string) => {
    const v = await pipeline.followUp.verify(sextortion.caseCode, sextortion.passphrase);
    assert.ok(v.ok);
    await pipeline.followUp.postReporterMessage(v.token, text);
  };
  const submit = async (draft: Record<string, unknown>) => {
    const res = await pipeline.submitter.submit({ submissionId: randomUUID(), locale: 'sr-Latn', ongoing: true, immediateDanger: false, ...draft } as never);
    const doc = await reportModel(server.conn).findOne({ caseCode: res.caseCode }).lean();
    return { id: doc!._id.toHexString(), caseCode: res.caseCode, passphrase: res.passphrase! };
  };
  /** The interface on screen speaks Serbian: no English-only word, no authority id. */
  const assertSerbian = async (where: string) => {
    const text = await interfaceText(page);
    assert.deepEqual(englishOn(text, english), [], `${where}: English on a Serbian page`);
    assert.deepEqual(idsOn(text, ids), [], `${where}: authority ids instead of names`);
  };
  /** Waits for the page's poller state (a selector, not a script: the page's CSP forbids evaluated strings). */
  const pollerIs = (state: 'running' | 'paused') => page.locator(`body[data-poll="${state}"]`).waitFor({ state: 'attached' });
  const go = async (hash: string, ready: string) => {
    await page.goto(`${server.url}/dashboard/${hash}`);
    await page.locator(ready).first().waitFor();
    // The queue and a report have finished rendering when their poller (the last thing they start) runs.
    if (/^#\/(queue|reports)/.test(hash)) await pollerIs('running');
  };

  before(async () => {
    server = await startDashboardServer('dashlangui', { DASHBOARD_POLL_SECONDS: '1' });
    const cipher = testCipher();
    pipeline = await reportsPipeline(server.conn, cipher, createLogger('info', new LogCapture()));
    server.dashboard!.attachReports({ cipher, postStaffMessage: async (reportId, staffId, text) => (await pipeline.followUp.postStaffMessage(reportId, staffId, text)).messageId });
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }, { email: 'rev2@example.org', role: 'reviewer' }]);
    sextortion = await submit({ reporterRole: 'pupil', victimAge: '14-17', category: 'sextortion', platforms: ['instagram', 'snapchat'], municipality: 'nis', deadlineRunning: true, narrative: 'Neko sa Instagrama preti da će objaviti moje slike do petka ako ne pošaljem novac.' });
    bullying = await submit({ reporterRole: 'teacher', victimAge: 'under14', category: 'cyberbullying', platforms: ['whatsapp'], municipality: 'kraljevo', victimIsPupil: true, threatsOfViolence: true, narrative: 'Učeniku šestog razreda drugovi u grupi pišu da će ga pretući posle škole.' });
    // Stored before reasons were keys: English only, one sentence an administrator's own.
    legacy = await insertReport(server.conn, cipher, { category: 'sextortion', routing: ['police-vtk', 'nccos'], municipality: 'beograd' });
    await reportModel(server.conn).updateOne({ _id: new Types.ObjectId(legacy.id) }, { $set: { routing: [
      { authorityId: 'police-vtk', reason: 'Sextortion is a criminal offence; the police secure the evidence and trace the offender.' },
      { authorityId: 'nccos', reason: 'Escalated by the night shift. The contact centre triages every report, advises and forwards it.' },
    ] } });
    if (process.env.SCREENSHOT_DIR) fs.mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize(DESKTOP);
  });
  after(async () => {
    await browser?.close();
    pipeline?.cleanup();
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  describe('Serbian (Latin)', () => {
    it('when she types her e-mail and password and then changes the language, then the form is in the new language and what she typed is still there', async () => {
      await page.goto(`${server.url}/dashboard/`);
      await page.locator('#login-email').fill('rev@example.org');
      await page.locator('#login-password').fill(PASSWORD);
      await page.locator('#locale-select').selectOption('en');
      await page.locator('h1', { hasText: 'Sign in to the dashboard' }).waitFor();
      assert.equal(await page.locator('#login-email').inputValue(), 'rev@example.org');
      assert.equal(await page.locator('#login-password').inputValue(), PASSWORD);
      await page.locator('#locale-select').selectOption('sr-Latn');
      await page.locator('html[lang="sr-Latn"]').waitFor({ state: 'attached' });
      await page.locator('h1', { hasText: 'Sign in to the dashboard' }).waitFor({ state: 'detached' });
      assert.equal(await page.locator('#login-email').inputValue(), 'rev@example.org');
    });

    it('when the reviewer signs in choosing Srpski, then the queue names authorities and holds no English word', async () => {
      await page.goto(`${server.url}/dashboard/`);
      await page.locator('#locale-select').selectOption('sr-Latn');
      await page.locator('#login-email').fill('rev@example.org');
      await page.locator('#login-password').fill(PASSWORD);
      await assertSerbian('sign-in page');
      await page.locator('#login-submit').click();
      await page.locator('#queue-table').waitFor();
      await pollerIs('running');
      const row = page.locator(`tr[data-report="${sextortion.id}"]`);
      assert.match(await row.innerText(), /Centar za socijalni rad Niš/);
      assert.match(await row.innerText(), /MUP, Služba za borbu protiv visokotehnološkog kriminala/);
      await assertSerbian('queue');
      const options = await page.locator('#filter-authority option').allInnerTexts();
      assert.ok(options.includes('Centar za socijalni rad Kraljevo'), 'the authority filter lists names');
      await snap(page, 'queue-sr-Latn-desktop');
    });

    it('when the reviewer opens a report, then reasons, authorities, municipality and platforms read in Serbian', async () => {
      await go(`#/reports/${sextortion.id}`, '#report-category');
      assert.equal(await page.locator('#report-municipality').innerText(), 'Niš');
      assert.equal(await page.locator('#report-platforms').innerText(), 'Instagram, Snapchat');
      const routing = await page.locator('#routing-list').innerText();
      assert.match(routing, new RegExp(sr('routing.reason.sextortion.police').replace(/[.()]/g, '\\$&')));
      assert.match(routing, /Centar za socijalni rad Niš — Centar za socijalni rad Niš pruža podršku i zaštitu detetu žrtvi\./);
      assert.match(routing, /Nišavski okrug/);
      await assertSerbian('report view');
      await snap(page, 'report-sr-Latn-desktop');
      await page.setViewportSize(PHONE);
      await assertOnScreen(page, page.locator('#routing-list li').first(), 'the first routed authority on a phone');
      await snap(page, 'report-sr-Latn-phone');
      await page.setViewportSize(DESKTOP);
    });

    it('when the report was stored with English reasons before keys, then the known sentence shows in Serbian and the other is marked as the original', async () => {
      await go(`#/reports/${legacy.id}`, '#report-category');
      const items = page.locator('#routing-list li');
      assert.equal(await items.nth(0).innerText(), `MUP, Služba za borbu protiv visokotehnološkog kriminala — ${sr('routing.reason.sextortion.police')}`);
      const original = items.nth(1).locator('[data-original="en"]');
      assert.equal(await original.getAttribute('lang'), 'en');
      assert.match(await original.innerText(), /Escalated by the night shift\./);
      assert.match(await original.innerText(), new RegExp(`\\(${sr('dashboard.report.original').replace(/[()]/g, '\\$&')}\\)`));
      await assertSerbian('old report');
    });

    it('when the reviewer opens statistics, then platforms, districts and authorities have names and nothing is English', async () => {
      await go('#/stats', 'svg.chart');
      const platforms = await page.locator('section[aria-labelledby="h-byPlatform"] table').innerText();
      assert.match(platforms, /Instagram/);
      assert.match(platforms, /WhatsApp/);
      assert.match(await page.locator('section[aria-labelledby="h-byRegion"] table').innerText(), /Nišavski/);
      assert.match(await page.locator('section[aria-labelledby="h-byAuthority"] table').innerText(), /Nacionalni kontakt centar/);
      await assertSerbian('statistics');
      await snap(page, 'stats-sr-Latn-desktop');
    });

    it('when the reviewer opens the registry, then authorities and rules are described in Serbian', async () => {
      await go('#/registry', '#rule-table');
      const rules = await page.locator('#rule-table').innerText();
      assert.match(rules, new RegExp(sr('routing.rule.sextortion')));
      assert.match(rules, /Nadležni centar za socijalni rad — Nadležni centar za socijalni rad pruža podršku/);
      await assertSerbian('registry');
      await page.locator('#rule-table').scrollIntoViewIfNeeded();
      await snap(page, 'registry-sr-Latn-desktop');
    });

    it('when the same check reads the English interface, then it finds English (the check can fail)', async () => {
      await page.locator('#locale-select').selectOption('en');
      await page.locator('h1', { hasText: 'Authorities and routing rules' }).waitFor();
      const found = englishOn(await interfaceText(page), english);
      assert.ok(found.length >= 10, `found only: ${found.join(', ')}`);
      await page.locator('#locale-select').selectOption('sr-Latn');
      await page.locator('h1', { hasText: sr('dashboard.registry.title') }).waitFor();
    });
  });

  describe('Serbian (Cyrillic)', () => {
    it('when the reviewer switches to Српски, then the queue, a report, statistics and registry are written in Cyrillic', async () => {
      await page.locator('#locale-select').selectOption('sr-Cyrl');
      await page.locator('h1', { hasText: 'Надлежни органи и правила усмеравања' }).waitFor();
      const pages: Array<[string, string, string]> = [
        ['#/queue', '#queue-table', 'queue'], [`#/reports/${sextortion.id}`, '#report-category', 'report'], ['#/stats', 'svg.chart', 'statistics'], ['#/registry', '#rule-table', 'registry'],
      ];
      for (const [hash, ready, what] of pages) {
        await go(hash, ready);
        assert.deepEqual(latinOn(await interfaceText(page)), [], `${what}: Latin letters on a Cyrillic page`);
        if (what === 'registry') await page.locator('#rule-table').scrollIntoViewIfNeeded();
        await snap(page, `${what}-sr-Cyrl-desktop`);
      }
      await go(`#/reports/${sextortion.id}`, '#report-category');
      assert.equal(await page.locator('#report-category').innerText(), 'сексуална уцена');
      assert.equal(await page.locator('#report-municipality').innerText(), 'Ниш');
      assert.match(await page.locator('#routing-list').innerText(), /Центар за социјални рад Ниш — Центар за социјални рад Ниш пружа подршку/);
      assert.equal(await page.locator('#report-platforms').innerText(), 'Instagram, Snapchat', 'brand names are written as the brands write them');
      await page.locator('#locale-select').selectOption('sr-Latn');
      await page.locator('#report-category', { hasText: 'seksualna ucena' }).waitFor();
    });
  });

  describe('replies from the reporter', () => {
    it('when the reporter replies, then the queue on screen marks the report, and opening it clears the mark', async () => {
      await go('#/queue', '#queue-table');
      const row = page.locator(`tr[data-report="${sextortion.id}"]`);
      assert.equal(await row.locator('.badge.unread').count(), 0);
      await reporterWrites('Opet mi je pisao, sada kaže da ima rok do sutra.');
      const badge = row.locator('.badge.unread');
      await badge.waitFor();
      assert.equal(await badge.innerText(), `✉ ${sr('dashboard.queue.unread').replace('{count}', '1')}`);
      await assertOnScreen(page, badge, 'the unread mark');
      await snap(page, 'queue-unread-desktop');
      await page.setViewportSize(PHONE);
      await assertOnScreen(page, badge, 'the unread mark on a phone');
      await snap(page, 'queue-unread-phone');
      await page.setViewportSize(DESKTOP);
      await row.locator('a.case-link').click();
      // A sextortion report: the reply is read (and its mark cleared) once the reviewer shows the text.
      await page.locator('#show-text').click();
      await page.locator('#thread li', { hasText: 'sada kaže da ima rok do sutra' }).waitFor();
      await page.locator('a', { hasText: sr('dashboard.report.back') }).click();
      await page.locator(`tr[data-report="${sextortion.id}"]`).waitFor();
      assert.equal(await page.locator(`tr[data-report="${sextortion.id}"] .badge.unread`).count(), 0);
      assert.ok(await page.locator(`tr[data-report="${bullying.id}"]`).count(), 'the other report is still listed');
    });

    it('when the report is open and the reporter writes, then the message, a status change and the draft reply are all there without a reload', async () => {
      await go(`#/reports/${sextortion.id}`, '#report-category');
      // A sextortion report's text (and the reporter's replies) shows once the reviewer asks for it: care for reviewers.
      await page.locator('#show-text').click();
      await page.locator('#narrative').waitFor();
      await page.evaluate('window.__sameDocument = true');
      await page.locator('#message-text').fill('Hvala što si nam javila, ');
      await reporterWrites('Poslao mi je i adresu škole.');
      const message = page.locator('#thread li.from-reporter', { hasText: 'Poslao mi je i adresu' });
      await message.waitFor();
      assert.match((await message.getAttribute('class')) ?? '', /\bnew\b/);
      await assertOnScreen(page, message, 'the new message');
      const colleague = new DashboardClient(server.url);
      await colleague.login('rev2@example.org', PASSWORD);
      assert.equal((await colleague.post(`/api/dashboard/reports/${sextortion.id}/status`, { to: 'in_review', reason: 'Preuzimam' })).status, 200);
      await page.locator('#report-status', { hasText: /^u obradi$/ }).waitFor();
      assert.equal(await page.evaluate('window.__sameDocument'), true, 'no reload happened');
      assert.equal(await page.locator('#message-text').inputValue(), 'Hvala što si nam javila, ', 'a half-written reply survives the refresh');
      assert.equal(await page.locator('#status-to option').first().getAttribute('value'), 'forwarded', 'the next steps follow the new status');
      await assertSerbian('refreshed report');
    });

    it('when the tab is hidden, then it stops asking; when shown again, it catches up at once', async () => {
      const url = `/api/dashboard/reports/${sextortion.id}`;
      const seen: string[] = [];
      page.on('request', (req) => {
        if (new URL(req.url()).pathname === url) seen.push(req.url());
      });
      await page.evaluate(`(() => {
        window.__hidden = true;
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
        document.dispatchEvent(new Event('visibilitychange'));
      })()`);
      await pollerIs('paused');
      const before = seen.length;
      await reporterWrites('Jesi li tu?');
      assert.equal(await page.locator('#thread li', { hasText: 'Jesi li tu?' }).count(), 0);
      assert.equal(seen.length, before, 'no request while hidden');
      await page.evaluate("window.__hidden = false; document.dispatchEvent(new Event('visibilitychange'))");
      await page.locator('#thread li', { hasText: 'Jesi li tu?' }).waitFor();
      assert.ok(seen.length > before);
    });
  });

  describe('errors', () => {
    it('when an action fails, then the reviewer reads why in Serbian, not the server\'s English', async () => {
      await go(`#/reports/${bullying.id}`, '#narrative');
      await reportModel(server.conn).updateOne({ _id: new Types.ObjectId(bullying.id) }, { $set: { 'retention.purgedAt': new Date() } });
      await page.locator('#message-text').fill('Da li je učenik danas u školi?');
      await page.locator('#message-submit').click();
      const error = page.locator('p.error[role="alert"]', { hasText: sr('dashboard.error.ReportErased') });
      await error.waitFor();
      await assertOnScreen(page, error, 'the error');
      await assertSerbian('error');
      await page.locator('#locale-select').selectOption('sr-Cyrl');
      await page.goto(`${server.url}/dashboard/#/reports/000000000000000000000000`);
      await page.locator('h1', { hasText: catalog['sr-Cyrl']['dashboard.error.title'] }).waitFor();
      assert.equal(await page.locator('p.error').innerText(), catalog['sr-Cyrl']['dashboard.error.NotFound']);
      await page.locator('#locale-select').selectOption('sr-Latn');
    });

    it('when the session ends while the queue is on screen, then its next check shows the sign-in page', async () => {
      await go('#/queue', '#queue-table');
      await server.conn.collection('staffsessions').deleteMany({});
      await page.locator('#login-email').waitFor();
      assert.equal(await page.locator('h1').innerText(), sr('dashboard.login.title'));
    });
  });
});
