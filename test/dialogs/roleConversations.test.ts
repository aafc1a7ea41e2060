import assert from 'node:assert/strict';
import { LOCALES, Locale } from '../../services/i18n/locales';
import { hasKey } from '../../services/i18n/catalog';
import { MAX_SUGGESTED_ACTIONS } from '../../dialogs/shared/menus';
import { TOPIC_INTENTS } from '../../services/nlu/types';
import type { ReporterRole } from '../../core/domain/routing';
import { BotHarness, buttonTokens, keys, visibleTexts } from '../support/botHarness';
import { KeywordRecognizer } from '../support/keywordRecognizer';
import { isCyrillicText, latinLeftIn } from '../support/scripts';
import { CHANNEL_LOCALE, NO, topicQuestion } from './support/samples';
import type { Activity } from 'botbuilder';

const ROLES: ReporterRole[] = ['pupil', 'teacher', 'parent'];

/** Every reply is in the conversation's locale, made of existing keys, and (sr-Cyrl) really Cyrillic. */
function assertLocale(replies: Partial<Activity>[], locale: Locale): void {
  for (const r of replies) assert.equal(r.locale, locale, `reply locale ${r.locale}, expected ${locale}`);
  for (const k of keys(replies)) assert.ok(hasKey(locale, k), `missing resource ${k} in ${locale}`);
  if (locale === 'sr-Cyrl') {
    for (const text of visibleTexts(replies)) assert.ok(isCyrillicText(text), `not Cyrillic: ${latinLeftIn(text).join(' ')} in «${text.slice(0, 80)}»`);
  }
}

describe('conversations per role and locale (TestAdapter, keys not sentences)', () => {
  for (const locale of LOCALES) {
    for (const role of ROLES) {
      describe(`a ${role} in ${locale}`, () => {
        let bot: BotHarness;
        let recognizer: KeywordRecognizer;

        before(() => {
          recognizer = new KeywordRecognizer();
          bot = new BotHarness({ locale: CHANNEL_LOCALE[locale], recognizer });
        });

        it('when the user joins, then the bot welcomes them and asks who they are, with role buttons', async () => {
          const replies = await bot.join();
          assert.deepEqual(keys(replies).slice(0, 2), ['welcome', 'role.ask']);
          assert.deepEqual(buttonTokens(replies), ['role:pupil', 'role:teacher', 'role:parent', 'role:other']);
          assertLocale(replies, locale);
        });

        it('when the user taps their role, then it is confirmed and their menu, page by page (at most six buttons each), offers every topic', async () => {
          const replies = await bot.send(`role:${role}`);
          assert.deepEqual(keys(replies).slice(0, 2), [`role.set.${role}`, `menu.prompt.${role}`]);
          let page = buttonTokens(replies);
          const tokens = [...page];
          // "More topics…" leads through the pages; the last page leads back to the first.
          for (let n = 2; page.includes(`pick:menu-${n}`); n++) {
            assert.ok(page.length <= MAX_SUGGESTED_ACTIONS, page.join());
            const next = await bot.send(`pick:menu-${n}`);
            assert.equal(keys(next)[0], 'menu.more');
            assertLocale(next, locale);
            page = buttonTokens(next);
            tokens.push(...page);
          }
          assert.ok(page.length <= MAX_SUGGESTED_ACTIONS && page.includes('menu'), page.join());
          for (const topic of TOPIC_INTENTS) assert.ok(tokens.includes(`topic:${topic}`), `menu lacks ${topic}`);
          for (const t of ['go:report', 'go:report_status', 'go:human', 'changeRole', 'go:language']) assert.ok(tokens.includes(t), `menu lacks ${t}`);
          assert.ok(buttonTokens(replies).includes('go:report') && buttonTokens(replies).includes('go:human'), 'reporting and a person are on the first page');
          assert.equal(keys(await bot.send('menu'))[0], `menu.prompt.${role}`);
          assertLocale(replies, locale);
        });

        for (const topic of TOPIC_INTENTS) {
          it(`when the user taps "${topic}", then the ${role}'s text comes, then "report this?", with buttons`, async () => {
            const seen = recognizer.seen.length;
            const replies = await bot.send(`topic:${topic}`);
            const k = keys(replies);
            assert.deepEqual(k.slice(0, 2), [`topic.${topic}.title`, `topic.${topic}.${role}`]);
            assert.ok(k.includes('topicFlow.askReport') || k.includes('topicFlow.askReportGuide'), k.join());
            const reportToken = ['warning_signs', 'how_to_report', 'parental_controls'].includes(topic) ? 'go:report' : `report:${topic}`;
            assert.deepEqual(buttonTokens(replies), [reportToken, 'go:human', 'menu']);
            assert.equal(recognizer.seen.length, seen, 'a button never goes through the recognizer');
            assertLocale(replies, locale);
            const back = await bot.send('menu');
            assert.equal(keys(back)[0], `menu.prompt.${role}`);
          });

          it(`when the user writes about "${topic}" in their own words, then the same text comes`, async () => {
            const replies = await bot.send(topicQuestion(locale, topic));
            assert.deepEqual(keys(replies).slice(0, 2), [`topic.${topic}.title`, `topic.${topic}.${role}`]);
            assertLocale(replies, locale);
            const after = await bot.send(NO[locale]);
            assert.equal(keys(after)[0], 'menu.again');
            assertLocale(after, locale);
          });
        }
      });
    }
  }

  it('when a topic is about images of children, then the never-download-screenshot-send rule follows it, for every role, once in a conversation', async () => {
    for (const role of ['pupil', 'teacher', 'parent', 'other'] as const) {
      for (const topic of ['csam', 'nudes'] as const) {
        const bot = new BotHarness();
        await bot.join();
        await bot.send(`role:${role}`);
        const k = keys(await bot.send(`topic:${topic}`));
        assert.ok(k.includes('safety.csamRule'), `${role}/${topic}: ${k.join()}`);
        // The other topic's own text says it again; the message of the rule is not repeated.
        const other = keys(await bot.send(`topic:${topic === 'csam' ? 'nudes' : 'csam'}`));
        assert.ok(!other.includes('safety.csamRule'), `${role}/${topic}, then the other: ${other.join()}`);
        assert.ok(!keys(await bot.send('topic:privacy')).includes('safety.csamRule'));
      }
    }
  });
});
