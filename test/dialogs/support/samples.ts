import type { Locale } from '../../../services/i18n/locales';
import type { TopicIntent } from '../../../services/nlu/types';
import { latinToCyrillic } from '../../../services/text/transliterate';

/** Free-text questions per topic, as people write them (Serbian once, in Latin; Cyrillic derived). */
const SERBIAN: Readonly<Record<TopicIntent, string>> = {
  grooming: 'šta je mamljenje preko interneta',
  sextortion: 'neko me ucenjuje slikama',
  nudes: 'traži mi gole slike',
  cyberbullying: 'vređaju me u grupi na četu',
  csam: 'našao sam snimak zlostavljanja deteta',
  privacy: 'nalog mi je hakovan',
  warning_signs: 'koji su znaci upozorenja',
  how_to_report: 'kako se prijavljuje nasilje',
  parental_controls: 'kako da podesim roditeljsku kontrolu',
};

const ENGLISH: Readonly<Record<TopicIntent, string>> = {
  grooming: 'what is grooming',
  sextortion: 'someone is blackmailing me',
  nudes: 'he wants my nude photo',
  cyberbullying: 'the kids in my class bully me',
  csam: 'I found an abuse video in a chat',
  privacy: 'my account was hacked',
  warning_signs: 'what are the warning signs',
  how_to_report: 'how do reports work',
  parental_controls: 'how do I set parental controls',
};

/** A free-text question about `topic` written in `locale`. */
export function topicQuestion(locale: Locale, topic: TopicIntent): string {
  if (locale === 'en') return ENGLISH[topic];
  return locale === 'sr-Cyrl' ? latinToCyrillic(SERBIAN[topic]) : SERBIAN[topic];
}

/** "No" in each locale. */
export const NO: Readonly<Record<Locale, string>> = { 'sr-Latn': 'ne', 'sr-Cyrl': 'не', en: 'no' };

/** Crisis messages the test recognizer classifies, per locale. */
export const CRISIS_TEXT: Readonly<Record<Locale, Record<'emergency' | 'self_harm', string>>> = {
  'sr-Latn': { emergency: 'onaj čovek me prati me do kuće', self_harm: 'mislim da bi bilo bolje da me nema' },
  'sr-Cyrl': { emergency: 'онај човек ме прати ме до куће', self_harm: 'мислим да би било боље да ме нема' },
  en: { emergency: 'a man is following me home right now', self_harm: 'I think it would be better if I was gone' },
};

/** The channel locale tag a client would send for each locale. */
export const CHANNEL_LOCALE: Readonly<Record<Locale, string>> = { 'sr-Latn': 'sr-Latn-RS', 'sr-Cyrl': 'sr-Cyrl-RS', en: 'en-US' };
