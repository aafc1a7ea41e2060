import assert from 'node:assert/strict';
import { NlpjsRecognizer } from '../../../services/nlu/nlpjsRecognizer';
import { INTENTS } from '../../../services/nlu/types';

describe('embedded NLP.js recognizer', () => {
  const recognizer = new NlpjsRecognizer();
  before(async function () {
    this.timeout(60000);
    await recognizer.init();
  });

  it('when recognize is called before init, then it refuses', async () => {
    await assert.rejects(new NlpjsRecognizer().recognize('zdravo'), /init/);
  });

  const cases: Array<[string, string, string]> = [
    ['zdravo', 'greeting', 'sr-Latn'],
    ['здраво', 'greeting', 'sr-Cyrl'],
    ['hi', 'greeting', 'en'],
    ['treba da prijavim nekoga', 'report', 'sr-Latn'],
    ['I need to report this', 'report', 'en'],
    ['prebaci na engleski', 'language', 'sr-Latn'],
    ['in Cyrillic please', 'language', 'en'],
    ['hakovali su mi instagram', 'privacy', 'sr-Latn'],
    ['ucenjuje me slikama', 'sextortion', 'sr-Latn'],
    ['ko je napisao Na Drini ćuprija', 'none', 'sr-Latn'],
  ];
  for (const [text, intent, locale] of cases) {
    it(`when the text is "${text}", then the intent is ${intent} and the locale ${locale}`, async () => {
      const r = await recognizer.recognize(text);
      assert.equal(r.intent, intent);
      assert.equal(r.locale, locale);
    });
  }

  it('when the same message comes in Cyrillic, Latin and without diacritics, then the intent is the same', async () => {
    const forms = ['Хоћу да пријавим једног лика', 'Hoću da prijavim jednog lika', 'hocu da prijavim jednog lika'];
    const intents = await Promise.all(forms.map(async (f) => (await recognizer.recognize(f)).intent));
    assert.deepEqual(intents, ['report', 'report', 'report']);
  });

  it('when a message is classified, then the result has the contract shape with at most three alternatives', async () => {
    const r = await recognizer.recognize('imam 13 godina i neki matori mi piše na insta, iz Niša sam');
    assert.ok((INTENTS as readonly string[]).includes(r.intent));
    assert.ok(r.score >= 0 && r.score <= 1);
    assert.ok(r.alternatives.length >= 1 && r.alternatives.length <= 3);
    assert.equal(r.alternatives[0]?.intent, r.intent);
    for (let i = 1; i < r.alternatives.length; i++) {
      assert.ok((r.alternatives[i - 1]?.score ?? 0) >= (r.alternatives[i]?.score ?? 0));
    }
    assert.deepEqual(r.entities, { platforms: ['instagram'], municipalities: ['nis'], age: 13 });
  });

  it('when the text is empty, then the intent is none', async () => {
    const r = await recognizer.recognize('   ');
    assert.equal(r.intent, 'none');
  });

  it('when a second recognizer is built from the same corpus, then it reuses the trained model', async function () {
    this.timeout(5000);
    const started = Date.now();
    const again = new NlpjsRecognizer();
    await again.init();
    assert.ok(Date.now() - started < 1000, 'the second init should not train again');
    assert.equal((await again.recognize('zdravo')).intent, 'greeting');
  });
});
