import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { t } from '../../services/i18n/catalog';
import { fromRoot } from '../../core/paths';
import { startTestServer, TestServer } from '../support/server';
import { Browser, browserForEachTest } from './browser';
import {
  assertInView, inTranscript, openChat, seeQuestion as seeQuestionAndSendBox, suggested, suggestedArea, suggestedShare, VIEWPORTS, write, type ViewportName,
} from './chat';

/** Screenshots for a person to look at (test-results/ is not committed). */
const SHOTS = fromRoot('test-results', 'widget');

/** The suggested actions may take about a third of the chat's height, never more. */
const MAX_SUGGESTED_SHARE = 0.34;

const CODE = /[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]/;

/**
 * What a person sees in the widget, at desktop 1280×900 and phone 390×844:
 * not that an element exists, but that its box lies inside the visible
 * part of the transcript (taller than 150 px), with the send box in view
 * and the suggested actions within a third of the chat.
 */
describe('what a child sees in the widget, on a desktop and on a phone', function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer('widgetview');
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });
  browserForEachTest(() => server.url, (b) => {
    browser = b;
  });

  /** The question `key` is the last thing said, in view, with the send box and the suggested actions in their third. */
  async function seeQuestion(frame: Frame, key: string, what: string): Promise<void> {
    await seeQuestionAndSendBox(frame, key, what);
    const share = await suggestedShare(frame);
    assert.ok(share <= MAX_SUGGESTED_SHARE, `${what}: the suggested actions take ${Math.round(share * 100)} % of the chat`);
    // The area is capped whatever it holds: more buttons would scroll inside it.
    const cap = await frame.evaluate<number>("(() => { const box = document.querySelector('.webchat__suggested-actions__flow-box'); return box ? parseFloat(getComputedStyle(box).maxHeight) / window.innerHeight : 0; })()");
    assert.ok(cap > 0.25 && cap <= MAX_SUGGESTED_SHARE, `${what}: the suggested actions are capped at ${Math.round(cap * 100)} % of the chat`);
    // Every suggested action is either fully in its area or reachable by scrolling that area; the first is always in view.
    const first = suggestedArea(frame).getByRole('button').first();
    if ((await first.count()) > 0) await assertInView(frame, first, `${what}: the first suggested action`);
  }

  for (const name of Object.keys(VIEWPORTS) as ViewportName[]) {
    it(`when a 12-year-old types a whole report on a ${name}, then every main menu's question, the send box and, after sending, the case code with the secret words are in view without scrolling`, async () => {
      const { page } = browser;
      const frame = await openChat(page, server.url, name);
      await seeQuestion(frame, 'role.ask', 'the role question');

      await write(frame, 'ja sam učenica');
      await seeQuestion(frame, 'menu.prompt.pupil', 'the main menu');
      await page.screenshot({ path: path.join(SHOTS, `${name}-1-menu.png`) });
      await write(frame, 'više tema');
      await suggested(frame, 'button.topicPupil.cyberbullying').waitFor();
      await seeQuestion(frame, 'menu.more', 'the menu\'s second page');
      await write(frame, 'još');
      await suggested(frame, 'button.topicPupil.warning_signs').waitFor();
      await seeQuestion(frame, 'menu.more', 'the menu\'s third page');

      await write(frame, 'hoću da prijavim nešto');
      await seeQuestion(frame, 'reportFlow.ask.danger', 'is anyone in danger?');
      await write(frame, 'ne');
      await seeQuestion(frame, 'reportFlow.ask.category', 'what happened?');
      await page.screenshot({ path: path.join(SHOTS, `${name}-2-category.png`) });
      await write(frame, 'neko me vređa na netu');
      await seeQuestion(frame, 'reportFlow.ask.victim', 'whom is it happening to?');
      // Typed, never tapped: "meni" is "to me" here, not the main menu, and the report goes on.
      await write(frame, 'meni');
      await seeQuestion(frame, 'reportFlow.ask.ageSelf', 'how old are you? (after a typed "meni")');
      await write(frame, 'imam 12 godina');
      await seeQuestion(frame, 'reportFlow.ask.platform', 'where?');
      await write(frame, 'na instagramu');
      await seeQuestion(frame, 'reportFlow.ask.ongoing', 'is it still going on?');
      await write(frame, 'da');
      await seeQuestion(frame, 'reportFlow.ask.q.threatsOfViolence', 'threats?');
      await write(frame, 'ne');
      await seeQuestion(frame, 'reportFlow.ask.q.fromSchool', 'someone from school?');
      await write(frame, 'da');
      await seeQuestion(frame, 'reportFlow.ask.narrative', 'tell me what happened');
      await write(frame, 'Drugari iz odeljenja mi šalju ružne poruke u grupi svako veče i smeju mi se.');
      await seeQuestion(frame, 'reportFlow.ask.narrativeOk', 'is this right?');
      await write(frame, 'da');
      await seeQuestion(frame, 'reportFlow.ask.evidence', 'links?');
      await write(frame, 'ne');
      await seeQuestion(frame, 'reportFlow.ask.municipalitySelf', 'where do you live?');
      await write(frame, 'Niš');
      await seeQuestion(frame, 'reportFlow.ask.confirm', 'send it?');
      await write(frame, 'da');

      // After sending: the code and the words, in one message, in view; the question under them; the send box.
      const kept = inTranscript(frame, t('sr-Latn', 'reportFlow.done.keepTitle'));
      await seeQuestion(frame, 'reportFlow.kept.ask.child', 'did you write them down?');
      await assertInView(frame, kept, 'the case code and the secret words');
      const shown = await kept.innerText();
      const code = CODE.exec(shown)?.[0];
      assert.ok(code, `a case code in: ${shown}`);
      assert.ok(shown.includes(t('sr-Latn', 'reportFlow.done.passphrase').split('{')[0]!.replace(/\*\*|\\/g, '').trim()), `the secret words in the same message: ${shown}`);
      await page.screenshot({ path: path.join(SHOTS, `${name}-3-code.png`) });

      // "Not yet": the same code and words again, in view.
      await write(frame, 'nisam');
      await frame.locator('.webchat__basic-transcript__scrollable .webchat__bubble', { hasText: code! }).nth(1).waitFor();
      await assertInView(frame, inTranscript(frame, t('sr-Latn', 'reportFlow.done.keepTitle')), 'the code and words shown again');
      assert.ok((await inTranscript(frame, t('sr-Latn', 'reportFlow.done.keepTitle')).innerText()).includes(code!));
      await seeQuestion(frame, 'reportFlow.kept.ask.child', 'did you write them down? (again)');

      // "Jesam": thanks, and only now the menu.
      await write(frame, 'jesam');
      await seeQuestion(frame, 'menu.again', 'the menu after the report');
      await assertInView(frame, inTranscript(frame, t('sr-Latn', 'reportFlow.kept.done.child')), 'the thanks for writing them down');
      await page.screenshot({ path: path.join(SHOTS, `${name}-4-after.png`) });
      assert.equal(await server.conn.collection('reports').countDocuments({ caseCode: code }), 1);
      // The typed "meni" was "to me": it is stored as the reporter's own case.
      assert.equal(await server.conn.collection('reports').countDocuments({ caseCode: code, 'answers.victim': 'self' }), 1);
    });
  }
});
