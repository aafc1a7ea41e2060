import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../support/server';
import { axeViolations, launchBrowser } from './browserSupport';
import { createStaff, PASSWORD, startDashboardServer } from './dashboardClient';
import { directStaffMessage, insertReport, testCipher } from './reportFixtures';

const XSS = 'Pogledaj ovo <script>window.__xss = 1; alert(1)</script> i "><img src=x onerror=alert(1)> kraj.';

describe('dashboard in a browser (headless Chromium): the reviewer flow, inert content, accessibility', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  let urgent: { id: string; caseCode: string };
  let xss: { id: string; caseCode: string };

  before(async () => {
    server = await startDashboardServer('dashbrowser');
    const cipher = testCipher();
    server.dashboard!.attachReports({ cipher, postStaffMessage: directStaffMessage(server.conn, cipher) });
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }]);
    for (let i = 0; i < 6; i++) await insertReport(server.conn, cipher, { urgency: 'normal', createdAt: new Date(Date.now() - (10 + i) * 3_600_000) });
    xss = await insertReport(server.conn, cipher, { urgency: 'high', category: 'other', narrative: XSS, createdAt: new Date(Date.now() - 3_600_000) });
    urgent = await insertReport(server.conn, cipher, { urgency: 'immediate', category: 'sextortion', routing: ['police-vtk', 'nccos'], narrative: 'Preti da objavi slike večeras.' });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when the reviewer signs in, then the queue shows the immediate report first with a banner, and the page passes axe', async () => {
    await page.goto(`${server.url}/dashboard/`);
    await page.locator('#login-email').fill('rev@example.org');
    await page.locator('#login-password').fill(PASSWORD);
    assert.deepEqual(await axeViolations(page), [], 'login page');
    await page.locator('#login-submit').click();
    await page.locator('#queue-table').waitFor();
    const banner = page.locator('#urgent-banner');
    await banner.waitFor({ state: 'visible' });
    assert.equal(await banner.getAttribute('role'), 'alert');
    assert.match(await banner.innerText(), /Hitne otvorene prijave: 1/);
    const firstRow = page.locator('#queue-table tbody tr').first();
    assert.match((await firstRow.getAttribute('class')) ?? '', /urgency-immediate/);
    assert.equal(await firstRow.locator('a.case-link').innerText(), urgent.caseCode);
    assert.deepEqual(await axeViolations(page), [], 'queue page');
  });

  it('when the reviewer opens the urgent report and moves it to in review, then to forwarded, the page shows each step', async () => {
    await page.locator('#queue-table tbody tr').first().locator('a.case-link').click();
    // A sextortion report: its narrative waits until the reviewer asks for it (care for reviewers).
    await page.locator('#show-text').click();
    await page.locator('#narrative').waitFor();
    assert.equal(await page.locator('#narrative').innerText(), 'Preti da objavi slike večeras.');
    assert.deepEqual(await axeViolations(page), [], 'report page');
    await page.locator('#status-to').selectOption('in_review');
    await page.locator('#status-reason').fill('Preuzimam slučaj');
    await page.locator('#status-submit').click();
    await page.locator('#report-status', { hasText: /^u obradi$/ }).waitFor();
    await page.locator('#status-to').selectOption('forwarded');
    await page.locator('#forward-authority').selectOption('police-vtk');
    await page.locator('#forward-channel').selectOption('phone');
    await page.locator('#status-reason').fill('Prosleđeno policiji telefonom');
    await page.locator('#status-submit').click();
    await page.locator('#report-status', { hasText: /^prosleđena$/ }).waitFor();
    assert.match(await page.locator('#forward-list').innerText(), /visokotehnološkog kriminala, kanal telefon/);
  });

  it('when the reviewer writes to the reporter, then the message appears in the thread', async () => {
    await page.locator('#message-text').fill('Da li je osoba ponovo pisala danas?');
    await page.locator('#message-submit').click();
    await page.locator('#thread li', { hasText: 'Da li je osoba ponovo pisala danas?' }).waitFor();
    const stored = await server.conn.collection('case_messages').countDocuments({ from: 'staff' });
    assert.equal(stored, 1);
  });

  it('when a narrative holds <script> and an onerror image, then it shows as text and nothing runs', async () => {
    await page.goto(`${server.url}/dashboard/#/reports/${xss.id}`);
    await page.locator('#narrative', { hasText: 'Pogledaj ovo' }).waitFor();
    // The view is complete once it polls for changes (the last thing it does): had the narrative been
    // parsed as HTML, its <img> would be in the page by now, so counting none is meaningful.
    await page.locator('body[data-poll="running"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#narrative').innerText(), XSS);
    assert.equal(await page.locator('#narrative script, #narrative img').count(), 0);
    assert.equal(await page.evaluate('typeof window.__xss'), 'undefined');
    assert.deepEqual(dialogs, []);
  });

  it('when the reviewer opens statistics and exports CSV, then charts render and small counts read <5', async () => {
    await page.goto(`${server.url}/dashboard/#/stats`);
    await page.locator('svg.chart').first().waitFor();
    assert.ok((await page.locator('svg.chart').count()) >= 5);
    assert.deepEqual(await axeViolations(page), [], 'statistics page');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv-export').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /^dimension,key,count/);
    assert.match(csv, /urgency,normal,6/);
    assert.match(csv, /urgency,immediate,<5/);
  });

  it('when the pages were used, then no CSP violation was reported and no dialog opened', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(dialogs, []);
  });
});
