import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { reportModel } from '../../models/report';
import { t } from '../../services/i18n/catalog';
import { createStaff, PASSWORD, startDashboardServer } from '../dashboard/dashboardClient';
import type { TestServer } from '../support/server';
import { Browser, openBrowser } from '../widget/browser';
import { chatFrame, inTranscript, seeInChat, sendBox, suggested } from '../widget/chat';

/** Taps a suggested action under the last message, once it is shown. */
async function tap(frame: Frame, key: string): Promise<void> {
  const button = suggested(frame, key);
  await button.waitFor({ timeout: 20000 });
  await button.click();
}

/** Types a message into the chat and sends it. */
async function write(frame: Frame, text: string): Promise<void> {
  const box = sendBox(frame);
  await box.fill(text);
  await box.press('Enter');
}

/** Opens the demo page in a new tab (a fresh chat session) and opens the widget. */
async function openWidget(browser: Browser, url: string): Promise<Frame> {
  const page = await browser.context.newPage();
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') }).click();
  return chatFrame(page);
}

/** The value on the line under a message's label (`Kod tvoje prijave:`, then the code alone), as the person reads it. */
function valueAfter(transcript: string, key: string, placeholder: string): string | undefined {
  const label = t('sr-Latn', key).split(`{${placeholder}}`)[0]!.replace(/\*\*|\\/g, '').trim();
  // The value has a line of its own, under its label.
  const lines = transcript.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l === label);
  return at >= 0 ? lines[at + 1] : undefined;
}

/**
 * Issue 7, done when: a reviewer takes a freshly submitted chat report from
 * the queue to "forwarded" and asks the reporter a question, which the
 * reporter then reads in the chat with the case code and passphrase —
 * all through the real server, the real widget and the real dashboard.
 */
describe('end to end: a pupil reports in the widget, a reviewer forwards it and asks a question, the pupil reads it in the chat', function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startDashboardServer('e2echat');
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }]);
    browser = await openBrowser(server.url);
  });
  after(async () => {
    await browser?.close();
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when the reviewer forwards a fresh chat report and writes a question, then the pupil sees the question in the chat with the case code and secret words', async () => {
    // 1. The pupil reports in the widget on the demo page.
    const report = await openWidget(browser, server.url);
    await tap(report, 'button.role.pupil');
    await tap(report, 'button.intent.report');
    await tap(report, 'button.dangerNo');
    await tap(report, 'button.moreAnswers');
    await tap(report, 'button.reportCategory.other');
    await tap(report, 'button.victim.self');
    await tap(report, 'button.age.under14');
    await tap(report, 'button.platform.instagram');
    await tap(report, 'button.ongoingYes');
    await seeInChat(report, t('sr-Latn', 'reportFlow.ask.narrative'));
    await write(report, 'Neko iz razreda mi šalje ružne poruke svako veče.');
    await tap(report, 'button.narrativeOk');
    await tap(report, 'button.skip'); // evidence
    await seeInChat(report, t('sr-Latn', 'reportFlow.ask.municipalitySelf'));
    await tap(report, 'button.skip'); // municipality
    await tap(report, 'button.send');
    await seeInChat(report, t('sr-Latn', 'reportFlow.done.passphrase'));
    const shown = await inTranscript(report, t('sr-Latn', 'reportFlow.done.keepTitle')).innerText();
    const caseCode = valueAfter(shown, 'reportFlow.done.code', 'code');
    const passphrase = valueAfter(shown, 'reportFlow.done.passphrase', 'passphrase');
    assert.match(caseCode ?? '', /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]$/, `case code in: ${shown}`);
    assert.ok(passphrase && passphrase.split(/\s+/).length >= 3, `secret words in: ${shown}`);
    assert.equal((await reportModel(server.conn).findOne({ caseCode }).lean())?.status, 'new');
    await write(report, 'zapisala sam');
    await seeInChat(report, t('sr-Latn', 'reportFlow.kept.done.child'));

    // 2. A reviewer signs in, finds the case in the queue, forwards it and asks a question.
    const dash = await browser.context.newPage();
    await dash.goto(`${server.url}/dashboard/`);
    await dash.locator('#login-email').fill('rev@example.org');
    await dash.locator('#login-password').fill(PASSWORD);
    await dash.locator('#login-submit').click();
    const row = dash.locator('#queue-table tbody tr', { hasText: caseCode! });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(t('sr-Latn', 'dashboard.status.new')));
    await row.locator('a.case-link').click();
    await dash.locator('#narrative').waitFor();
    assert.match(await dash.locator('#narrative').innerText(), /ružne poruke/);

    await dash.locator('#status-to').selectOption('in_review');
    await dash.locator('#status-reason').fill('Preuzimam prijavu');
    await dash.locator('#status-submit').click();
    await dash.locator('#report-status', { hasText: new RegExp(`^${t('sr-Latn', 'dashboard.status.in_review')}$`) }).waitFor();

    await dash.locator('#status-to').selectOption('forwarded');
    const authority = dash.locator('#forward-authority option').first();
    const authorityName = (await authority.innerText()).trim();
    await dash.locator('#forward-authority').selectOption(await authority.getAttribute('value'));
    await dash.locator('#forward-channel').selectOption('phone');
    await dash.locator('#status-reason').fill('Prosleđeno nadležnima');
    await dash.locator('#status-submit').click();
    await dash.locator('#report-status', { hasText: new RegExp(`^${t('sr-Latn', 'dashboard.status.forwarded')}$`) }).waitFor();
    const forwardRecord = await dash.locator('#forward-list li').first().innerText();
    assert.ok(forwardRecord.includes(authorityName), forwardRecord);
    assert.ok(forwardRecord.includes(t('sr-Latn', 'dashboard.channel.phone')), forwardRecord);

    const question = 'Hvala ti što si nam pisao. Da li si sačuvao te poruke?';
    await dash.locator('#message-text').fill(question);
    await dash.locator('#message-submit').click();
    await dash.locator('#thread li', { hasText: question }).waitFor();

    const stored = await reportModel(server.conn).findOne({ caseCode }).lean();
    assert.equal(stored?.status, 'forwarded');
    assert.deepEqual(stored?.statusHistory.map((s) => s.status), ['new', 'in_review', 'forwarded']);

    // 3. The pupil comes back in a new tab, as a returning child would, and checks the report.
    const check = await openWidget(browser, server.url);
    await tap(check, 'button.role.pupil');
    await tap(check, 'button.menuMore');
    await tap(check, 'button.intent.report_status');
    await seeInChat(check, t('sr-Latn', 'reportStatus.ask.code'));
    await write(check, caseCode!);
    await seeInChat(check, t('sr-Latn', 'reportStatus.ask.passphrase'));
    await write(check, passphrase!);
    await seeInChat(check, t('sr-Latn', 'report.status.forwarded'));
    await check.getByText(question).first().waitFor({ state: 'visible', timeout: 20000 });
    const transcript = await check.locator('body').innerText();
    assert.ok(transcript.includes(caseCode!), 'the chat names the case');
    assert.ok(transcript.includes(question), 'the reviewer\'s question is shown to the pupil');

    // The reviewer sees that the pupil has read it.
    await dash.reload();
    await dash.locator('#thread li', { hasText: question }).waitFor();
    assert.match(await dash.locator('#thread').innerText(), new RegExp(`· ${t('sr-Latn', 'dashboard.report.read')}`));

    // Nothing but our own server was contacted, and no page or frame broke its CSP.
    assert.deepEqual(browser.foreign, [], 'third-party requests');
    assert.deepEqual(browser.cspViolations, [], 'CSP violations');
  });
});
