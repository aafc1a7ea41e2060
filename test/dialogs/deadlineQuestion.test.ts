import assert from 'node:assert/strict';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import { BotHarness, keys } from '../support/botHarness';
import { CHANNEL_LOCALE } from './support/samples';
import { reportInProgress, spell, SPELLING_LOCALE, SPELLINGS } from './support/typedSpelling';

/**
 * "When?" after a running deadline, answered with a day's name, on a fixed
 * clock (Wednesday 11 February 2026, 10:00 in Belgrade), in every spelling a
 * child uses, with the embedded recognizer the product runs: the nearest
 * such day counts — today, tomorrow, or in a few days.
 */
const WEDNESDAY = new Date('2026-02-11T09:00:00Z');

/** Up to the sextortion report's "is there a deadline?" (a pupil, about herself). */
const TO_DEADLINE = ['go:report', 'pick:no', 'pick:sextortion', 'pick:self', 'pick:under14', 'pick:instagram', 'pick:yes'];

const DAYS: ReadonlyArray<{ sr: string; en: string; when: 'today' | 'tomorrow' | 'fewDays' }> = [
  { sr: 'do četvrtka', en: 'by Thursday', when: 'tomorrow' },
  { sr: 'u petak', en: 'on Friday', when: 'fewDays' },
  { sr: 'rok je do srede', en: 'by Wednesday', when: 'today' },
  { sr: 'do subote uveče', en: 'Saturday evening', when: 'fewDays' },
];

describe('"when?" after a running deadline, answered with a day\'s name, on a fixed clock', function () {
  this.timeout(120_000);
  const nlu = new NlpjsRecognizer();
  before(() => nlu.init());

  for (const s of SPELLINGS) {
    it(`when a child writes the day (${s}), then it is the nearest such day, recorded as today / tomorrow / in a few days, and the report goes on in ${SPELLING_LOCALE[s]}`, async () => {
      for (const day of DAYS) {
        const bot = new BotHarness({ recognizer: nlu, locale: CHANNEL_LOCALE[SPELLING_LOCALE[s]], clock: () => WEDNESDAY });
        await bot.join();
        await bot.send('role:pupil');
        for (const t of TO_DEADLINE) await bot.send(t);
        assert.ok(keys(await bot.send('pick:yes')).includes('reportFlow.ask.when.deadlineWhen'));
        const text = spell(s, day.sr, day.en);
        const replies = await bot.send(text);
        const k = keys(replies);
        assert.ok(k.includes('reportFlow.ask.q.paidOrSent'), `"${text}": ${k.join()}`);
        assert.deepEqual(k.filter((x) => x.startsWith('crisis.')), [], `"${text}": no crisis card`);
        assert.deepEqual([...new Set(replies.map((r) => r.locale))], [SPELLING_LOCALE[s]], `"${text}": the language stays`);
        assert.equal((await reportInProgress(bot))?.answers.when?.deadlineWhen, day.when, `"${text}"`);
      }
    });
  }

  it('when the child answers "yes, by tomorrow" in one message, then "when?" is not asked again; "back" to the deadline and a plain "yes" asks it', async () => {
    const bot = new BotHarness({ recognizer: nlu, clock: () => WEDNESDAY });
    await bot.join();
    await bot.send('role:pupil');
    for (const t of TO_DEADLINE) await bot.send(t);
    const k = keys(await bot.send('da, do sutra'));
    assert.ok(k.includes('reportFlow.ask.q.paidOrSent'), k.join());
    const p = await reportInProgress(bot);
    assert.equal(p?.answers.questions.deadlineRunning, 'yes');
    assert.equal(p?.answers.when?.deadlineWhen, 'tomorrow');
    assert.ok(keys(await bot.send('nazad')).includes('reportFlow.ask.q.deadlineRunning'));
    assert.ok(keys(await bot.send('da')).includes('reportFlow.ask.when.deadlineWhen'), 'a plain "yes" asks when again');
    assert.equal((await reportInProgress(bot))?.answers.when?.deadlineWhen, undefined, 'the earlier day is dropped');
  });

  it('when the answer is no day at all, then the child is told how to answer and asked again, in her words', async () => {
    const bot = new BotHarness({ recognizer: nlu, clock: () => WEDNESDAY });
    await bot.join();
    await bot.send('role:pupil');
    for (const t of [...TO_DEADLINE, 'pick:yes']) await bot.send(t);
    const k = keys(await bot.send('kad god hoće'));
    assert.ok(k.includes('reportFlow.when.notUnderstood') && k.includes('reportFlow.ask.when.deadlineWhen'), k.join());
  });
});
