import assert from 'node:assert/strict';
import { detectLocale, normalise, tokenize, withWordPairs } from '../../../services/nlu/normalise';

describe('NLU normalisation', () => {
  it('when the same words come in Cyrillic, Latin and without diacritics, then they normalise identically', () => {
    const forms = ['Хоћу да пријавим ђака', 'Hoću da prijavim đaka', 'hocu da prijavim djaka', 'HOĆU DA PRIJAVIM ĐAKA'];
    const normalised = forms.map(normalise);
    assert.deepEqual(new Set(normalised).size, 1, normalised.join(' | '));
    assert.equal(normalised[0], 'hocu da prijavim djaka');
  });

  it('when digraph letters are written in Cyrillic (љ, њ, џ), then they fold to lj, nj, dz', () => {
    assert.equal(normalise('љубав њега џеп'), 'ljubav njega dzep');
  });

  it('when text has punctuation, emoji, apostrophes and stretched letters, then only the words remain', () => {
    assert.deepEqual(tokenize("Pomoooć!!! 😢 I don't know..."), ['pomoc', 'i', 'dont', 'know']);
  });

  it('when chat shorthand is used, then it is expanded to the words it stands for', () => {
    assert.equal(normalise('nzm sta da radim, mn me strah'), 'ne znam sta da radim mnogo me strah');
    assert.equal(normalise('cya, thx'), 'see you thanks');
  });

  it('when word pairs are added, then every word stays and each adjacent pair follows, joined by an underscore', () => {
    assert.equal(withWordPairs('can i report'), 'can i report can_i i_report');
    assert.equal(withWordPairs('hi'), 'hi');
    assert.equal(withWordPairs(''), '');
  });

  it('when the text is mostly Cyrillic, then the locale is sr-Cyrl whatever the hint', () => {
    assert.equal(detectLocale('Здраво, треба ми помоћ', 'en'), 'sr-Cyrl');
  });

  it('when the text is English, then the locale is en even in a Serbian conversation', () => {
    assert.equal(detectLocale('I need to report this', 'sr-Latn'), 'en');
    assert.equal(detectLocale('someone hacked my account', 'sr-Cyrl'), 'en');
  });

  it('when the text is Serbian in Latin script, with or without diacritics, then the locale is sr-Latn', () => {
    assert.equal(detectLocale('neko mi je hakovao nalog', 'en'), 'sr-Latn');
    assert.equal(detectLocale('Želim da prijavim nešto', 'en'), 'sr-Latn');
  });

  it('when English chat shorthand is the whole message, then it counts as the English words it stands for', () => {
    assert.equal(detectLocale('thx', 'sr-Latn'), 'en');
    assert.equal(detectLocale('hiya', 'sr-Latn'), 'en');
  });

  it('when the text gives no sign of a language, then the conversation locale decides', () => {
    assert.equal(detectLocale('ok', 'en'), 'en');
    assert.equal(detectLocale('ok', 'sr-Cyrl'), 'sr-Cyrl');
    assert.equal(detectLocale('13', 'sr-Latn'), 'sr-Latn');
    assert.equal(detectLocale('👍'), 'sr-Latn');
  });
});
