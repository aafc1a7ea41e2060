import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createLogger } from '../../core/logger';
import type { TestServer } from '../support/server';
import { LogCapture } from '../support/server';
import { launchBrowser } from './browserSupport';
import { createStaff, PASSWORD, startDashboardServer } from './dashboardClient';
import { testCipher } from './reportFixtures';
import { reportsPipeline } from './reportsPipeline';

/**
 * Issue 7, done when: a reviewer takes a freshly submitted chat report from
 * the queue to "forwarded" and asks the reporter a question, which the
 * reporter then reads with the case code and passphrase.
 */
describe('done when: a fresh report goes from the queue to forwarded, and the reporter reads the reviewer\'s question', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let pipeline: Awaited<ReturnType<typeof reportsPipeline>>;

  before(async () => {
    server = await startDashboardServer('dashdone');
    const cipher = testCipher();
    pipeline = await reportsPipeline(server.conn, cipher, createLogger('info', new LogCapture()));
    server.dashboard!.attachReports({ cipher, postStaffMessage: async (reportId, staffId, text) => (await pipeline.followUp.postStaffMessage(reportId, staffId, text)).messageId });
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    pipeline?.cleanup();
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when the reviewer forwards the report and asks a question, then the reporter reads it through followUp', async () => {
    // The reporter submits in the chat (the dialog comes in a later issue; it calls submitReport).
    const submitted = await pipeline.submitter.submit({
      submissionId: randomUUID(),
      locale: 'sr-Latn',
      reporterRole: 'pupil',
      victimAge: 'under14',
      category: 'grooming',
      platforms: ['instagram'],
      ongoing: true,
      narrative: 'Zovem se Ana. Jedan čovek mi piše na Instagramu i traži da se nađemo sutra posle škole, kaže da nikome ne govorim.',
      immediateDanger: false,
      meetingPlanned: true,
    });
    assert.ok(submitted.passphrase);
    assert.equal(submitted.urgency, 'immediate');

    const page: Page = await browser.context.newPage();
    await page.goto(`${server.url}/dashboard/`);
    await page.locator('#login-email').fill('rev@example.org');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-submit').click();
    const row = page.locator('#queue-table tbody tr', { hasText: submitted.caseCode });
    await row.waitFor();
    await row.locator('a.case-link').click();
    // A grooming report: its narrative waits until the reviewer asks for it (care for reviewers).
    await page.locator('#show-text').click();
    await page.locator('#narrative').waitFor();
    const narrative = await page.locator('#narrative').innerText();
    assert.doesNotMatch(narrative, /\bAna\b/, 'the reviewer sees the anonymised narrative');
    assert.match(narrative, /Instagram/);

    await page.locator('#status-to').selectOption('in_review');
    await page.locator('#status-reason').fill('Preuzimam');
    await page.locator('#status-submit').click();
    await page.locator('#report-status', { hasText: /^u obradi$/ }).waitFor();
    await page.locator('#status-to').selectOption('forwarded');
    await page.locator('#forward-authority').selectOption('police-vtk');
    await page.locator('#forward-channel').selectOption('phone');
    await page.locator('#status-reason').fill('Planiran susret: policija obaveštena');
    await page.locator('#status-submit').click();
    await page.locator('#report-status', { hasText: /^prosleđena$/ }).waitFor();

    const question = 'Hvala ti što si nam pisala. Da li znaš u koliko sati bi trebalo da se nađete?';
    await page.locator('#message-text').fill(question);
    await page.locator('#message-submit').click();
    await page.locator('#thread li', { hasText: question }).waitFor();

    // The reporter comes back in the chat with the case code and passphrase.
    const back = await pipeline.followUp.verify(submitted.caseCode, submitted.passphrase!);
    assert.equal(back.ok, true);
    if (!back.ok) return;
    assert.equal(back.view.status, 'forwarded');
    assert.deepEqual(back.view.messages.filter((m) => m.from === 'staff').map((m) => m.text), [question]);
    assert.equal(back.view.newFromStaff, 1);

    // And the reviewer sees that the reporter has read it.
    await page.reload();
    await page.locator('#thread li', { hasText: question }).waitFor();
    const thread = await page.locator('#thread').innerText();
    assert.match(thread, /pročitano/);
    assert.doesNotMatch(thread, /nije pročitano/);
    await page.close();
  });
});
