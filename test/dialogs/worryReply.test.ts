import assert from 'node:assert/strict';
import { LOCALES, type Locale } from '../../services/i18n/locales';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import { latinToCyrillic } from '../../services/text/transliterate';
import { BotHarness, keys, telLinks } from '../support/botHarness';
import { CHANNEL_LOCALE } from './support/samples';

/** A child afraid of how a parent will react, or afraid to tell: no crisis, but not "I can't help with that". */
const FEAR_OF_TELLING: Readonly<Record<'sr' | 'en', readonly string[]>> = {
  sr: ['bojim se da će mama da se naljuti', 'plašim se da kažem tati', 'ne smem da kažem mami šta mi se desilo', 'strah me je da će roditelji da saznaju'],
  en: ["I'm scared my mum will be angry", "i'm afraid to tell my dad", 'my parents will be so mad at me'],
};

const inLocale = (locale: Locale, text: string): string => (locale === 'sr-Cyrl' ? latinToCyrillic(text) : text);

/**
 * Issue 12: "bojim se da će mama da se naljuti" got "Žao mi je što ti je
 * sada toliko teško…" (a crisis card) and later "I can't help with that".
 * Fear of telling a parent is no crisis, and it deserves the children's line
 * (NADEL 116 111), which helps a child find a way to say it.
 */
describe('a child afraid of telling a parent gets the children\'s line, with the real recognizer', function () {
  this.timeout(120_000);
  const recognizer = new NlpjsRecognizer();
  before(() => recognizer.init());

  async function said(text: string, locale: Locale, role = 'pupil'): Promise<{ k: string[]; tels: string[]; text: string }> {
    const bot = new BotHarness({ recognizer, locale: CHANNEL_LOCALE[locale] });
    await bot.join();
    await bot.send(`role:${role}`);
    const replies = await bot.send(text);
    return { k: keys(replies), tels: telLinks(replies), text: replies.map((r) => r.text ?? '').join('\n') };
  }

  for (const locale of LOCALES) {
    it(`when a pupil writes she is afraid to tell or of a parent's anger (${locale}), then she gets the children's line with a button to call it, no crisis card, then the menu`, async () => {
      for (const sentence of FEAR_OF_TELLING[locale === 'en' ? 'en' : 'sr']) {
        const text = inLocale(locale, sentence);
        const { k, tels, text: shown } = await said(text, locale);
        assert.equal(k[0], 'worry.fearOfTelling.say', `${text}: ${k.join()}`);
        assert.ok(!k.some((key) => key.startsWith('crisis.')) && !k.includes('none.redirect'), `${text}: ${k.join()}`);
        assert.ok(tels.includes('tel:116111'), `${text}: ${tels.join()}`);
        assert.match(shown, /116 111/);
        assert.ok(k.includes('menu.again'), `${text}: the menu follows: ${k.join()}`);
      }
    });
  }

  it('when an adult writes it, then the answer speaks "Vi" and about the child', async () => {
    const { k, text } = await said('bojim se da će roditelji da se naljute', 'sr-Latn', 'parent');
    assert.equal(k[0], 'worry.fearOfTelling.say');
    assert.match(text, /Možete i meni/);
    assert.doesNotMatch(text, /Možeš/);
  });

  it('when the fear comes with violence at home, then the crisis card comes, not the worry answer', async () => {
    const { k, tels } = await said('bojim se da kažem mami, tata me tuče', 'sr-Latn');
    assert.equal(k[0], 'crisis.homeViolence.now', k.join());
    assert.ok(!k.includes('worry.fearOfTelling.say'), k.join());
    assert.ok(tels.includes('tel:192'));
  });

  it('when something else the bot cannot help with is written, then it still says so', async () => {
    const { k } = await said('koja je najbolja pica u gradu', 'sr-Latn');
    assert.ok(k.includes('none.redirect') && !k.includes('worry.fearOfTelling.say'), k.join());
  });
});
