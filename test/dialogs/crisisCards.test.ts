import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { crisisView } from '../../dialogs/cards/crisisCard';
import { render, resourceKeysOf } from '../../dialogs/shared/reply';
import { contacts } from '../../services/contacts/contacts';
import { LOCALES, Locale } from '../../services/i18n/locales';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import { CRISIS_SITUATIONS, CrisisSituation } from '../../services/nlu/types';
import type { ReporterRole } from '../../core/domain/routing';
import { latinToCyrillic } from '../../services/text/transliterate';
import { BotHarness, keys, telLinks } from '../support/botHarness';
import { isCyrillicText } from '../support/scripts';
import { CHANNEL_LOCALE } from './support/samples';

/** What each card says (keys, in order) to a child and to an adult, and which lines it calls. */
const EXPECTED: Record<CrisisSituation, { child: string[]; adult: string[]; tel: string[] }> = {
  selfHarm: {
    child: ['crisis.selfHarm.warm', 'crisis.selfHarm.lines', 'crisis.selfHarm.hurt', 'crisis.selfHarm.stay'],
    adult: ['crisis.selfHarm.adult.warm', 'crisis.selfHarm.adult.aboutChild', 'crisis.selfHarm.adult.lines', 'crisis.selfHarm.adult.hurt', 'crisis.selfHarm.adult.stay'],
    tel: ['tel:116111', 'tel:0800300303', 'tel:194'],
  },
  personDanger: {
    child: ['crisis.emergency.now', 'crisis.emergency.meanwhile'],
    adult: ['crisis.emergency.adult.now', 'crisis.emergency.adult.meanwhile'],
    tel: ['tel:192'],
  },
  homeViolence: {
    child: ['crisis.homeViolence.now', 'crisis.homeViolence.lines', 'crisis.homeViolence.meanwhile'],
    adult: ['crisis.homeViolence.adult.now', 'crisis.homeViolence.adult.lines'],
    tel: ['tel:192', 'tel:116111'],
  },
  missingChild: {
    child: ['crisis.missingChild.now', 'crisis.missingChild.meanwhile'],
    adult: ['crisis.missingChild.adult.now', 'crisis.missingChild.adult.meanwhile'],
    tel: ['tel:192'],
  },
};

const ROLES: Array<{ role: ReporterRole | undefined; reader: 'child' | 'adult' }> = [
  { role: 'pupil', reader: 'child' }, { role: undefined, reader: 'child' }, { role: 'other', reader: 'child' },
  { role: 'teacher', reader: 'adult' }, { role: 'parent', reader: 'adult' },
];

const textOf = (a: Partial<Activity>): string => [
  a.text ?? '',
  ...(a.attachments ?? []).map((x) => JSON.stringify(x.content)),
].join('\n');
const tels = (a: Partial<Activity>): string[] => telLinks([a]);

describe('crisis cards: one per situation, in every locale, for children and adults', () => {
  for (const situation of CRISIS_SITUATIONS) {
    for (const locale of LOCALES) {
      for (const { role, reader } of ROLES) {
        it(`when the situation is ${situation} (${locale}, ${role ?? 'no role yet'}), then the ${reader}'s card with its lines comes`, () => {
          const a = render(locale, crisisView(situation, { role, canResume: true }));
          const say = resourceKeysOf(a).filter((k) => k.startsWith('crisis.') && !k.endsWith('.cardTitle'));
          assert.deepEqual(say, EXPECTED[situation][reader]);
          assert.deepEqual(tels(a), EXPECTED[situation].tel);
          assert.ok(!/\{\w+\}/.test(textOf(a)), 'every placeholder is filled');
          if (locale === 'sr-Cyrl') assert.ok(isCyrillicText(a.text ?? ''), 'Cyrillic reader, Cyrillic card');
        });
      }
    }
  }

  it('when a card names a line, then its number and hours come from content/contacts.yaml', () => {
    const c = contacts();
    const selfHarm = textOf(render('sr-Latn', crisisView('selfHarm', { role: 'pupil', canResume: false })));
    for (const n of [c.childLine.number, c.srce.number, c.ambulance.number]) assert.ok(selfHarm.includes(n), n);
    assert.ok(c.srce.hours.kind === 'daily' && selfHarm.includes(c.srce.hours.from) && selfHarm.includes(c.srce.hours.to), 'Centar Srce with its hours');
    assert.ok(!selfHarm.includes(c.police.number), 'a medical emergency is 194, not 192');
    const home = textOf(render('en', crisisView('homeViolence', { role: 'pupil', canResume: false })));
    for (const n of [c.police.number, c.childLine.number]) assert.ok(home.includes(n), n);
    for (const id of ['police', 'ambulance', 'childLine', 'srce'] as const) assert.ok(c[id].sources.length > 0 && c[id].checked, `${id} has a source`);
    assert.equal(c.ambulance.number, '194');
  });

  it('when violence is at home, then the card does not tell the child to avoid meeting a stranger', () => {
    for (const role of ['pupil', 'parent'] as const) {
      const k = resourceKeysOf(render('sr-Latn', crisisView('homeViolence', { role, canResume: false })));
      assert.ok(!k.some((key) => key.startsWith('crisis.emergency.')), k.join());
    }
  });

  it('when self-harm comes with a danger in one message, then the danger card also gives the self-harm lines and numbers', () => {
    const both = { situation: 'homeViolence' as const, situations: ['homeViolence', 'selfHarm'] as const };
    const child = render('sr-Latn', crisisView(both, { role: 'pupil', canResume: false }));
    assert.deepEqual(resourceKeysOf(child).filter((k) => !k.startsWith('button.') && !k.startsWith('contacts.') && !k.endsWith('cardTitle')), [
      'crisis.homeViolence.now', 'crisis.homeViolence.lines', 'crisis.homeViolence.meanwhile', 'crisis.selfHarm.lines', 'crisis.selfHarm.hurt',
    ]);
    assert.deepEqual(tels(child), ['tel:192', 'tel:116111', 'tel:0800300303', 'tel:194']);
    const adult = resourceKeysOf(render('en', crisisView(both, { role: 'teacher', canResume: false })));
    assert.ok(adult.includes('crisis.selfHarm.adult.lines') && adult.includes('crisis.selfHarm.adult.hurt'), adult.join());
  });

  it('when a dialog is waiting, then the card offers to continue it, a person and the menu', () => {
    const a = render('en', crisisView('missingChild', { role: 'parent', canResume: true }));
    const tokens = (a.suggestedActions?.actions ?? []).map((x) => (x.value as { token?: string } | undefined)?.token);
    assert.deepEqual(tokens, ['resume', 'go:human', 'menu']);
  });
});

describe('crisis cards in a conversation, with the real recognizer', function () {
  this.timeout(120_000);
  const recognizer = new NlpjsRecognizer();
  before(() => recognizer.init());

  /** What a pupil writes in each locale, and the card that must come (null: none). */
  const MESSAGES: Array<{ sr: string; en: string; card: string | null; tel?: string }> = [
    { sr: 'tata me tuče', en: 'my dad hits me', card: 'crisis.homeViolence.now', tel: 'tel:116111' },
    { sr: 'nema me više sutra', en: "I won't be around tomorrow, goodbye forever", card: 'crisis.selfHarm.hurt', tel: 'tel:194' },
    { sr: 'rekao je da će doći do moje kuće', en: 'he said he will come to my house', card: 'crisis.emergency.now', tel: 'tel:192' },
    { sr: 'drugarica je otišla da se nađe sa nekim sa interneta i nije se vratila', en: 'my friend went to meet someone from the internet and has not come back', card: 'crisis.missingChild.now', tel: 'tel:192' },
    { sr: 'bojim se da će mama da se naljuti', en: "I'm scared my mum will be angry", card: null },
  ];

  for (const locale of LOCALES) {
    it(`when a pupil writes each situation in ${locale}, then the matching card comes, and a worried-but-safe message gets none`, async () => {
      for (const m of MESSAGES) {
        const text = locale === 'en' ? m.en : locale === 'sr-Cyrl' ? latinToCyrillic(m.sr) : m.sr;
        const bot = new BotHarness({ recognizer, locale: CHANNEL_LOCALE[locale as Locale] });
        await bot.join();
        await bot.send('role:pupil');
        const replies = await bot.send(text);
        const k = keys(replies);
        if (m.card === null) {
          assert.ok(!k.some((key) => key.startsWith('crisis.')), `${text}: ${k.join()}`);
          continue;
        }
        assert.ok(k.includes(m.card), `${text}: ${k.join()}`);
        assert.ok(telLinks(replies).includes(m.tel ?? ''), `${text}: ${telLinks(replies).join()}`);
        assert.equal(replies[0]?.locale, locale);
      }
    });
  }
});
