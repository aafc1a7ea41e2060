import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { reportModel } from '../../models/report';
import { reportQueueEntryModel } from '../../models/reportQueueEntry';
import { fromRoot } from '../../core/paths';
import { t } from '../../services/i18n/catalog';
import { authorityIds, englishOn, englishOnlyWords, idsOn, interfaceText } from '../dashboard/languageCheck';
import { createStaff, PASSWORD, TEST_DASHBOARD_ENV } from '../dashboard/dashboardClient';
import { insertReport, TEST_REPORT_KEYS, testCipher } from '../dashboard/reportFixtures';
import { loadRoutingSeed } from '../../services/routing/routingSeed';
import { startTestServer, type TestServer } from '../support/server';
import { Browser, browserForEachTest } from '../widget/browser';
import { signInToDashboard } from '../dashboard/browserSupport';
import {
  assertCrisisCardInView, assertInView, inTranscript, openChat, seeQuestion, sendBox, suggested, VIEWPORTS, write, type ViewportName,
} from '../widget/chat';

/** Screenshots for a person to look at (test-results/ is not committed). */
const SHOTS = fromRoot('test-results', 'e2e');

const CODE = /[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]/;

/** The story a 12-year-old types: bullying in her class's group, then a wish not to live. */
const NARRATIVE = 'Devojčice iz odeljenja mi svako veče pišu u grupi na Instagramu da sam ružna i da niko ne želi da sedi sa mnom. Više ne mogu, ne želim više da živim.';

/** The plain beginning of a resource text, as a person reads it (before markdown or a placeholder). */
const plain = (key: string): string => t('sr-Latn', key).split(/\*\*|\[|\{/)[0]!.replace(/\\$/gm, '').trim();

/**
 * Issue 12, done when: in Chromium at desktop and phone size, a 12-year-old
 * TYPES a whole report (never taps): "meni" to "Kome se ovo dešava?" keeps
 * the report, "ne znam" where she does not know, and a wish not to live in
 * her story. After sending, the case code and secret words are inside the
 * transcript's visible box with the send box in view. Then a reviewer signs
 * in to the Serbian dashboard and sees this report first in the queue with
 * the self-harm mark, at least high, routed to the children's line and the
 * centre for social work with Serbian reasons, every answer she gave, and no
 * English word.
 */
describe('end to end: a 12-year-old types a report with a wish not to live; the reviewer sees it first, flagged, in Serbian', function () {
  this.timeout(240_000);
  let server: TestServer;
  let browser: Browser;
  const english = englishOnlyWords();
  const ids = authorityIds();
  const seed = loadRoutingSeed();

  before(async () => {
    server = await startTestServer('e2etyped', { ...TEST_DASHBOARD_ENV, REPORT_ENCRYPTION_KEYS: TEST_REPORT_KEYS });
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }]);
    // Others waiting longer, one of them immediate: without the crisis mark, the child's report would not come first.
    const cipher = testCipher();
    for (let i = 0; i < 3; i++) await insertReport(server.conn, cipher, { urgency: 'high', createdAt: new Date(Date.now() - (10 + i) * 3_600_000) });
    await insertReport(server.conn, cipher, { urgency: 'immediate', category: 'sextortion', routing: ['police-vtk', 'nccos'], createdAt: new Date(Date.now() - 2 * 3_600_000) });
    await insertReport(server.conn, cipher, { urgency: 'normal', createdAt: new Date(Date.now() - 48 * 3_600_000) });
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });
  browserForEachTest(() => server.url, (b) => {
    browser = b;
  });


  /** Signs in to the dashboard in Serbian (Latin). */
  const signIn = (page: Page): Promise<void> => signInToDashboard(page, server.url, 'rev@example.org', PASSWORD, { locale: 'sr-Latn' });

  /** The page's interface speaks Serbian: no English-only word, no authority id. */
  async function assertSerbian(page: Page, where: string): Promise<void> {
    const text = await interfaceText(page);
    assert.deepEqual(englishOn(text, english), [], `${where}: English on a Serbian page`);
    assert.deepEqual(idsOn(text, ids), [], `${where}: authority ids instead of names`);
  }

  for (const name of Object.keys(VIEWPORTS) as ViewportName[]) {
    it(`when she types every answer on a ${name} ("meni", "ne znam", "…ne želim više da živim"), then the code and words are in view after sending, and the reviewer sees the report first, flagged, with every answer, in Serbian`, async () => {
      const { page } = browser;
      const frame = await openChat(page, server.url, name);
      await seeQuestion(frame, 'role.ask', 'who are you?');

      // Every answer typed, none tapped.
      await write(frame, 'ja sam učenica');
      await seeQuestion(frame, 'menu.prompt.pupil', 'the main menu');
      await write(frame, 'hoću da prijavim nešto');
      await seeQuestion(frame, 'reportFlow.ask.danger', 'is anyone in danger?');
      await write(frame, 'ne');
      await seeQuestion(frame, 'reportFlow.ask.category', 'what happened?');
      await write(frame, 'devojčice me vređaju na netu');
      await seeQuestion(frame, 'reportFlow.ask.victim', 'whom is it happening to?');
      // "meni" is "to me" here, not the main menu: the report goes on.
      await write(frame, 'meni');
      await seeQuestion(frame, 'reportFlow.ask.ageSelf', 'how old are you? (after "meni")');
      await write(frame, 'imam 12 godina');
      await seeQuestion(frame, 'reportFlow.ask.platform', 'where?');
      await write(frame, 'na instagramu');
      await seeQuestion(frame, 'reportFlow.ask.ongoing', 'is it still going on?');
      await write(frame, 'da');
      await seeQuestion(frame, 'reportFlow.ask.q.threatsOfViolence', 'threats?');
      await write(frame, 'ne znam');
      await seeQuestion(frame, 'reportFlow.ask.q.fromSchool', 'someone from school?');
      await write(frame, 'da');
      await seeQuestion(frame, 'reportFlow.ask.narrative', 'tell me what happened');
      await page.screenshot({ path: path.join(SHOTS, `${name}-1-narrative.png`) });

      // The story: the self-harm card comes, with the children's line, and the story is kept (shown back under the card).
      await write(frame, NARRATIVE);
      await suggested(frame, 'button.narrativeOk').waitFor();
      await inTranscript(frame, t('sr-Latn', 'reportFlow.narrative.preview')).waitFor();
      // The story shown back does not scroll the card away: she reads it from its first word, with the line to call.
      await assertCrisisCardInView(frame, 'crisis.selfHarm.warm', 'the crisis card after her story');
      const card = await inTranscript(frame, t('sr-Latn', 'crisis.selfHarm.warm')).innerText();
      assert.match(card, /116 111/, `the children's line on the card: ${card}`);
      assert.match(await frame.locator('.webchat__basic-transcript__scrollable .bzb-card').last().locator('.bzb-card__button').first().innerText(), /116 111/);
      await assertInView(frame, suggested(frame, 'button.narrativeOk'), 'the crisis card after her story: "yes, that is right"');
      await assertInView(frame, sendBox(frame), 'the crisis card after her story: the send box');
      await page.screenshot({ path: path.join(SHOTS, `${name}-2-crisis.png`) });
      await write(frame, 'da');
      await seeQuestion(frame, 'reportFlow.ask.evidence', 'links?');
      await write(frame, 'nemam');
      await seeQuestion(frame, 'reportFlow.ask.municipalitySelf', 'where do you live?');
      await write(frame, 'Niš');
      await seeQuestion(frame, 'reportFlow.ask.confirm', 'send it?');
      await write(frame, 'da');

      // After sending: the code and the secret words, in one message inside the visible transcript.
      const kept = inTranscript(frame, t('sr-Latn', 'reportFlow.done.keepTitle'));
      await seeQuestion(frame, 'reportFlow.kept.ask.child', 'did you write them down?');
      await assertInView(frame, kept, 'the case code and the secret words');
      const shown = await kept.innerText();
      const code = CODE.exec(shown)?.[0];
      assert.ok(code, `a case code in: ${shown}`);
      const lines = shown.split('\n').map((l) => l.trim());
      assert.ok(lines.includes(code), `the code on a line of its own, to read and copy: ${shown}`);
      assert.ok(lines.some((l) => /^\p{Ll}+( \p{Ll}+){2,}$/u.test(l)), `the secret words on a line of their own: ${shown}`);
      assert.ok(shown.includes(plain('reportFlow.done.passphrase')), `the secret words in the same message: ${shown}`);
      // The lines to call now came again, before the code.
      assert.match(await inTranscript(frame, t('sr-Latn', 'reportFlow.done.callNow.selfHarm.child')).innerText(), /116 111/);
      await page.screenshot({ path: path.join(SHOTS, `${name}-3-code.png`) });
      await write(frame, 'jesam');
      await seeQuestion(frame, 'menu.again', 'the menu after the report');

      // What was stored.
      const stored = await reportModel(server.conn).findOne({ caseCode: code }).lean();
      assert.ok(stored, 'the report is stored');
      assert.ok(stored.flags.includes('selfHarmRisk'), `flags: ${stored.flags.join()}`);
      assert.ok(['high', 'immediate'].includes(stored.urgency), stored.urgency);
      assert.equal(stored.answers?.victim, 'self');
      assert.equal(stored.answers?.threatsOfViolence, 'unknown');
      assert.equal(stored.answers?.fromSchool, 'yes');
      assert.equal(stored.answers?.ongoing, 'yes');

      // The reviewer, in the same browser, in Serbian, at the same size.
      const dash = await browser.context.newPage();
      await dash.setViewportSize(VIEWPORTS[name]);
      await signIn(dash);
      const first = dash.locator('#queue-table tbody tr').first();
      await first.locator('a.case-link', { hasText: code! }).waitFor();
      const mark = first.locator('.badge.crisis[data-flag="selfHarmRisk"]');
      assert.match(await mark.innerText(), /samopovređivanja/);
      await assertSerbian(dash, 'the queue');
      await dash.screenshot({ path: path.join(SHOTS, `${name}-4-queue.png`) });

      await first.locator('a.case-link').click();
      await dash.locator('#crisis-alert p[data-flag="selfHarmRisk"]').waitFor();
      await dash.locator('#answers').waitFor();
      const facts = await dash.locator('#report-facts').innerText();
      assert.match(facts, new RegExp(`${t('sr-Latn', 'dashboard.urgency.high')}|${t('sr-Latn', 'dashboard.urgency.immediate')}`), `urgency at least high: ${facts}`);
      assert.equal(await dash.locator('#report-category').innerText(), t('sr-Latn', 'dashboard.category.cyberbullying'));
      assert.match(await dash.locator('#report-platforms').innerText(), /Instagram/);
      assert.match(await dash.locator('#report-municipality').innerText(), /Niš/);
      assert.equal(await dash.locator('#report-ongoing').innerText(), t('sr-Latn', 'dashboard.answer.yes'));
      // Every answer she gave, "ne znam" included, in words.
      assert.equal(await dash.locator('#answers dd[data-answer="victim:self"]').count(), 1);
      assert.equal(await dash.locator('#answers dd[data-answer="threatsOfViolence:unknown"]').innerText(), t('sr-Latn', 'dashboard.answer.unknown'));
      assert.equal(await dash.locator('#answers dd[data-answer="fromSchool:yes"]').innerText(), t('sr-Latn', 'dashboard.answer.yes'));
      assert.match(await dash.locator('#narrative').innerText(), /ne želim više da živim/);
      // Routed to the children's line and the centre for social work in Niš, with the reasons in Serbian.
      const routing = await dash.locator('#routing-list').innerText();
      for (const [id, reason] of [['helpline-116111', 'routing.reason.selfHarm.helpline'], ['csw-nis', 'routing.reason.selfHarm.socialWork']] as const) {
        const authority = seed.authorities.find((a) => a.id === id)!.name['sr-Latn'];
        const line = routing.split('\n').find((l) => l.startsWith(authority));
        assert.ok(line, `${authority} among the routes: ${routing}`);
        assert.ok(line.includes(plain(reason)) || line.includes(t('sr-Latn', reason, { authority })), `${id}: the Serbian reason in: ${line}`);
      }
      await assertSerbian(dash, 'the report');
      await dash.screenshot({ path: path.join(SHOTS, `${name}-5-report.png`), fullPage: true });
      await dash.close();
      // The next size's report must come first on its own: this one leaves the queue.
      await reportModel(server.conn).deleteOne({ _id: stored._id });
      await reportQueueEntryModel(server.conn).deleteOne({ _id: stored._id });
    });
  }
});
