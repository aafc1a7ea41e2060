import assert from 'node:assert/strict';
import { localeFromTag, nextLocale } from '../../../services/i18n/localeChoice';

describe('locale per turn (services/i18n/localeChoice)', () => {
  it('when a channel sends a BCP-47 tag, then it maps to a product locale', () => {
    assert.equal(localeFromTag('en-US'), 'en');
    assert.equal(localeFromTag('sr-Cyrl-RS'), 'sr-Cyrl');
    assert.equal(localeFromTag('sr-RS'), 'sr-Latn');
    assert.equal(localeFromTag('sr-Cyrl'), 'sr-Cyrl');
    assert.equal(localeFromTag('de-DE'), 'sr-Latn');
    assert.equal(localeFromTag(undefined), 'sr-Latn');
  });

  it('when the user writes Cyrillic, even one word, then answers are in Cyrillic', () => {
    assert.equal(nextLocale({ current: 'sr-Latn', chosen: false, detected: 'sr-Cyrl', text: 'здраво' }), 'sr-Cyrl');
    assert.equal(nextLocale({ current: 'en', chosen: true, detected: 'sr-Cyrl', text: 'ко ме уцењује' }), 'sr-Cyrl');
  });

  it('when the user writes a one-word message such as "ok", then the language does not flap', () => {
    assert.equal(nextLocale({ current: 'sr-Latn', chosen: false, detected: 'en', text: 'ok' }), 'sr-Latn');
    assert.equal(nextLocale({ current: 'en', chosen: false, detected: 'sr-Latn', text: 'da' }), 'en');
    assert.equal(nextLocale({ current: 'sr-Cyrl', chosen: false, detected: 'sr-Latn', text: 'hvala' }), 'sr-Cyrl');
    assert.equal(nextLocale({ current: 'sr-Latn', chosen: false, detected: 'en', text: '👍 112' }), 'sr-Latn');
  });

  it('when the user writes a sentence in English or Serbian, then the language follows', () => {
    assert.equal(nextLocale({ current: 'sr-Latn', chosen: false, detected: 'en', text: 'someone is blackmailing me' }), 'en');
    assert.equal(nextLocale({ current: 'en', chosen: false, detected: 'sr-Latn', text: 'neko me ucenjuje' }), 'sr-Latn');
    assert.equal(nextLocale({ current: 'sr-Cyrl', chosen: false, detected: 'sr-Latn', text: 'neko me ucenjuje' }), 'sr-Latn');
  });

  it('when the user chose Cyrillic and types Serbian in Latin, then Cyrillic stays (many read Cyrillic but type Latin)', () => {
    assert.equal(nextLocale({ current: 'sr-Cyrl', chosen: true, detected: 'sr-Latn', text: 'neko me ucenjuje slikama' }), 'sr-Cyrl');
  });

  it('when the user chose a language, then only a longer message in another language changes it', () => {
    assert.equal(nextLocale({ current: 'sr-Cyrl', chosen: true, detected: 'en', text: 'thank you' }), 'sr-Cyrl');
    assert.equal(nextLocale({ current: 'sr-Cyrl', chosen: true, detected: 'en', text: 'my account was hacked' }), 'en');
  });
});
