import assert from 'node:assert/strict';
import { isOnlyEntities } from '../../../services/nlu/entityOnly';
import { NlpjsRecognizer } from '../../../services/nlu/nlpjsRecognizer';
import { crisisIn } from '../../../bots/crisisCheck';

describe('answers that are only names (places, platforms, handles, links)', () => {
  for (const text of ['Novi Sad', 'Нови Сад', 'u Nišu', 'iz Novog Sada', 'Instagram', 'Instagram i TikTok', 'insta', '@tajni_lik', 'https://instagram.com/neko', 'Beograd.']) {
    it(`when the message is "${text}", then it is recognised as only names`, () => {
      assert.equal(isOnlyEntities(text), true);
    });
  }
  for (const text of ['Novi Sad je lep', 'prati me na Instagramu', 'neko mi preti na TikToku', 'ubiću se', 'sad', 'zdravo', '']) {
    it(`when the message is "${text}", then it is not`, () => {
      assert.equal(isOnlyEntities(text), false);
    });
  }

  describe('with the embedded recognizer', function () {
    this.timeout(60_000);
    const recognizer = new NlpjsRecognizer();
    before(() => recognizer.init());

    it('when a child from Novi Sad names the town, in either script, then no crisis is raised and the town is an entity', async () => {
      for (const text of ['Novi Sad', 'Нови Сад']) {
        const r = await recognizer.recognize(text, 'sr-Latn');
        assert.equal(r.intent, 'none', text);
        assert.equal(crisisIn(r), undefined, text);
        assert.deepEqual(r.entities.municipalities, ['novi-sad']);
      }
    });

    it('when a crisis phrase comes with a place name, then the crisis is still raised', async () => {
      const r = await recognizer.recognize('u Novom Sadu sam i hoću da se ubijem', 'sr-Latn');
      assert.equal(crisisIn(r)?.kind, 'self_harm');
    });

    it('when a short everyday answer is given ("ne znam", "moja mama"), then no crisis card is raised', async () => {
      for (const text of ['ne znam', 'не знам', 'moja mama', 'I don\'t know']) {
        assert.equal(crisisIn(await recognizer.recognize(text, 'sr-Latn')), undefined, text);
      }
    });
  });
});
