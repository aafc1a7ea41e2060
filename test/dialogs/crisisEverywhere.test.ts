import assert from 'node:assert/strict';
import { CRISIS_ALTERNATIVE_THRESHOLD } from '../../bots/crisisCheck';
import { LOCALES } from '../../services/i18n/locales';
import { TOPIC_INTENTS } from '../../services/nlu/types';
import { BotHarness, buttonTokens, keys, telLinks } from '../support/botHarness';
import { KeywordRecognizer } from '../support/keywordRecognizer';
import { CHANNEL_LOCALE, CRISIS_TEXT } from './support/samples';

/**
 * Every point where the bot waits for the user: how to get there, the key of
 * the question asked there, and an answer that moves the dialog on (with the
 * key that proves it moved on).
 */
interface WaitingPoint {
  name: string;
  path: string[];
  question: string;
  answer: string;
  next: string;
}

const WAITING_POINTS: WaitingPoint[] = [
  { name: 'the role question', path: [], question: 'role.ask', answer: 'role:parent', next: 'role.set.parent' },
  { name: 'the main menu', path: ['role:pupil'], question: 'menu.prompt.pupil', answer: 'topic:grooming', next: 'topic.grooming.pupil' },
  ...TOPIC_INTENTS.map((topic) => ({
    name: `the "${topic}" topic's report question`,
    path: ['role:teacher', `topic:${topic}`],
    question: ['warning_signs', 'how_to_report', 'parental_controls'].includes(topic) ? 'topicFlow.askReportGuide' : 'topicFlow.askReport',
    answer: 'no',
    next: 'menu.again',
  })),
  { name: 'the language question', path: ['role:pupil', 'go:language'], question: 'language.ask', answer: 'lang:sr-Latn', next: 'language.switched.sr-Latn' },
  { name: '"did you mean…?"', path: ['role:parent', 'mozda nesto'], question: 'clarify.ask', answer: 'topic:privacy', next: 'topic.privacy.parent' },
  { name: 'the menu after the help lines', path: ['role:other', 'go:human'], question: 'menu.again', answer: 'go:report', next: 'reportFlow.ask.danger' },
  // Every step of the report is covered in reportDialogSteps.test.ts; here its first question stands with the others.
  { name: "the report's danger question", path: ['role:pupil', 'go:report'], question: 'reportFlow.ask.danger', answer: 'pick:no', next: 'reportFlow.ask.category' },
  { name: 'the role question asked again', path: ['role:pupil', 'changeRole'], question: 'role.ask', answer: 'role:teacher', next: 'role.set.teacher' },
];

/** The role chosen on the way to a waiting point (none: the card speaks to a child). */
function roleOf(point: WaitingPoint): string | undefined {
  return [...point.path].reverse().find((s) => s.startsWith('role:'))?.slice('role:'.length);
}

/** The key that proves the crisis card came, in the register of the reader (a teacher or parent gets "vi"). */
function cardKey(crisis: 'emergency' | 'self_harm', role: string | undefined): string {
  const adult = role === 'teacher' || role === 'parent';
  if (crisis === 'emergency') return adult ? 'crisis.emergency.adult.now' : 'crisis.emergency.now';
  return adult ? 'crisis.selfHarm.adult.lines' : 'crisis.selfHarm.lines';
}

async function reach(point: WaitingPoint, locale: (typeof LOCALES)[number]): Promise<BotHarness> {
  const bot = new BotHarness({ locale: CHANNEL_LOCALE[locale] });
  let last = await bot.join();
  for (const step of point.path) last = await bot.send(step);
  assert.ok(keys(last).includes(point.question), `${point.name}: expected ${point.question}, got ${keys(last).join()}`);
  return bot;
}

describe('the crisis check fires at every step of every dialog, and the dialog goes on', () => {
  for (const point of WAITING_POINTS) {
    for (const crisis of ['emergency', 'self_harm'] as const) {
      const card = cardKey(crisis, roleOf(point));
      const line = crisis === 'emergency' ? 'tel:192' : 'tel:116111';

      it(`when a ${crisis} message comes at ${point.name}, then the crisis card comes first, and "continue" asks the question again`, async () => {
        const bot = await reach(point, 'sr-Latn');
        const replies = await bot.send(CRISIS_TEXT['sr-Latn'][crisis]);
        const k = keys(replies);
        assert.ok(k.includes(card), k.join());
        assert.ok(!k.includes(point.question), 'the dialog does not carry on over a crisis');
        assert.ok(telLinks(replies).includes(line), telLinks(replies).join());
        assert.equal(buttonTokens(replies)[0], 'resume');
        const resumed = await bot.send('resume');
        assert.ok(keys(resumed).includes(point.question), `after continue: ${keys(resumed).join()}`);
        assert.ok(keys(await bot.send(point.answer)).includes(point.next));
      });
    }

    it(`when a crisis message comes at ${point.name} and the user simply answers next, then the dialog continues where it was`, async () => {
      const bot = await reach(point, 'sr-Latn');
      assert.ok(keys(await bot.send(CRISIS_TEXT['sr-Latn'].emergency)).includes(cardKey('emergency', roleOf(point))));
      assert.ok(keys(await bot.send(point.answer)).includes(point.next));
    });
  }

  for (const locale of LOCALES) {
    it(`when a crisis message is written in ${locale} inside a topic, then the card comes in ${locale}`, async () => {
      const bot = await reach(WAITING_POINTS[2]!, locale);
      for (const crisis of ['emergency', 'self_harm'] as const) {
        const replies = await bot.send(CRISIS_TEXT[locale][crisis]);
        assert.ok(keys(replies).some((k) => k.startsWith('crisis.')), keys(replies).join());
        assert.equal(replies[0]?.locale, locale);
      }
    });
  }

  it('when a teacher or parent writes about a child harming themselves, then the card speaks to the adult and tells them what to do', async () => {
    for (const role of ['teacher', 'parent'] as const) {
      const bot = new BotHarness();
      await bot.join();
      await bot.send(`role:${role}`);
      const k = keys(await bot.send(CRISIS_TEXT['sr-Latn'].self_harm));
      assert.ok(k.includes('crisis.selfHarm.adult.aboutChild'), k.join());
      assert.ok(!k.includes('crisis.selfHarm.warm'), 'the child\'s "ti" words are not used for an adult');
    }
    const pupil = new BotHarness();
    await pupil.join();
    await pupil.send('role:pupil');
    const k = keys(await pupil.send(CRISIS_TEXT['sr-Latn'].self_harm));
    assert.ok(k.includes('crisis.selfHarm.warm'));
    assert.ok(!k.some((key) => key.includes('.adult.')), k.join());
  });

  it('when the crisis is only an alternative of the recognizer at the threshold, then the card still comes (recall first)', async () => {
    const bot = new BotHarness({
      recognizer: new KeywordRecognizer([{
        keyword: 'nije mi dobro', intent: 'none', score: 0.4,
        alternatives: [{ intent: 'none', score: 0.4 }, { intent: 'self_harm', score: CRISIS_ALTERNATIVE_THRESHOLD }],
      }]),
    });
    await bot.join();
    assert.ok(keys(await bot.send('nije mi dobro')).includes('crisis.selfHarm.warm'));
  });

  it('when a crisis comes before any dialog started, then the card comes and "continue" starts the conversation', async () => {
    const bot = new BotHarness();
    const replies = await bot.send(CRISIS_TEXT['sr-Latn'].emergency);
    assert.ok(keys(replies).includes('crisis.emergency.now'));
    assert.ok(!buttonTokens(replies).includes('resume'), 'nothing to continue yet');
    assert.ok(keys(await bot.send('resume')).includes('role.ask'));
  });

  it('when the user answers a question with a fixed word such as "ne", then it is an answer even if the recognizer reads a crisis into it', async () => {
    const bot = new BotHarness({ recognizer: new KeywordRecognizer([{ keyword: 'ne', intent: 'self_harm', score: 0.27 }]) });
    await bot.join();
    await bot.send('role:pupil');
    await bot.send('topic:grooming');
    assert.equal(keys(await bot.send('ne'))[0], 'menu.again');
  });

  it('when the user types only "help", then the crisis check still runs: typed, it may be a cry for help', async () => {
    const bot = new BotHarness({ recognizer: new KeywordRecognizer([{ keyword: 'help', intent: 'help', score: 0.6, alternatives: [{ intent: 'emergency', score: 0.4 }] }]) });
    await bot.join();
    assert.ok(keys(await bot.send('help')).includes('crisis.emergency.now'));
  });
});
