import assert from 'node:assert/strict';
import { latinToCyrillic } from '../../../services/text/transliterate';
import { CrisisNet, crisisFromRest, crisisLexiconPhrases } from '../../../services/nlu/crisisNet';
import { NlpjsRecognizer } from '../../../services/nlu/nlpjsRecognizer';
import { BOUNDARY, Phrase } from '../../../services/nlu/phraseMatcher';
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

  it('when a phrase has an optional group, then it matches with and without it; spans say where', () => {
    const p = new Phrase('(ubio|umro) (sam|sam se)? od (smeh*|dosad*)');
    assert.ok(p.matches(['umro', 'od', 'dosade']));
    assert.ok(p.matches(['ubio', 'sam', 'se', 'od', 'smeha']));
    assert.ok(!p.matches(['ubio', 'sam', 'se', 'juce']));
    assert.deepEqual(p.spans(['eto', 'umro', 'od', 'smeha', 'i', 'ubio', 'sam', 'od', 'dosade']), [[1, 4], [5, 9]]);
    assert.throws(() => new Phrase('(nista)?'), /no words/);
  });

  it('when words are masked with a boundary, then no phrase matches across it, not even through a gap', () => {
    const p = new Phrase('hoću ... da umrem');
    assert.ok(p.matches(['hocu', 'samo', 'da', 'umrem']));
    assert.ok(!p.matches(['hocu', BOUNDARY, 'da', 'umrem']));
    assert.ok(!new Phrase('da umrem').matches(['da', BOUNDARY]));
  });

  it('when a message holds an idiom, a parent\'s anger or shame, then the classifier is given the rest, or nothing when too little is left', () => {
    assert.deepEqual(net.read('umreću od smeha'), { situations: [], classifyText: '', masked: true });
    assert.equal(net.read('bojim se da će mama da se naljuti').classifyText, '');
    assert.equal(net.read("I'm dying of embarrassment").classifyText, '');
    const rest = net.read('sramota me je, neko mi je hakovao profil na instagramu');
    assert.equal(rest.masked, true);
    assert.doesNotMatch(rest.classifyText, /sramot/);
    assert.match(rest.classifyText, /hakovao profil/);
    const plain = net.read('kako da prijavim lažni profil');
    assert.deepEqual(plain, { situations: [], classifyText: 'kako da prijavim lažni profil', masked: false });
  });

  it('when a message was masked, then its crisis scores come from the rest and everything else from the whole message', () => {
    const whole = [{ intent: 'emergency' as const, score: 0.9 }, { intent: 'cyberbullying' as const, score: 0.08 }, { intent: 'none' as const, score: 0.02 }];
    assert.deepEqual(crisisFromRest(whole, [], 3), [{ intent: 'cyberbullying', score: 0.08 }, { intent: 'none', score: 0.02 }]);
    const rest = [{ intent: 'self_harm' as const, score: 0.7 }, { intent: 'help' as const, score: 0.3 }];
    assert.deepEqual(crisisFromRest(whole, rest, 2), [{ intent: 'self_harm', score: 0.7 }, { intent: 'cyberbullying', score: 0.08 }]);
    assert.deepEqual(crisisFromRest([{ intent: 'emergency', score: 1 }], [], 3), [{ intent: 'none', score: 1 }]);
  });

  it('when a crisis phrase stands beside an idiom or a parent\'s anger, then the crisis still counts', () => {
    assert.deepEqual(net.read('umreću od sramote, hoću da se ubijem').situations, ['selfHarm']);
    assert.deepEqual(net.read('mama će se naljutiti, ali tata me tuče').situations.includes('homeViolence'), true);
    // A word of violence cancels the fear-of-a-parent reading altogether.
    assert.deepEqual(net.read('bojim se tate, naljuti se i onda me udari').situations.includes('homeViolence'), true);
  });

  it('when situations are found, then they come in priority order: missing child, violence at home, danger, self-harm', () => {
    assert.deepEqual(net.read('tata me tuče i hoću da se ubijem').situations, ['homeViolence', 'personDanger', 'selfHarm']);
    assert.deepEqual(net.read('ćerka je nestala').situations, ['missingChild']);
    assert.deepEqual(net.hits('tata me tuče i hoću da se ubijem'), ['emergency', 'self_harm']);
  });

  it('when an `all` entry\'s words come in either order, then it fires ("tata me tuče" and "tuče me tata")', () => {
    for (const t of ['tata me tuče', 'tuče me tata', 'otac me je udario', 'my dad hits me', 'hits me, my dad']) {
      assert.ok(net.read(t).situations.includes('homeViolence'), t);
    }
    assert.ok(!net.read('tata mi je kupio telefon').situations.includes('homeViolence'));
  });

  it('when the lexicon names an unknown word group, then loading it fails with the name', () => {
    const lexicon = { words: {}, filler: [], notCrisis: [], situations: { selfHarm: ['@nope'], personDanger: ['x'], homeViolence: ['x'], missingChild: ['x'] } };
    assert.throws(() => new CrisisNet(lexicon), /@nope/);
  });

  it('when the lexicon is listed for the leak check, then only plain-word phrases are returned', () => {
    const phrases = crisisLexiconPhrases();
    assert.ok(phrases.includes('kidnapped'));
    assert.ok(phrases.every((p) => !/[*|()@]|\.\.\./.test(p)));
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
