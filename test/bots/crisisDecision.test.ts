import assert from 'node:assert/strict';
import { crisisOfMessage } from '../../bots/crisisCheck';
import { loadCrisisHeldOut, loadHeldOut } from '../../services/nlu/corpus';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import { normalise } from '../../services/nlu/normalise';
import type { CrisisSituation } from '../../services/nlu/types';
import { latinToCyrillic } from '../../services/text/transliterate';

/**
 * The bot's crisis decision (the function the turn pipeline runs) with the
 * real embedded recognizer, on messages a child or parent would write. These
 * are the development examples — the sentences and the patterns they
 * stand for; content/nlu/crisis-heldout.yaml (never used while writing the
 * lexicon) measures the same on unseen messages in crisisThreshold.test.ts.
 * Every Serbian sentence is also tried in Cyrillic and without diacritics.
 */
const MUST_FIRE: Record<CrisisSituation, { sr: string[]; en: string[] }> = {
  selfHarm: {
    sr: [
      'nema me više sutra', 'ne želim više da živim', 'hoću da se ubijem', 'sečem se kad mi je teško',
      'popila sam sve tablete iz kutije', 'mislim da bi bilo bolje da me nema', 'drugarica kaže da će se ubiti',
      'isekla sam ruke', 'želim da zaspim i da se ne probudim', 'ubiću se ako ovo vide u školi',
    ],
    en: [
      'I want to kill myself', 'I took all my pills', 'I have been cutting myself', 'they would all be better off without me',
      'my friend says she wants to die', 'I wish I was never born', 'i dont want to be alive anymore',
    ],
  },
  personDanger: {
    sr: [
      'rekao je da će doći do moje kuće', 'prati me neki čovek od škole', 'čeka me posle škole svaki dan',
      'neki lik me čeka ispred zgrade', 'zna gde živim i kaže da će doći', 'pretio mi je da će me pretući',
      'on je sad ispred vrata', 'zaključao me je u kupatilo', 'ide za mnom neki čovek', 'piše mi da će me sačekati posle treninga',
    ],
    en: [
      'he said he is coming to my house', 'someone is following me home', 'a man waits for me after school every day',
      'he knows where I live and says he will come', 'he threatened to come to my house', 'some guy is outside my door',
    ],
  },
  homeViolence: {
    sr: ['tata me tuče', 'tuče me tata kad se napije', 'mama me bije', 'očuh bije mamu', 'roditelji me biju kaišem', 'bojim se da idem kući jer me tata bije'],
    en: ['my dad hits me', 'my stepfather beats my mom', 'my mom hits me with a belt', 'my father beat me last night'],
  },
  missingChild: {
    sr: [
      'ćerka je otišla da se nađe sa nekim koga je upoznala na internetu i nije se vratila',
      'sin je nestao, dopisivao se sa nekim na instagramu', 'drugarica se nije vratila kući od juče', 'moje dete je nestalo',
    ],
    en: [
      'my daughter went to meet someone she met online and has not come back', 'my son is missing, he was talking to a man on instagram',
    ],
  },
};

/** Fear of a parent's anger, shame, sadness, idioms, negations, followers, ordinary worries. */
const MUST_NOT_FIRE = {
  sr: [
    'bojim se da će mama da se naljuti', 'umreću od smeha', 'ova igrica me ubija', 'ubio sam se od učenja', 'sramota me je',
    'tužna sam jer me niko ne zove', 'mama će me ubiti kad vidi ocene', 'plašim se da kažem tati', 'stidim se',
    'umirem od dosade', 'izblamirao sam se', 'nisam u opasnosti', 'prati me puno ljudi na instagramu', 'crkla sam od smeha',
    'plašim se da će me tata kazniti', 'tata će da se ljuti', 'sramota me da kažem mami', 'tužan sam',
  ],
  en: [
    "I'm dying of embarrassment", 'my mom is going to kill me', 'this game is killing me', "I'm so embarrassed",
    "I'm sad, nobody likes me", 'afraid my dad will be angry', 'I died laughing', 'scared to tell my mom about my grades',
    'I am not in danger', 'people follow me on tiktok',
  ],
};

const strip = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'dj');
const variants = (sr: string): string[] => [sr, latinToCyrillic(sr), strip(sr)];

describe('the crisis decision on what children and parents write (embedded recognizer)', function () {
  this.timeout(120_000);
  const recognizer = new NlpjsRecognizer();
  before(() => recognizer.init());
  const decide = async (text: string) => crisisOfMessage(text, await recognizer.recognize(text));

  for (const [situation, { sr, en }] of Object.entries(MUST_FIRE) as Array<[CrisisSituation, { sr: string[]; en: string[] }]>) {
    it(`when a ${situation} message is written (sr-Latn, sr-Cyrl, no diacritics, en), then the ${situation} card is chosen`, async () => {
      const wrong: string[] = [];
      for (const text of [...sr.flatMap(variants), ...en]) {
        const d = await decide(text);
        if (d?.situation !== situation) wrong.push(`${text} -> ${d ? d.situation : 'no card'}`);
        else assert.equal(d.kind, situation === 'selfHarm' ? 'self_harm' : 'emergency', text);
      }
      assert.deepEqual(wrong, []);
    });
  }

  it('when a worried-but-safe message is written (fear of parents, shame, sadness, idioms), then no card, in every script', async () => {
    const alarms: string[] = [];
    for (const text of [...MUST_NOT_FIRE.sr.flatMap(variants), ...MUST_NOT_FIRE.en]) {
      const d = await decide(text);
      if (d) alarms.push(`${text} -> ${d.situation}`);
    }
    assert.deepEqual(alarms, []);
  });

  it('when an idiom or a parent\'s anger comes with a real crisis in one message, then the crisis still counts', async () => {
    assert.equal((await decide('sramota me je, hoću da se ubijem'))?.situation, 'selfHarm');
    assert.equal((await decide('bojim se da će tata da se naljuti, onda me tuče'))?.situation, 'homeViolence');
    assert.equal((await decide('umreću od sramote, a on me čeka ispred škole'))?.situation, 'personDanger');
    assert.equal((await decide('lol this game is killing me but a guy is following me home'))?.situation, 'personDanger');
    const both = await decide('tata me tuče i ne želim više da živim');
    assert.equal(both?.kind, 'emergency', 'danger wins the kind');
    assert.equal(both?.situation, 'homeViolence');
    assert.ok(both?.situations.includes('selfHarm'), 'the self-harm travels with it (for the card and a report flag)');
  });

  it('when these development sentences are listed, then none of them is in a held-out set (the held-out sets stay unseen)', () => {
    const heldOut = new Set([...loadHeldOut(), ...loadCrisisHeldOut()].map((e) => normalise(e.text)));
    const dev = [...Object.values(MUST_FIRE).flatMap((s) => [...s.sr, ...s.en]), ...MUST_NOT_FIRE.sr, ...MUST_NOT_FIRE.en];
    assert.deepEqual(dev.filter((t) => heldOut.has(normalise(t))), []);
  });
});
