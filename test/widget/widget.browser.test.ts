import assert from 'node:assert/strict';
import fs from 'node:fs';
import { t } from '../../services/i18n/catalog';
import { startTestServer, TestServer } from '../support/server';
import { Browser, browserForEachTest } from './browser';
import { assertInView, chatFrame, inTranscript, seeInChat, sendBox, suggested, waitUntil } from './chat';

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('the website widget in headless Chromium', function () {
  this.timeout(90_000);
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer('widget');
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });
  browserForEachTest(() => server.url, (b) => {
    browser = b;
  });

  it('when a pupil opens the demo page, then only the small loader loads until the launcher is pressed; then the welcome shows and a suggested action gets a reply', async () => {
    const { page } = browser;
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}/`);
    const launcher = page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') });
    await launcher.waitFor();
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    assert.ok(requested.includes('/widget.js'));
    assert.ok(!requested.some((p) => p.startsWith('/widget/webchat')), 'Web Chat is not loaded before the launcher is pressed');

    await launcher.click();
    const frame = await chatFrame(page);
    await seeInChat(frame, t('sr-Latn', 'welcome'));
    assert.ok(requested.includes('/widget/webchat.js'));
    assert.equal(await page.getByRole('dialog', { name: t('sr-Latn', 'widget.title') }).count(), 1);

    await suggested(frame, 'button.role.pupil').click();
    await suggested(frame, 'button.topicPupil.sextortion').waitFor({ timeout: 20000 });
    // The tapped button shows as the child's message in its own words, never as the bot's token.
    assert.equal(await frame.getByText('role:pupil').count(), 0, 'the button token is not shown');
    assert.ok((await frame.locator('body').innerText()).includes(t('sr-Latn', 'button.role.pupil')));

    // The user id is random per session, never Web Chat's "default-user".
    const session = JSON.parse((await frame.evaluate(() => sessionStorage.getItem('bezbedno.session'))) ?? '{}') as { userId?: string };
    assert.match(session.userId ?? '', /^dl_[0-9a-f]{32}$/);
  });

  it('when a pupil writes in Cyrillic about sextortion, then the answer is in Cyrillic', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') }).click();
    const frame = await chatFrame(page);
    await suggested(frame, 'button.role.pupil').click();
    await suggested(frame, 'button.topicPupil.sextortion').waitFor({ timeout: 20000 });
    const box = sendBox(frame);
    await box.fill('Неко ми прети да ће објавити моје слике ако му не пошаљем новац');
    await box.press('Enter');
    await seeInChat(frame, t('sr-Cyrl', 'topic.sextortion.title'));
  });

  it('when a pupil completes a short report with the buttons, then a case code is shown', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') }).click();
    const frame = await chatFrame(page);
    const tap = async (key: string): Promise<void> => {
      const button = suggested(frame, key);
      await button.waitFor({ timeout: 20000 });
      await button.click();
    };
    await tap('button.role.pupil');
    await tap('button.intent.report');
    await tap('button.dangerNo');
    // "Something else" is on the second page of the answers (at most six buttons at once).
    await tap('button.moreAnswers');
    await tap('button.reportCategory.other');
    await tap('button.victim.self');
    await tap('button.age.under14');
    await tap('button.platform.instagram');
    await tap('button.ongoingYes');
    await seeInChat(frame, t('sr-Latn', 'reportFlow.ask.narrative'));
    const box = sendBox(frame);
    await box.fill('Neko iz razreda mi šalje ružne poruke svako veče.');
    await box.press('Enter');
    await tap('button.narrativeOk');
    await tap('button.skip'); // evidence
    await seeInChat(frame, t('sr-Latn', 'reportFlow.ask.municipalitySelf'));
    await tap('button.skip'); // municipality
    await tap('button.send');
    await seeInChat(frame, t('sr-Latn', 'reportFlow.done.thanks'));
    const kept = inTranscript(frame, t('sr-Latn', 'reportFlow.done.keepTitle'));
    await assertInView(frame, kept, 'the case code and the secret words');
    assert.match(await kept.innerText(), /[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]/);
    await tap('button.keptYes');
    await seeInChat(frame, t('sr-Latn', 'menu.again'));
  });

  it('when the page is reloaded in the same tab, then the same conversation continues; a new tab starts afresh', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') }).click();
    let frame = await chatFrame(page);
    await seeInChat(frame, t('sr-Latn', 'welcome'));
    // The start-up turn is complete when the role question's buttons show.
    await suggested(frame, 'button.role.pupil').waitFor({ timeout: 20000 });
    const welcomes = await frame.getByText(t('sr-Latn', 'welcome')).count();
    const first = JSON.parse((await frame.evaluate(() => sessionStorage.getItem('bezbedno.session'))) ?? '{}') as { userId: string; conversationId: string };
    const activities = '.webchat__basic-transcript__activity';
    const shown = await frame.locator(activities).count();
    const watermark = server.webChannel.store?.cached(first.conversationId)?.watermark;
    assert.ok(shown > 0 && watermark !== undefined);

    await page.reload();
    await page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') }).click();
    frame = await chatFrame(page);
    await seeInChat(frame, t('sr-Latn', 'welcome'));
    await suggested(frame, 'button.role.pupil').waitFor({ timeout: 20000 });
    const again = JSON.parse((await frame.evaluate(() => sessionStorage.getItem('bezbedno.session'))) ?? '{}') as { userId: string; conversationId: string };
    assert.equal(again.conversationId, first.conversationId);
    assert.equal(again.userId, first.userId);
    // The whole history is back on screen (a condition, not a fixed wait) …
    await frame.locator(activities).nth(shown - 1).waitFor({ state: 'attached', timeout: 20000 });
    // … and it is the replayed history: the server appended nothing (no second greeting).
    assert.equal(server.webChannel.store?.cached(first.conversationId)?.watermark, watermark, 'history is replayed, not greeted again');
    assert.equal(await frame.locator(activities).count(), shown);
    assert.equal(await frame.getByText(t('sr-Latn', 'welcome')).count(), welcomes, 'history is replayed, not greeted again');

    const other = await browser.context.newPage();
    await other.goto(`${server.url}/`);
    await other.getByRole('button', { name: t('sr-Latn', 'widget.launcher') }).click();
    const otherFrame = await chatFrame(other);
    await seeInChat(otherFrame, t('sr-Latn', 'welcome'));
    const fresh = JSON.parse((await otherFrame.evaluate(() => sessionStorage.getItem('bezbedno.session'))) ?? '{}') as { userId: string };
    assert.notEqual(fresh.userId, first.userId);
  });

  it('when the pupil presses quick exit, then a neutral page replaces the school page and no chat or stored data is left', async () => {
    const { page } = browser;
    await page.goto('about:blank');
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') }).click();
    const frame = await chatFrame(page);
    await seeInChat(frame, t('sr-Latn', 'welcome'));
    const { conversationId } = JSON.parse((await frame.evaluate(() => sessionStorage.getItem('bezbedno.session'))) ?? '{}') as { conversationId: string };
    assert.ok(server.webChannel.store?.cached(conversationId));

    await page.getByRole('button', { name: t('sr-Latn', 'widget.quickExit') }).click();
    await page.waitForURL(/\/widget\/exit\.html$/);
    assert.equal(await page.title(), t('sr-Latn', 'widget.exit.title'));
    assert.deepEqual(await page.evaluate(() => [sessionStorage.length, localStorage.length]), [0, 0]);
    // The server forgot the conversation too.
    await waitUntil(() => server.webChannel.store?.cached(conversationId) === undefined, 'the server forgets the conversation');

    // The school page was replaced, not left behind: Back does not return to it.
    await page.goBack();
    assert.ok(!page.url().startsWith(server.url), `back went to ${page.url()}`);

    await page.goto(`${server.url}/`);
    assert.equal(await page.locator('iframe.bzb-frame').count(), 0);
    assert.deepEqual(await page.evaluate(() => [sessionStorage.length, localStorage.length]), [0, 0]);
  });

  it('when only the keyboard is used, then Tab reaches the launcher, Enter opens, Enter sends and Esc twice exits', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    const launcherName = t('sr-Latn', 'widget.launcher');
    let focused = '';
    for (let i = 0; i < 30 && focused !== launcherName; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>("document.activeElement ? document.activeElement.innerText.trim() : ''");
    }
    assert.equal(focused, launcherName);
    await page.keyboard.press('Enter');
    const frame = await chatFrame(page);
    await seeInChat(frame, t('sr-Latn', 'welcome'));
    // Opening the chat puts the cursor in the message box.
    await sendBox(frame).and(frame.locator(':focus')).waitFor();
    await page.keyboard.type('zdravo');
    await page.keyboard.press('Enter');
    await frame.getByText('zdravo', { exact: true }).first().waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(/\/widget\/exit\.html$/);
    assert.deepEqual(await page.evaluate(() => [sessionStorage.length, localStorage.length]), [0, 0]);
  });

  it('when axe-core checks the demo page with the widget open, then it finds no serious or critical violations', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') }).click();
    const frame = await chatFrame(page);
    await seeInChat(frame, t('sr-Latn', 'welcome'));
    await suggested(frame, 'button.role.pupil').waitFor();
    const problems: string[] = [];
    for (const target of [page.mainFrame(), frame]) {
      // Injected through the DevTools protocol, so the page's CSP does not apply.
      await target.evaluate(AXE);
      // A string, not a function: this file is type-checked without DOM types.
      const violations = await target.evaluate<Array<{ id: string; impact: string; nodes: string[] }>>(`
        axe.run(document, { iframes: false, resultTypes: ['violations'] }).then((result) =>
          result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
      for (const v of violations) {
        if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${target === frame ? 'frame' : 'page'}: ${v.id} (${v.impact}) ${v.nodes.join(', ')}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
