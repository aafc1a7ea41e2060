import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { LOCALES, type Locale } from '../../services/i18n/locales';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import type { Recognizer } from '../../services/nlu/types';
import { latinToCyrillic } from '../../services/text/transliterate';
import { BotHarness, buttonTokens, keys } from '../support/botHarness';
import { KeywordRecognizer } from '../support/keywordRecognizer';
import { CHANNEL_LOCALE } from './support/samples';
import { ReportingFixture } from './support/reportingHarness';
import { caseOf } from './support/reportScript';
import { reportInProgress, waitingQuestion } from './support/typedSpelling';

/** Serbian written once in Latin; Cyrillic derived; English apart. */
const say = (locale: Locale, sr: string, en: string): string => (locale === 'en' ? en : locale === 'sr-Cyrl' ? latinToCyrillic(sr) : sr);

/**
 * A whole report typed (never tapped) by a 12-year-old, as the issue saw it
 * fail: "meni" to "whom?", "imam 12", "jesam", "ne znam", "dalje", "Novi Sad",
 * "pošalji". Each turn: what the child types and the key that must follow.
 */
function typedReport(locale: Locale): Array<[string, string]> {
  return [
    [say(locale, 'hoću da prijavim nešto', 'I want to report something'), 'reportFlow.ask.danger'],
    [say(locale, 'nisam', 'no'), 'reportFlow.ask.category'],
    [say(locale, 'mamljenje', 'grooming'), 'reportFlow.ask.victim'],
    [say(locale, 'meni', 'me'), 'reportFlow.ask.ageSelf'],
    [say(locale, 'imam 12', "I'm 12"), 'reportFlow.ask.platform'],
    [say(locale, 'na instagramu', 'on Instagram'), 'reportFlow.ask.ongoing'],
    [say(locale, 'još traje', 'still going on'), 'reportFlow.ask.q.meetingPlanned'],
    [say(locale, 'ne znam', "I don't know"), 'reportFlow.ask.narrative'],
    [say(locale, 'Neki čovek mi piše na https://instagram.com/cudan.lik77 i traži da se nađemo.', 'A man writes to me at https://instagram.com/cudan.lik77 and wants to meet.'), 'reportFlow.narrative.preview'],
    [say(locale, 'jeste', 'yes'), 'reportFlow.ask.evidence'],
    ['@drugi_nalog_77', 'reportFlow.evidence.added'],
    [say(locale, 'dalje', 'next'), 'reportFlow.ask.municipalitySelf'],
    ['Novi Sad', 'reportFlow.summary.title'],
    [say(locale, 'pošalji', 'send it'), 'reportFlow.done.code'],
  ];
}

describe('typed answers through a whole report, global commands and the crisis check', function () {
  this.timeout(120_000);
  const fx = new ReportingFixture('typedflow');
  const nlu = new NlpjsRecognizer();
  before(async () => {
    await nlu.init();
    await fx.start();
  });
  after(() => fx.stop());

  async function pupilAt(steps: readonly string[], recognizer: Recognizer = nlu, locale: Locale = 'sr-Latn'): Promise<BotHarness> {
    const bot = new BotHarness({ recognizer, locale: CHANNEL_LOCALE[locale], reporting: fx.reporting });
    await bot.join();
    await bot.send('role:pupil');
    for (const s of steps) await bot.send(s);
    return bot;
  }
  const toVictim = ['go:report', 'pick:no', 'pick:grooming'];
  const toAge = [...toVictim, 'pick:self'];
  const toEvidence = [...toAge, 'pick:under14', 'pick:instagram', 'pick:yes', 'pick:yes', 'Piše mi neki čovek.', 'pick:ok'];

  for (const locale of LOCALES) {
    it(`when a 12-year-old types a whole report in ${locale} ("meni" to "whom?"), then every answer is taken, the report keeps "to me", and it is stored`, async () => {
      const bot = await pupilAt([], nlu, locale);
      let last: Partial<Activity>[] = [];
      for (const [text, expect] of typedReport(locale)) {
        last = await bot.send(text);
        const k = keys(last);
        assert.ok(k.includes(expect), `"${text}": expected ${expect}, got ${k.join()}`);
        assert.deepEqual(k.filter((x) => x.startsWith('crisis.')), [], `"${text}": no crisis card`);
        assert.ok(last.every((r) => r.locale === locale), `"${text}": answered in ${last.map((r) => r.locale).join()}`);
        if (expect === 'reportFlow.summary.title') {
          for (const key of ['reportFlow.summary.danger.no', 'reportFlow.summary.category.grooming', 'reportFlow.summary.victim.self', 'reportFlow.summary.age.under14', 'reportFlow.summary.ongoing.yes', 'reportFlow.summary.municipality', 'reportFlow.summary.evidence']) {
            assert.ok(k.includes(key), `the summary shows ${key}: ${k.join()}`);
          }
          assert.ok(!k.includes('reportFlow.summary.q.meetingPlanned'), '"ne znam" is not a yes');
        }
      }
      const r = await fx.report(caseOf(last).code);
      assert.equal(r.reporterRole, 'pupil');
      assert.equal(r.category, 'grooming');
      assert.equal(r.victimAge, 'under14');
      assert.deepEqual(r.platforms, ['instagram']);
      assert.equal(r.municipality, 'novi-sad');
      assert.equal(r.ongoing, true);
      assert.ok(!r.flags.includes('immediateDanger' as never), r.flags.join());
      // "To me" from a pupil: the child is a pupil (routing to the school protection team may follow).
      assert.ok(r.flags.includes('victimIsPupil' as never), r.flags.join());
      assert.ok(!r.flags.includes('meetingPlanned' as never), '"ne znam" is not a yes');
      assert.ok(fx.evidence(r).handles.includes('@drugi_nalog_77'));
    });
  }

  for (const [locale, text] of [['sr-Latn', 'glavni meni'], ['sr-Latn', 'glavni meni'.toUpperCase()], ['sr-Cyrl', 'главни мени'], ['en', 'main menu']] as const) {
    it(`when "${text}" is typed to "whom?" (${locale}), then the main menu comes and the report is left`, async () => {
      const bot = await pupilAt(toVictim, nlu, locale);
      const k = keys(await bot.send(text));
      assert.equal(k[0], 'menu.prompt.pupil', k.join());
      assert.equal(await reportInProgress(bot), undefined, 'no report waits');
      assert.ok(buttonTokens(await bot.send('go:report')).includes('pick:yes'), 'a new report can begin');
    });
  }

  for (const [locale, text] of [['sr-Latn', 'otkaži'], ['sr-Latn', 'otkazi'], ['sr-Cyrl', 'откажи'], ['en', 'cancel']] as const) {
    it(`when "${text}" is typed to "whom?" (${locale}), then the report is cancelled and nothing is kept`, async () => {
      const bot = await pupilAt(toVictim, nlu, locale);
      const before = await fx.count();
      const k = keys(await bot.send(text));
      assert.ok(k.includes('reportFlow.cancelled'), k.join());
      assert.equal(await reportInProgress(bot), undefined);
      assert.equal(await fx.count(), before);
    });
  }

  it('when "meni" is typed anywhere but a question that takes it, then it is still the menu', async () => {
    const bot = await pupilAt(toAge);
    assert.equal(keys(await bot.send('meni'))[0], 'menu.prompt.pupil', 'at "how old are you?" "meni" means the menu');
    await bot.send('topic:grooming');
    assert.equal(keys(await bot.send('Meni'))[0], 'menu.prompt.pupil', 'at a topic\'s "report this?" too');
  });

  for (const [text, locale] of [['dalje', 'sr-Latn'], ['Далје', 'sr-Cyrl'], ['Dalje.', 'sr-Latn'], ['next', 'en'], ['preskoči', 'sr-Latn'], ['preskoci', 'sr-Latn']] as const) {
    it(`when a link was given and "${text}" is typed at the evidence question (${locale}), then the report goes on to the municipality`, async () => {
      const bot = await pupilAt(toEvidence, nlu, locale);
      assert.ok(keys(await bot.send('https://tiktok.com/@neko_drugi77')).includes('reportFlow.evidence.added'));
      assert.ok(buttonTokens(await bot.send('@jos_neko_88')).includes('pick:done'), 'the "Dalje" button is shown');
      const k = keys(await bot.send(text));
      assert.equal(k[0], 'reportFlow.ask.municipalitySelf', k.join());
      const progress = await reportInProgress(bot);
      assert.equal(progress?.at, 'municipality');
    });
  }

  describe('the crisis check still runs on typed answers', () => {
    it('when a child answers "whom?" with "to me" and a wish to die, then the self-harm card comes and the report waits', async () => {
      const bot = await pupilAt(toVictim);
      const card = await bot.send('meni, i ne želim više da živim');
      assert.ok(keys(card).includes('crisis.selfHarm.lines'), keys(card).join());
      assert.equal((await reportInProgress(bot))?.at, 'victim', 'the report is kept');
      assert.ok(keys(await bot.send('resume')).includes('reportFlow.ask.victim'));
      assert.ok(keys(await bot.send('meni')).includes('reportFlow.ask.ageSelf'));
    });

    for (const text of ['imam 12 i hoću da se ubijem', 'imam 12, ali hoću da se ubijem', 'I am 12 and I want to kill myself']) {
      it(`when an age comes with a crisis ("${text}"), then the card comes, and the question waits for "continue"`, async () => {
        const bot = await pupilAt(toAge);
        const replies = await bot.send(text);
        const k = keys(replies);
        assert.ok(k.includes('crisis.selfHarm.lines'), k.join());
        assert.ok(!k.includes('reportFlow.ask.platform'), 'no next question right after the card');
        assert.ok(buttonTokens(replies).includes('resume'));
        assert.ok(keys(await bot.send('resume')).some((x) => x.startsWith('reportFlow.ask.age')));
        assert.ok(keys(await bot.send('imam 12')).includes('reportFlow.ask.platform'));
      });
    }

    it('when an answer\'s words are in the crisis lexicon, then the card comes although the message is a listed answer', async () => {
      const recognizer = new KeywordRecognizer([{ keyword: 'mom drugu', intent: 'self_harm', score: 0.9, crisisLexiconHit: true }]);
      const bot = await pupilAt(toVictim, recognizer);
      const k = keys(await bot.send('mom drugu'));
      assert.ok(k.includes('crisis.selfHarm.lines'), k.join());
      assert.equal((await reportInProgress(bot))?.at, 'victim', 'the question waits');
    });

    for (const [text, victim] of [['meni, preko instagrama', 'self'], ['Mom drugu – iz istog je odeljenja', 'friend'], ['my friend, she told me', 'friend']] as const) {
      it(`when an answer comes first and more after a comma ("${text}"), then it is the answer, after the full crisis check`, async () => {
        const bot = await pupilAt(toVictim);
        const k = keys(await bot.send(text));
        assert.deepEqual(k.filter((x) => x.startsWith('crisis.')), [], k.join());
        assert.ok(k.some((x) => x.startsWith('reportFlow.ask.age')), k.join());
        assert.equal((await reportInProgress(bot))?.answers.victim, victim);
      });
    }

    it('when a first answer comes with a crisis after the comma ("da, i ne želim više da živim"), then the card comes and the question waits', async () => {
      const bot = await pupilAt([...toAge, 'pick:under14', 'pick:instagram', 'pick:yes']);
      const k = keys(await bot.send('da, i ne želim više da živim'));
      assert.ok(k.includes('crisis.selfHarm.lines'), k.join());
      assert.equal((await reportInProgress(bot))?.at, 'q:meetingPlanned');
    });

    it('when the recognizer reads a crisis into a listed answer ("meni", "nema", "I am 13 years old") without the lexicon, then no card: it is the answer', async () => {
      const recognizer = new KeywordRecognizer([
        { keyword: 'meni', intent: 'emergency', score: 0.8 },
        { keyword: 'years old', intent: 'emergency', score: 0.4 },
        { keyword: 'nema', intent: 'self_harm', score: 0.9 },
      ]);
      const bot = await pupilAt(toVictim, recognizer);
      const steps: Array<[string, string]> = [['meni', 'reportFlow.ask.ageSelf'], ['I am 13 years old', 'reportFlow.ask.platform'], ['pick:instagram', 'reportFlow.ask.ongoing'], ['pick:yes', 'reportFlow.ask.q.meetingPlanned'], ['nema', 'reportFlow.ask.narrative']];
      for (const [text, expect] of steps) {
        const k = keys(await bot.send(text));
        assert.ok(k.includes(expect), `"${text}": ${k.join()}`);
        assert.deepEqual(k.filter((x) => x.startsWith('crisis.')), [], `"${text}": no card`);
      }
    });

    it('when the same words come with more ("meni, on mi preti da će doći") and the recognizer reads a crisis, then the card comes', async () => {
      const recognizer = new KeywordRecognizer([{ keyword: 'meni', intent: 'emergency', score: 0.8 }]);
      const bot = await pupilAt(toVictim, recognizer);
      const k = keys(await bot.send('meni, on mi preti da će doći'));
      assert.ok(k.includes('crisis.emergency.now'), k.join());
    });

    it('when the danger question is answered "jesam", then the emergency card with 192 comes, and the report goes on', async () => {
      for (const text of ['jesam', 'ЈЕСАМ', 'da, jeste', 'yes']) {
        const bot = await pupilAt(['go:report']);
        const replies = await bot.send(text);
        const k = keys(replies);
        assert.ok(k.includes('crisis.emergency.now') && k.includes('reportFlow.ask.category'), `${text}: ${k.join()}`);
        assert.equal(k.filter((x) => x === 'crisis.emergency.now').length, 1, 'one card');
        assert.equal((await reportInProgress(bot))?.answers.immediateDanger, true);
      }
    });

    it('when the danger question is answered "ja sam u opasnosti", then the crisis check shows the emergency card at once, and the question waits', async () => {
      const bot = await pupilAt(['go:report']);
      const replies = await bot.send('ja sam u opasnosti');
      assert.equal(keys(replies)[0], 'crisis.emergency.now', keys(replies).join());
      assert.ok(buttonTokens(replies).includes('resume'));
      assert.ok(keys(await bot.send('resume')).includes('reportFlow.ask.danger'));
    });
  });

  it('when the reporter checks a report and types "osveži", a reply "ne" and "gotovo", then the first refreshes, "ne" reaches the contact centre, and the last ends the check', async () => {
    const made = await pupilAt(['go:report', 'pick:no', 'pick:grooming', 'pick:self', 'pick:under14', 'pick:instagram', 'pick:yes', 'pick:yes', 'Piše mi neki čovek.', 'pick:ok', 'pick:done', 'pick:skip']);
    const { code, passphrase } = caseOf(await made.send('pick:send'));
    const id = (await fx.report(code))._id.toHexString();
    await fx.services.followUp.postStaffMessage(id, 'staff-1', 'Da li ti i dalje piše?');
    for (const [locale, refresh, no, done] of [['sr-Latn', 'osveži', 'ne', 'gotovo'], ['sr-Cyrl', 'освежи', 'не', 'готово'], ['en', 'refresh', 'no', 'done']] as const) {
      const bot = await pupilAt(['go:report_status', code], nlu, locale);
      assert.ok(keys(await bot.send(locale === 'sr-Cyrl' ? latinToCyrillic(passphrase) : passphrase)).includes('reportStatus.ask.reply'));
      assert.ok(keys(await bot.send(refresh)).includes('reportStatus.found'), `${refresh} refreshes`);
      assert.ok(keys(await bot.send(no)).includes('reportStatus.replySent'), `"${no}" answers the contact centre's question`);
      assert.equal(keys(await bot.send(done))[0], 'menu.again', `${done} ends the check`);
    }
    const replies = (await fx.services.followUp.staffThread(id)).filter((m) => m.from === 'reporter').map((m) => m.text);
    assert.deepEqual(replies, ['ne', 'не', 'no']);
  });

  it('when an adult skips the contact details, then the summary comes (not the first question again), also after "back"', async () => {
    const bot = new BotHarness({ recognizer: nlu, reporting: fx.reporting });
    await bot.join();
    await bot.send('role:teacher');
    for (const s of ['go:report', 'pick:no', 'pick:grooming', 'pick:pupil', 'pick:14-17', 'pick:instagram', 'pick:yes', 'pick:yes', 'Piše joj neki čovek.', 'pick:ok', 'pick:done', 'pick:skip', 'pick:yes']) await bot.send(s);
    assert.equal((await reportInProgress(bot))?.at, 'contactDetails');
    assert.ok(keys(await bot.send('preskoči')).includes('reportFlow.summary.title'));
    assert.ok(keys(await bot.send('back')).includes('reportFlow.ask.contactDetails'));
    const k = keys(await bot.send('nastavnica@example.org'));
    assert.ok(k.includes('reportFlow.summary.contact'), `details given after all are kept: ${k.join()}`);
    const view = await waitingQuestion(bot);
    assert.ok(view?.buttons?.some((b) => 'token' in b && b.token === 'pick:send'));
  });
});
