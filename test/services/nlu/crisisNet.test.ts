import assert from 'node:assert/strict';
import { latinToCyrillic } from '../../../services/text/transliterate';
import { CrisisNet } from '../../../services/nlu/crisisNet';
import { NlpjsRecognizer } from '../../../services/nlu/nlpjsRecognizer';
import { Phrase } from '../../../services/nlu/phraseMatcher';
import type { Recognition } from '../../../services/nlu/types';

const strip = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'dj');

describe('crisis safety net', () => {
  const net = CrisisNet.fromContent();

  const selfHarm = [
    'ubiću se', 'hoću da se ubijem', 'ne želim više da živim', 'seče se moja drugarica', 'sečem ruke',
    'bolje bi bilo da me nema', 'razmišljam o samoubistvu', 'popiću sve tablete',
    'I want to die', 'I am going to kill myself', 'I have been cutting myself', 'everyone is better off without me',
  ];
  const emergency = [
    'prati me neki čovek', 'ispred moje kuće je on', 'sada dolazi kod mene', 'zaključao me u sobu',
    'u opasnosti sam', 'pretio je da će me ubiti', 'neko pokušava da uđe u stan',
    "I'm in danger", 'a man is following me', 'he is outside my house', 'he locked me in the room', 'someone is trying to break in',
  ];

  for (const [intent, phrases] of [['self_harm', selfHarm], ['emergency', emergency]] as const) {
    for (const phrase of phrases) {
      it(`when "${phrase}" is written (as is, in Cyrillic, without diacritics), then ${intent} is hit`, () => {
        const variants = [phrase, strip(phrase), /[a-z]/i.test(phrase) && !/[wqxy]/i.test(phrase) ? latinToCyrillic(phrase) : phrase];
        for (const v of variants) assert.deepEqual(net.hits(v), [intent], v);
      });
    }
  }

  it('when the phrase sits inside a longer message, then it is still caught', () => {
    assert.deepEqual(
      net.hits('Ne znam kome da kažem, u školi me svi ignorišu, a kod kuće je još gore i iskreno ne želim više da živim ovako.'),
      ['self_harm'],
    );
    assert.deepEqual(net.hits('ok so this guy from discord, he found my address and now he is outside my house, what do i do'), ['emergency']);
  });

  it('when "prati me" means followers on a platform, then no emergency is raised', () => {
    assert.deepEqual(net.hits('neki lik me prati na instagramu i lajkuje sve'), []);
    assert.deepEqual(net.hits('he follows me on tiktok'), []);
    assert.deepEqual(net.hits('moja mama će me ubiti ako vidi ocenu'), []);
  });

  it('when an everyday message has no crisis phrase, then nothing is hit', () => {
    for (const t of ['zdravo', 'kako da zaključam profil', 'how do I set parental controls', 'ne mogu da se ulogujem']) {
      assert.deepEqual(net.hits(t), [], t);
    }
  });

  it('when the classifier says something else, then apply() puts the lexicon intent first and marks the hit', () => {
    const classified: Recognition = {
      intent: 'greeting', score: 0.9, locale: 'sr-Latn', entities: { platforms: [], municipalities: [] },
      alternatives: [{ intent: 'greeting', score: 0.9 }, { intent: 'help', score: 0.1 }],
    };
    const raised = net.apply('zdravo, hoću da se ubijem', classified);
    assert.equal(raised.intent, 'self_harm');
    assert.equal(raised.crisisLexiconHit, true);
    assert.equal(raised.alternatives[0]?.intent, 'self_harm');
    assert.ok(raised.score >= 0.9);
    assert.equal(net.apply('zdravo', classified), classified);
  });

  it('when a lexicon phrase uses groups, prefixes and gaps, then they match as documented', () => {
    const p = new Phrase('(ne želim|neću) ... da živim*');
    assert.ok(p.matches(['ne', 'zelim', 'vise', 'da', 'zivim']));
    assert.ok(p.matches(['necu', 'da', 'zivimo']));
    assert.ok(!p.matches(['ne', 'zelim', 'a', 'b', 'c', 'd', 'da', 'zivim']));
  });

  describe('on top of the embedded classifier', () => {
    const recognizer = new NlpjsRecognizer();
    before(async function () {
      this.timeout(60000);
      await recognizer.init();
    });

    it('when a crisis phrase is buried in an off-topic message, then the recognizer returns the crisis intent', async () => {
      const r = await recognizer.recognize('koliko je sati i da li pada kiša, ne znam, mislim da ću se ubiti');
      assert.equal(r.intent, 'self_harm');
      const e = await recognizer.recognize('my homework is due tomorrow but a guy is following me home right now');
      assert.equal(e.intent, 'emergency');
    });
  });
});
