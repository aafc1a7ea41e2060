import assert from 'node:assert/strict';
import { LOCALES, Locale } from '../../services/i18n/locales';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import { TOPIC_INTENTS, TopicIntent } from '../../services/nlu/types';
import { latinToCyrillic } from '../../services/text/transliterate';
import { BotHarness, buttonTokens, keys } from '../support/botHarness';
import { CHANNEL_LOCALE } from './support/samples';

/** Questions as people write them — not lines from the training corpus. */
const SERBIAN: Readonly<Record<TopicIntent, string>> = {
  grooming: 'neki stariji lik mi stalno piše i traži da se nađemo',
  sextortion: 'preti da će objaviti moje slike ako mu ne pošaljem pare',
  nudes: 'dečko traži da mu pošaljem golu sliku',
  cyberbullying: 'drugari iz razreda me vređaju u grupi',
  csam: 'naišao sam na snimak seksualnog zlostavljanja deteta',
  privacy: 'neko mi je hakovao instagram nalog',
  warning_signs: 'kako da prepoznam da je dete u opasnosti na internetu',
  how_to_report: 'kako izgleda postupak prijave i da li je anonimno',
  parental_controls: 'kako da podesim roditeljsku kontrolu na telefonu',
};
const ENGLISH: Readonly<Record<TopicIntent, string>> = {
  grooming: 'an older guy keeps messaging me and wants to meet',
  sextortion: 'he says he will post my photos unless I pay him',
  nudes: 'my boyfriend wants me to send him a naked picture',
  cyberbullying: 'kids from my class insult me in the group chat',
  csam: 'I came across a video of a child being sexually abused',
  privacy: 'someone hacked my instagram account',
  warning_signs: 'how can I tell if my child is in danger online',
  how_to_report: 'how does reporting work and is it anonymous',
  parental_controls: 'how do I set up parental controls on a phone',
};
const question = (locale: Locale, topic: TopicIntent): string =>
  locale === 'en' ? ENGLISH[topic] : locale === 'sr-Cyrl' ? latinToCyrillic(SERBIAN[topic]) : SERBIAN[topic];

describe('free text reaches every topic with the embedded recognizer, in every locale and role', function () {
  this.timeout(60_000);
  const recognizer = new NlpjsRecognizer();
  before(() => recognizer.init());

  for (const locale of LOCALES) {
    for (const role of ['pupil', 'teacher', 'parent'] as const) {
      it(`when a ${role} writes about each topic in ${locale}, then the ${role}'s text for that topic comes (at most one "did you mean" tap away), in ${locale}`, async () => {
        const bot = new BotHarness({ locale: CHANNEL_LOCALE[locale], recognizer });
        await bot.join();
        await bot.send(`role:${role}`);
        for (const topic of TOPIC_INTENTS) {
          let replies = await bot.send(question(locale, topic));
          assert.equal(replies[0]?.locale, locale);
          if (keys(replies)[0] === 'clarify.ask') {
            // Not sure enough to answer directly: the topic must be among the offered buttons.
            assert.ok(buttonTokens(replies).includes(`topic:${topic}`), `${question(locale, topic)}: offered ${buttonTokens(replies).join()}`);
            replies = await bot.send(`topic:${topic}`);
          }
          assert.deepEqual(keys(replies).slice(0, 2), [`topic.${topic}.title`, `topic.${topic}.${role}`], question(locale, topic));
          await bot.send('menu');
        }
      });
    }
  }
});
