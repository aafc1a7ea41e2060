import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { ReportingServices } from '../../dialogs/report/reportingServices';
import { BotHarness, buttonTokens, keys, telLinks } from '../support/botHarness';
import { CRISIS_TEXT } from './support/samples';
import { ReportingFixture } from './support/reportingHarness';
import { caseOf, NARRATIVE_IDENTIFIERS, NARRATIVE_LINK, reportScript, type ScriptTurn } from './support/reportScript';

/** The longest report: a teacher's sextortion report (two category questions, evidence, contact). */
const SCRIPT: readonly ScriptTurn[] = reportScript({ locale: 'sr-Latn', role: 'teacher', category: 'sextortion', byText: false });
/** The same without the extra evidence turn, so each turn answers a different question (for "back"). */
const STEPS: readonly ScriptTurn[] = SCRIPT.filter((t) => t.step !== 'evidence');
/** Questions answered in the user's own words: after a crisis card the dialog goes on with the text. */
const OWN_WORDS = ['narrative', 'narrativeCheck'];
/**
 * Questions answered with a name (a link, a place, an e-mail address): after a
 * crisis card the text is tried as the answer too ("Novi Sad" must not loop
 * on a false alarm); a crisis is no such name, so the question comes again.
 */
const NAMES = ['evidenceDone', 'municipality', 'contactDetails'];

describe('the report dialog, step by step: crisis, back, cancel, images, state, retries', function () {
  this.timeout(300_000);
  const fx = new ReportingFixture('reportsteps', { FOLLOWUP_MAX_FAILURES: '3' });
  before(() => fx.start());
  after(() => fx.stop());

  async function teacher(reporting: ReportingServices = fx.reporting): Promise<BotHarness> {
    const bot = new BotHarness({ reporting, storage: fx.storage(), conversationId: `c-${Math.random().toString(36).slice(2)}` });
    await bot.join();
    await bot.send('role:teacher');
    return bot;
  }

  /** Sends turns and asserts each reply holds the expected key; returns the last replies. */
  async function play(bot: BotHarness, turns: readonly ScriptTurn[]): Promise<Partial<Activity>[]> {
    let last: Partial<Activity>[] = [];
    for (const turn of turns) {
      last = await bot.send(turn.send);
      assert.ok(keys(last).includes(turn.expect), `${turn.step}: expected ${turn.expect}, got ${keys(last).join()}`);
    }
    return last;
  }

  STEPS.forEach((turn, i) => {
    if (i === 0) return;
    const waiting = STEPS[i - 1]!.expect;

    it(`when an emergency is written at "${turn.step}", then the crisis card comes first, and the report goes on to the end`, async () => {
      const bot = await teacher();
      await play(bot, STEPS.slice(0, i));
      const before = await fx.count();
      const card = await bot.send(CRISIS_TEXT['sr-Latn'].emergency);
      const k = keys(card);
      assert.equal(k[0], 'crisis.emergency.adult.now', 'a teacher gets the card in the adult register');
      assert.ok(telLinks(card).includes('tel:192'));
      let rest = STEPS.slice(i);
      if (OWN_WORDS.includes(turn.step)) {
        // The user's own words are kept: the preview of what will be stored follows the card.
        assert.ok(k.includes('reportFlow.narrative.preview'), k.join());
        rest = STEPS.slice(STEPS.findIndex((t) => t.step === 'narrativeCheck'));
      } else if (NAMES.includes(turn.step)) {
        assert.ok(k.includes(waiting), `the same question again: ${k.join()}`);
      } else {
        assert.ok(!k.includes(waiting), 'the dialog does not take the crisis as an answer');
        assert.equal(buttonTokens(card)[0], 'resume');
        assert.ok(keys(await bot.send('resume')).includes(waiting), 'continue asks the question again');
      }
      const done = await play(bot, rest);
      assert.ok(keys(done).includes('reportFlow.done.code'));
      assert.equal(await fx.count(), before + 1);
    });

    it(`when self-harm is written at "${turn.step}", then the warm card comes, and answering the question goes on`, async () => {
      const bot = await teacher();
      await play(bot, STEPS.slice(0, i));
      assert.ok(keys(await bot.send(CRISIS_TEXT['sr-Latn'].self_harm)).includes('crisis.selfHarm.adult.lines'));
      if (!OWN_WORDS.includes(turn.step)) assert.ok(keys(await bot.send(turn.send)).includes(turn.expect));
    });

    it(`when the user goes back at "${turn.step}", then the previous question comes, and answering it again goes on`, async () => {
      const bot = await teacher();
      await play(bot, STEPS.slice(0, i));
      const back = keys(await bot.send(i % 2 === 0 ? 'nazad' : 'back'));
      if (i === 1) {
        assert.deepEqual(back.slice(0, 2), ['reportFlow.cancelled', 'menu.again'], 'back at the first question leaves the report');
        return;
      }
      assert.ok(back.includes(STEPS[i - 2]!.expect), `expected ${STEPS[i - 2]!.expect}, got ${back.join()}`);
      await play(bot, [STEPS[i - 1]!]);
    });

    it(`when the user cancels at "${turn.step}", then nothing is stored and no draft is left in conversation state`, async () => {
      const bot = await teacher();
      await play(bot, STEPS.slice(0, i));
      const before = await fx.count();
      assert.deepEqual(keys(await bot.send(i % 2 === 0 ? 'otkaži' : 'cancel')).slice(0, 2), ['reportFlow.cancelled', 'menu.again']);
      assert.equal(await fx.count(), before);
      const { conversation, channelId } = bot.adapter.template;
      const key = `${channelId}/conversations/${conversation?.id}/`;
      const state = JSON.stringify(await bot.storage.read([key]));
      assert.match(state, /dialogState/, 'the conversation state was read');
      assert.doesNotMatch(state, /submissionId|sealed/, 'the draft is gone with the dialog');
    });
  });

  it('when an image is sent at the evidence question, then it is refused and nothing of it reaches state or the stored report', async () => {
    const bot = await teacher();
    const atEvidence = SCRIPT.findIndex((t) => t.step === 'evidence');
    await play(bot, SCRIPT.slice(0, atEvidence));
    const marker = 'SECRETPIC7781';
    const image = { contentType: 'image/png', contentUrl: `https://files.example.org/${marker}.png`, name: `${marker}.png` };
    const refused = keys(await bot.turn({ type: 'message', text: '', attachments: [image] }));
    // The never-download rule came with the evidence question: once in a conversation.
    assert.deepEqual(refused, ['attachments.refused']);
    const withText = keys(await bot.turn({ type: 'message', text: 'https://tiktok.com/@drugi_nalog77', attachments: [image] }));
    assert.equal(withText[0], 'attachments.refused');
    assert.ok(withText.includes('reportFlow.evidence.added'), 'the words still count');
    const stateMidway = JSON.stringify(await fx.conn.db!.collection('botstate').find().toArray());
    assert.ok(!stateMidway.includes(marker), 'the attachment is not in conversation state');
    for (const id of [...NARRATIVE_IDENTIFIERS, 'lazni.profil77', 'drugi_nalog77']) assert.ok(!stateMidway.includes(id), `state holds ${id} in clear`);
    const done = await play(bot, SCRIPT.slice(atEvidence + 1));
    const { code, passphrase } = caseOf(done);
    const r = await fx.report(code);
    assert.ok(fx.evidence(r).urls.includes(NARRATIVE_LINK));
    const raw = await fx.rawDump();
    assert.ok(!raw.includes(marker), 'the attachment is nowhere in the database');
    assert.ok(!raw.includes(passphrase), 'the passphrase is nowhere in the database, state included');
    for (const id of [...NARRATIVE_IDENTIFIERS, 'lazni.profil77', 'nastavnica.test@example.org']) assert.ok(!raw.includes(id), `the database holds ${id} in clear`);
  });

  it('when someone is in danger, then the emergency card comes at once, the report goes on, and it is routed as immediate with 192', async () => {
    const bot = await teacher();
    await bot.send('go:report');
    const k = keys(await bot.send('pick:yes'));
    assert.deepEqual(k.slice(0, 3), ['crisis.emergency.adult.now', 'crisis.emergency.adult.meanwhile', 'reportFlow.danger.continue']);
    assert.ok(k.includes('reportFlow.ask.category'));
    const done = await play(bot, SCRIPT.slice(2));
    assert.ok(keys(done).includes('reportFlow.done.dangerReminder'));
    const r = await fx.report(caseOf(done).code);
    assert.equal(r.urgency, 'immediate');
    assert.ok(r.flags.includes('immediateDanger'));
    assert.ok(r.routing.some((a) => a.authorityId === 'emergency-192'));
  });

  it('when a topic\'s "report this?" is answered yes, then the report starts with that category and skips "what happened?"', async () => {
    const bot = await teacher();
    await bot.send('topic:sextortion');
    assert.ok(keys(await bot.send('report:sextortion')).includes('reportFlow.ask.danger'));
    assert.ok(keys(await bot.send('pick:no')).includes('reportFlow.ask.victim'));
    const done = await play(bot, SCRIPT.slice(3));
    assert.equal((await fx.report(caseOf(done).code)).category, 'sextortion');
  });

  it('when the user rewrites the story, then the newest anonymised version is shown and stored; a story too long is refused kindly', async () => {
    const bot = await teacher();
    const atNarrative = SCRIPT.findIndex((t) => t.step === 'narrative');
    await play(bot, SCRIPT.slice(0, atNarrative));
    assert.ok(keys(await bot.send('x'.repeat(2001))).includes('reportFlow.narrative.tooLong'));
    assert.ok(keys(await bot.send('Prva verzija priče.')).includes('reportFlow.narrative.preview'));
    assert.ok(keys(await bot.send('pick:again')).includes('reportFlow.ask.narrative'));
    await bot.send('Druga verzija: Jelena Jovanović mu je dala moj broj.');
    const third = await bot.send('Sada pišem ponovo: Ana Marković ga zna iz škole.');
    assert.ok(keys(third).includes('reportFlow.narrative.preview'));
    assert.ok(third.some((r) => (r.text ?? '').includes('pišem ponovo')) && !third.some((r) => (r.text ?? '').includes('Ana Marković')), 'the preview is anonymised');
    const done = await play(bot, SCRIPT.slice(atNarrative + 1));
    const narrative = fx.narrative(await fx.report(caseOf(done).code));
    assert.match(narrative, /^Sada pišem ponovo/);
    assert.ok(!narrative.includes('Ana') && !narrative.includes('Marković'), narrative);
  });

  it('when the reply with the case code is lost and the user sends again, then there is still one report and new secret words are shown', async () => {
    let lose = true;
    const flaky: ReportingServices = {
      ...fx.reporting,
      submitter: {
        submit: async (draft) => {
          const result = await fx.services.submitter.submit(draft);
          if (lose) {
            lose = false;
            throw new Error('the reply was lost on the way');
          }
          return result;
        },
        reissuePassphrase: (id) => fx.services.submitter.reissuePassphrase(id),
      },
    };
    const bot = await teacher(flaky);
    await play(bot, SCRIPT.slice(0, -1));
    const before = await fx.count();
    const failed = await bot.send('pick:send');
    assert.ok(keys(failed).includes('reportFlow.submitFailed'));
    assert.ok(telLinks(failed).includes('tel:19833'));
    assert.ok(keys(failed).includes('reportFlow.summary.title'), 'the summary is offered again');
    const done = await bot.send('pick:send');
    assert.ok(keys(done).includes('reportFlow.done.passphrase'));
    assert.equal(await fx.count(), before + 1, 'a retry never creates a second report');
    const { code, passphrase } = caseOf(done);
    assert.equal((await fx.services.followUp.verify(code, passphrase)).ok, true, 'the reissued words open the report');
  });

  it('when a pupil reports, then contact details are never asked for', async () => {
    const bot = new BotHarness({ reporting: fx.reporting });
    await bot.join();
    await bot.send('role:pupil');
    const all = await play(bot, reportScript({ locale: 'sr-Latn', role: 'pupil', category: 'grooming', byText: false }));
    assert.ok(keys(all).includes('reportFlow.done.code'));
    assert.equal((await fx.report(caseOf(all).code)).hasContact, false);
  });
});
