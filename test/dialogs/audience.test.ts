import assert from 'node:assert/strict';
import { t } from '../../services/i18n/catalog';
import { cyrillicToLatin } from '../../services/text/transliterate';
import { tiFormsIn } from '../support/address';
import { BotHarness, buttonTokens, keys, visibleTexts } from '../support/botHarness';

/*
 * Whom the bot speaks to: a child with "ti", an adult with "Vi", and a child
 * who says she is one — an age under 18, "I'm a kid", her school year —
 * gets a child's texts even when she has not chosen a role.
 */

async function joined(locale = 'sr-Latn'): Promise<BotHarness> {
  const bot = new BotHarness({ locale });
  await bot.join();
  return bot;
}

describe('audience: "ti" for a child, "Vi" for an adult, and a child who says so', () => {
  it('when an English-speaking child writes "hi im 13 and someone keeps asking me for nude pics" without choosing a role, then she gets the child\'s text, not the legal one', async () => {
    const bot = await joined('en-US');
    const k = keys(await bot.send('hi im 13 and someone keeps asking me for nude pics'));
    assert.ok(k.includes('topic.nudes.pupil'), k.join());
    assert.ok(!k.includes('topic.nudes.other'), k.join());
  });

  const saysChild: Array<[string, string, string]> = [
    ['sr-Latn', 'imam 13 godina i neko mi traži gole slike', 'topic.nudes.pupil'],
    ['sr-Latn', 'idem u 7. razred i neko me ucenjuje', 'topic.sextortion.pupil'],
    ['sr-Latn', 'Ja sam dete i neko me stalno ucenjuje slikama', 'topic.sextortion.pupil'],
    ['sr-Cyrl', 'имам 12 година, неко ме уцењује', 'topic.sextortion.pupil'],
    ['en-US', "I'm a kid and someone wants nude pics", 'topic.nudes.pupil'],
  ];
  for (const [locale, text, key] of saysChild) {
    it(`when a child with no role writes "${text}", then she gets ${key}, and the bot goes on saying "ti"`, async () => {
      const bot = await joined(locale);
      const k = keys(await bot.send(text));
      assert.ok(k.includes(key), k.join());
      const menu = await bot.send('menu');
      assert.equal(keys(menu)[0], 'menu.prompt.pupil');
    });
  }

  it('when a parent writes about her 13-year-old daughter, then she is not taken for a child', async () => {
    const bot = await joined();
    const k = keys(await bot.send('moja ćerka ima 13 godina i neko joj traži gole slike'));
    assert.ok(k.includes('topic.nudes.other'), k.join());
  });

  it('when a teacher has chosen her role, then "I am 13" in a message does not change it', async () => {
    const bot = await joined();
    await bot.send('role:teacher');
    const k = keys(await bot.send('učenica mi je rekla: imam 13 godina i neko me ucenjuje'));
    assert.ok(k.includes('topic.sextortion.teacher'), k.join());
  });

  it('when a teacher goes through menus, help, contacts and the start of a report, then every message says "Vi"', async () => {
    const bot = await joined();
    const shown: string[] = [];
    for (const send of ['role:teacher', 'pomoć', 'go:human', 'menu', 'topic:sextortion', 'da', 'pick:no', 'pick:pupil', 'pick:under14', 'pick:instagram', 'pick:yes', 'pick:yes', 'pick:no']) {
      shown.push(...visibleTexts(await bot.send(send)));
    }
    assert.ok(shown.length > 20, `only ${shown.length} texts`);
    const ti = shown.map((s) => [s, tiFormsIn(s)] as const).filter(([, f]) => f.length > 0);
    assert.deepEqual(ti, []);
    const intro = t('sr-Latn', 'reportFlow.intro@adult');
    // The intro and the first question are one message: the intro first, then a blank line.
    assert.ok(shown.some((s) => s.startsWith(`${intro}\n\n`)), 'the report begins with the adult intro');
  });

  it('when a pupil starts a report, then the bot says "ti" (the texts as authored)', async () => {
    const bot = await joined();
    await bot.send('role:pupil');
    const replies = await bot.send('go:report');
    const texts = visibleTexts(replies);
    // One message: the intro, then the first question, with the question's buttons on it.
    assert.equal(replies.length, 1, texts.join('\n'));
    assert.equal(replies[0]?.text, `${t('sr-Latn', 'reportFlow.intro')}\n\n${t('sr-Latn', 'reportFlow.ask.danger')}`);
    assert.deepEqual(buttonTokens(replies), ['pick:yes', 'pick:no', 'back', 'cancel']);
    assert.ok(tiFormsIn(texts.join(' ')).length > 0);
  });

  it('when a Cyrillic conversation is with a parent, then the adult variant is in Cyrillic too', async () => {
    const bot = await joined('sr-Cyrl');
    await bot.send('role:parent');
    const texts = visibleTexts(await bot.send('go:report'));
    assert.ok(texts.some((s) => /[\u0400-\u04FF]/.test(s)));
    assert.deepEqual(texts.flatMap((s) => tiFormsIn(cyrillicToLatin(s))), []);
  });
});
