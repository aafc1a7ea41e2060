import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../services/i18n/catalog';
import { fromRoot } from '../../core/paths';
import { startTestServer, TestServer } from '../support/server';
import { Browser, browserForEachTest } from './browser';
import {
  assertCrisisCardInView, assertInView, inTranscript, openChat, seeQuestion, sendBox, suggested, VIEWPORTS, write, type ViewportName,
} from './chat';

/** Screenshots for a person to look at (test-results/ is not committed). */
const SHOTS = fromRoot('test-results', 'widget');

/** A wish not to live, written where the report asks "whom is it happening to?". */
const AT_VICTIM = 'meni, i više ne želim da živim';

/** A story with a wish not to live at its end: the card comes, then the story shown back with its question. */
const NARRATIVE = 'Devojčice iz odeljenja mi svako veče pišu u grupi na Instagramu da sam ružna i da niko ne želi da sedi sa mnom. Više ne mogu, ne želim više da živim.';

/**
 * The crisis card is read from its first word. When a child writes of not
 * wanting to live in the middle of a report — as the answer to a short
 * question, or inside her story, which the bot then shows back with "is
 * this right?" under the card — the card's words, its heading and its first
 * call button are inside the transcript's visible box, nothing over them,
 * at desktop 1280×900 and phone 390×844. When she writes again, the chat
 * goes on as before: the next question and the send box in view.
 */
describe('what a child sees when she writes of not wanting to live in the middle of a report, on a desktop and on a phone', function () {
  this.timeout(180_000);
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer('widgetcrisis');
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });
  browserForEachTest(() => server.url, (b) => {
    browser = b;
  });


  for (const name of Object.keys(VIEWPORTS) as ViewportName[]) {
    it(`when a 12-year-old types a wish not to live to "whom?" and in her story on a ${name}, then the crisis card's words, heading and first call button are in view each time, and the report goes on in view`, async () => {
      const { page } = browser;
      const frame = await openChat(page, server.url, name);
      await seeQuestion(frame, 'role.ask', 'who are you?');
      await write(frame, 'ja sam učenica');
      await seeQuestion(frame, 'menu.prompt.pupil', 'the main menu');
      await write(frame, 'hoću da prijavim nešto');
      await seeQuestion(frame, 'reportFlow.ask.danger', 'is anyone in danger?');
      await write(frame, 'ne');
      await seeQuestion(frame, 'reportFlow.ask.category', 'what happened?');
      await write(frame, 'devojčice me vređaju na netu');
      await seeQuestion(frame, 'reportFlow.ask.victim', 'whom is it happening to?');

      // At a short question: the card alone, with "continue where we were".
      await write(frame, AT_VICTIM);
      await suggested(frame, 'button.resume').waitFor();
      await assertCrisisCardInView(frame, 'crisis.selfHarm.warm', 'the card after "whom?"');
      assert.match(await frame.locator('.webchat__basic-transcript__scrollable .bzb-card').last().locator('.bzb-card__button').first().innerText(), /116 111/);
      await assertInView(frame, sendBox(frame), 'the card after "whom?": the send box');
      await page.screenshot({ path: path.join(SHOTS, `${name}-crisis-1-victim.png`) });
      await write(frame, 'nastavi');
      await seeQuestion(frame, 'reportFlow.ask.victim', 'whom? (asked again)');
      await write(frame, 'meni');
      await seeQuestion(frame, 'reportFlow.ask.ageSelf', 'how old are you?');
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

      // In her story: the card, then the story shown back under it — the card stays where she reads it from.
      await write(frame, NARRATIVE);
      await suggested(frame, 'button.narrativeOk').waitFor();
      await inTranscript(frame, t('sr-Latn', 'reportFlow.narrative.preview')).waitFor();
      await assertCrisisCardInView(frame, 'crisis.selfHarm.warm', 'the card after her story');
      await assertInView(frame, suggested(frame, 'button.narrativeOk'), 'the card after her story: "yes, that is right"');
      await assertInView(frame, sendBox(frame), 'the card after her story: the send box');
      await page.screenshot({ path: path.join(SHOTS, `${name}-crisis-2-narrative.png`) });

      // She writes again: the chat goes to the newest question as on every other turn.
      await write(frame, 'da');
      await seeQuestion(frame, 'reportFlow.ask.evidence', 'links? (after the card)');
      await write(frame, 'nemam');
      await seeQuestion(frame, 'reportFlow.ask.municipalitySelf', 'where do you live?');
    });
  }
});
