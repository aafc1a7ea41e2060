import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../support/server';
import { axeViolations, launchBrowser, assertOnScreen, signInToDashboard } from './browserSupport';
import { createStaff, PASSWORD, startDashboardServer } from './dashboardClient';
import { directStaffMessage, insertReport, testCipher } from './reportFixtures';

const SIZES = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Where screenshots go, to be looked at (not compared). */
const SHOTS = process.env.DASHBOARD_SHOTS_DIR ?? path.join(os.tmpdir(), 'bezbedno-dashboard-shots');

/** Opens the queue, signing in first unless the browser's session is still signed in. */
const signIn = (page: Page): Promise<void> => signInToDashboard(page, serverUrl, 'rev@example.org', PASSWORD);

let serverUrl = '';

describe('dashboard in a browser: what the reviewer sees of a crisis, the answers and failed notices', function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let selfHarm: { id: string; caseCode: string };

  before(async () => {
    server = await startDashboardServer('dashflagsui');
    serverUrl = server.url;
    const cipher = testCipher();
    server.dashboard!.attachReports({ cipher, postStaffMessage: directStaffMessage(server.conn, cipher) });
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }]);
    for (let i = 0; i < 8; i++) await insertReport(server.conn, cipher, { urgency: 'high', createdAt: new Date(Date.now() - (20 + i) * 3_600_000) });
    selfHarm = await insertReport(server.conn, cipher, {
      urgency: 'high',
      category: 'cyberbullying',
      flags: ['selfHarmRisk', 'threatsOfViolence'],
      answers: { victim: 'self', ongoing: 'unknown', threatsOfViolence: 'yes', fromSchool: 'unknown' },
      routing: ['school', 'nccos', 'helpline-116111', 'csw-nis'],
      narrative: 'Dečaci iz odeljenja me vređaju u grupi. Više ne mogu, ne želim više da živim.',
      createdAt: new Date(Date.now() - 3_600_000),
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  for (const size of SIZES) {
    it(`when the reviewer signs in on the ${size.name} (${size.width}×${size.height}), then the self-harm report is the first row, its mark is on screen, and the report opens with the warning on top`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: size.width, height: size.height });
      try {
        await signIn(page);
        const first = page.locator('#queue-table tbody tr').first();
        assert.equal(await first.locator('a.case-link').innerText(), selfHarm.caseCode);
        const mark = first.locator('.badge.crisis[data-flag="selfHarmRisk"]');
        assert.match(await mark.innerText(), /rizik od samopovređivanja/);
        await assertOnScreen(page, mark, 'the crisis mark in the queue');
        await page.screenshot({ path: path.join(SHOTS, `queue-crisis-${size.name}.png`) });

        await first.locator('a.case-link').click();
        const alert = page.locator('#crisis-alert');
        await alert.waitFor();
        assert.equal(await alert.getAttribute('role'), 'alert');
        assert.match(await alert.innerText(), /Rizik od samopovređivanja\./);
        await assertOnScreen(page, alert.locator('p[data-flag="selfHarmRisk"] strong'), 'the crisis warning on the report');
        const alertBox = (await alert.boundingBox())!;
        const factsBox = (await page.locator('dl.facts').first().boundingBox())!;
        assert.ok(alertBox.y < factsBox.y, 'the warning comes before the facts');
        await page.screenshot({ path: path.join(SHOTS, `report-crisis-${size.name}.png`) });
        assert.deepEqual(await axeViolations(page), [], 'report page with the crisis warning');
      } finally {
        await page.close();
      }
    });
  }

  it('when the reviewer reads the report, then every answer is there in words, "doesn\'t know" included; the queue filters by an answer and statistics count answers', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      await signIn(page);
      await page.goto(`${serverUrl}/dashboard/#/reports/${selfHarm.id}`);
      await page.locator('#answers').waitFor();
      const answers = await page.locator('#answers').innerText();
      for (const text of ['Kome se ovo dešava', 'prijaviocu (sebi)', 'Ima pretnji nasiljem', 'To je neko iz škole']) assert.ok(answers.includes(text), `${text} in ${answers}`);
      assert.equal(await page.locator('#answers dd[data-answer="fromSchool:unknown"]').innerText(), 'ne zna');
      assert.equal(await page.locator('#answers dd[data-answer="threatsOfViolence:yes"]').innerText(), 'da');
      assert.equal(await page.locator('#report-ongoing').innerText(), 'ne zna', '"still going on" says what was answered, "doesn\'t know" too');
      await page.locator('#answers').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, 'report-answers-desktop.png') });

      await page.goto(`${serverUrl}/dashboard/#/queue`);
      await page.locator('#queue-table').waitFor();
      assert.ok((await page.locator('#queue-table tbody tr').count()) > 1);
      await page.locator('#filter-answer').selectOption('threatsOfViolence:yes');
      await page.locator('form.filters button[type="submit"]').click();
      await page.waitForURL(/answer=threatsOfViolence%3Ayes/);
      // The filtered queue has one row: the second one goes.
      await page.locator('#queue-table tbody tr').nth(1).waitFor({ state: 'detached' });
      assert.equal(await page.locator('#queue-table tbody tr').count(), 1);
      assert.equal(await page.locator('#queue-table tbody tr a.case-link').innerText(), selfHarm.caseCode);
      assert.equal(await page.locator('#filter-answer').inputValue(), 'threatsOfViolence:yes', 'the chosen filter stays shown');

      await page.goto(`${serverUrl}/dashboard/#/stats`);
      await page.locator('#h-byAnswer').waitFor();
      assert.equal(await page.locator('#h-byAnswer').innerText(), 'Po odgovorima prijavilaca');
      assert.match(await page.locator('section[aria-labelledby="h-byAnswer"]').innerText(), /Ima pretnji nasiljem: da/);
      assert.match(await page.locator('section[aria-labelledby="h-byFlag"]').innerText(), /rizik od samopovređivanja/);
      assert.deepEqual(await axeViolations(page), [], 'statistics page with flags and answers');
    } finally {
      await page.close();
    }
  });

  it('when a notice to the police failed for good on an immediate report, then the banner says an authority was not notified, with the last error, at both sizes; the row and the report say whom to phone', async () => {
    const cipher = testCipher();
    const failed = await insertReport(server.conn, cipher, {
      urgency: 'immediate', category: 'sextortion', routing: ['police-vtk', 'nccos'],
      noticeFailures: [{ target: 'authority', authorityId: 'police-vtk', channel: 'webhook', error: 'http_503', at: new Date(Date.now() - 60_000) }],
    });
    for (const size of SIZES) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: size.width, height: size.height });
      try {
        await signIn(page);
        const line = page.locator('#banner-notice-immediate');
        await line.waitFor();
        assert.match(await line.innerText(), /Nadležni nije obavešten o hitnoj prijavi \(prijava: 1\)/);
        assert.match(await page.locator('#banner-notice-error').innerText(), /Poslednja greška: http_503/);
        assert.equal(await page.locator('#urgent-banner').getAttribute('role'), 'alert');
        await assertOnScreen(page, line, 'the failed-notice line of the banner');
        await assertOnScreen(page, page.locator('#banner-notice-error'), 'the last error in the banner');
        await page.screenshot({ path: path.join(SHOTS, `banner-notice-${size.name}.png`) });

        await line.locator('a').click();
        await page.waitForURL(/noticeFailed=true/);
        await page.locator('#queue-table tbody tr').nth(1).waitFor({ state: 'detached' });
        const row = page.locator('#queue-table tbody tr').first();
        assert.equal(await row.locator('a.case-link').innerText(), failed.caseCode);
        assert.match(await row.locator('.badge.notice-failed').innerText(), /nije obavešten: MUP, Služba za borbu protiv visokotehnološkog kriminala \(http_503\)/);

        await row.locator('a.case-link').click();
        const alert = page.locator('#notice-alert');
        await alert.waitFor();
        assert.match(await alert.innerText(), /Nadležni nije obavešten o ovoj prijavi/);
        assert.match(await alert.locator('li[data-authority="police-vtk"]').innerText(), /webhook|veb-huk/);
        assert.match(await alert.innerText(), /http_503/);
        await assertOnScreen(page, alert.locator('strong'), 'the failed-notice warning on the report');
        if (size.name === 'desktop') assert.deepEqual(await axeViolations(page), [], 'report page with a failed notice');
        await page.screenshot({ path: path.join(SHOTS, `report-notice-${size.name}.png`) });
      } finally {
        await page.close();
      }
    }
  });
});
