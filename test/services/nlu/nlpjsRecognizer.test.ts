import assert from 'node:assert/strict';
import type { TrainingExample } from '../../../services/nlu/corpus';
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

  describe('the other language\'s model as a second opinion', () => {
    const corpus: TrainingExample[] = [
      { intent: 'greeting', language: 'en', text: 'hello' },
      { intent: 'greeting', language: 'en', text: 'hi my friend' },
      { intent: 'none', language: 'en', text: 'what is my horoscope' },
      { intent: 'none', language: 'en', text: 'my homework is hard' },
      { intent: 'none', language: 'en', text: 'what do you think' },
      { intent: 'nudes', language: 'en', text: 'what is sexting' },
      { intent: 'nudes', language: 'en', text: 'he wants nudes' },
      { intent: 'greeting', language: 'sr', text: 'zdravo sta ima' },
      { intent: 'sextortion', language: 'sr', text: 'ucenjuje me do sutra' },
      { intent: 'none', language: 'sr', text: 'sta je glavni grad' },
      { intent: 'none', language: 'sr', text: 'ispricaj vic' },
    ];
    const small = new NlpjsRecognizer({ corpus });
    before(async function () {
      this.timeout(60000);
      await small.init();
    });

    it('when English text shares only a short word with Serbian training text, then the Serbian model does not decide it', async () => {
      const r = await small.classify('do my homework', 'en');
      assert.notEqual(r[0]?.intent, 'sextortion');
    });

    it('when Serbian text carries an English word the Serbian model does not know, then the English model may decide it', async () => {
      const r = await small.classify('sta je sexting', 'sr');
      assert.equal(r[0]?.intent, 'nudes');
    });
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
