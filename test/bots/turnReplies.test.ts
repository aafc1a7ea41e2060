import assert from 'node:assert/strict';
import { Activity, ActivityTypes, ConversationState, InputHints, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { BezbednoBot } from '../../bots/bezbednoBot';
import { holdReplies, joinReplies } from '../../bots/turnReplies';
import type { MainDialog } from '../../dialogs/mainDialog';
import { ProfileStore } from '../../dialogs/shared/profileStore';
import { render, resourceKeysOf } from '../../dialogs/shared/reply';
import { t } from '../../services/i18n/catalog';
import { createLogger } from '../../core/logger';
import { turnErrorHandler } from '../../server/adapter';
import { BotHarness, buttonTokens, keys } from '../support/botHarness';
import { KeywordRecognizer } from '../support/keywordRecognizer';

const say = (...parts: string[]): Partial<Activity> => render('sr-Latn', { say: parts });
const ask = (part: string, ...tokens: string[]): Partial<Activity> =>
  render('sr-Latn', { say: [part], buttons: tokens.map((token) => ({ token, title: 'button.menu' })) }, InputHints.ExpectingInput);
const card = (): Partial<Activity> => render('sr-Latn', { say: ['crisis.selfHarm.warm'], cards: [{ title: 'crisis.selfHarm.cardTitle', buttons: [{ call: 'childLine' }] }] });
const tokensOf = (a: Partial<Activity> | undefined): string[] => (a?.suggestedActions?.actions ?? []).map((x) => String(x.text));

describe('one message per turn where the bot would send several in a row (bots/turnReplies)', () => {
  describe('joining a turn\'s replies', () => {
    it('when an answer is followed by a question, then they are one message: both texts in order with a blank line, all keys, the question\'s buttons and input hint', () => {
      const [joined, ...rest] = joinReplies([say('topic.grooming.title', 'topic.grooming.pupil'), ask('topicFlow.askReport', 'go:report', 'menu')]);
      assert.deepEqual(rest, []);
      assert.equal(joined?.text, `${t('sr-Latn', 'topic.grooming.title')}\n\n${t('sr-Latn', 'topic.grooming.pupil')}\n\n${t('sr-Latn', 'topicFlow.askReport')}`);
      assert.deepEqual(resourceKeysOf(joined!), ['topic.grooming.title', 'topic.grooming.pupil', 'topicFlow.askReport', 'button.menu', 'button.menu']);
      assert.deepEqual(tokensOf(joined), ['go:report', 'menu']);
      assert.equal(joined?.inputHint, InputHints.ExpectingInput);
      assert.equal(joined?.locale, 'sr-Latn');
      assert.equal(joined?.textFormat, 'markdown');
    });

    it('when a card is among them, then it is sent whole and in its place, and the texts on either side are not joined across it', () => {
      const out = joinReplies([say('attachments.refused'), card(), say('reportFlow.narrative.preview'), ask('reportFlow.ask.narrativeOk', 'pick:yes')]);
      assert.deepEqual(out.map(resourceKeysOf).map((k) => k[0]), ['attachments.refused', 'crisis.selfHarm.warm', 'reportFlow.narrative.preview']);
      assert.equal(out[1]?.attachments?.length, 1);
      assert.equal(out[1]?.text, t('sr-Latn', 'crisis.selfHarm.warm'));
      assert.deepEqual(resourceKeysOf(out[2]!), ['reportFlow.narrative.preview', 'reportFlow.ask.narrativeOk', 'button.menu']);
    });

    it('when a message offers its own buttons, or stands alone (the case code), or is in another locale, then nothing joins it across', () => {
      const alone = render('sr-Latn', { say: ['reportFlow.done.writeDown'], alone: true });
      const english = render('en', { say: ['menu.again'] });
      const out = joinReplies([ask('menu.again', 'menu'), say('welcome'), say('reportFlow.done.thanks'), alone, ask('reportFlow.kept.ask.child', 'pick:kept'), english]);
      assert.deepEqual(out.map((a) => resourceKeysOf(a).filter((k) => !k.startsWith('button.'))), [
        ['menu.again'],
        ['welcome', 'reportFlow.done.thanks'],
        ['reportFlow.done.writeDown'],
        ['reportFlow.kept.ask.child'],
        ['menu.again'],
      ]);
      assert.deepEqual(tokensOf(out[0]), ['menu'], 'a message\'s own buttons are never dropped');
    });

    it('when a message carries anything but text (speech, a value) or is no message, then it is sent as it is', () => {
      const speech = { ...say('welcome'), speak: 'zdravo' };
      const typing: Partial<Activity> = { type: ActivityTypes.Typing };
      const out = joinReplies([say('welcome'), speech, typing, say('menu.again'), say('role.ask')]);
      assert.equal(out.length, 4);
      assert.equal(out[1], speech);
      assert.equal(out[2], typing);
      assert.deepEqual(resourceKeysOf(out[3]!), ['menu.again', 'role.ask']);
    });
  });

  describe('holding a turn\'s replies', () => {
    /** Runs `turn` as a turn with held replies; returns what went out, in order. */
    async function sent(turn: (context: TurnContext) => Promise<void>): Promise<Partial<Activity>[]> {
      const adapter = new TestAdapter(async (context) => {
        const replies = holdReplies(context);
        await turn(context);
        await replies.release();
      });
      await adapter.receiveActivity('hi');
      return adapter.activeQueue.splice(0);
    }

    it('when a turn sends two messages, then one goes out when it ends, and the sends resolve before that', async () => {
      let during = -1;
      const out = await sent(async (context) => {
        await context.sendActivity(say('welcome'));
        const response = await context.sendActivity(ask('role.ask', 'role:pupil'));
        assert.equal(response?.id, undefined);
        assert.ok(context.responded);
        during = (context.adapter as TestAdapter).activeQueue.length;
      });
      assert.equal(during, 0, 'nothing went out during the turn');
      assert.equal(out.length, 1);
      assert.deepEqual(resourceKeysOf(out[0]!).slice(0, 2), ['welcome', 'role.ask']);
    });

    it('when a typing indicator or endOfConversation is sent mid-turn, then what was held goes out first, then it at once', async () => {
      const order: string[] = [];
      const out = await sent(async (context) => {
        await context.sendActivity(say('welcome'));
        await context.sendActivity(say('role.ask'));
        await context.sendActivity({ type: ActivityTypes.Typing });
        order.push(...(context.adapter as TestAdapter).activeQueue.map((a) => a.type!));
        await context.sendActivity(say('menu.again'));
        await context.sendActivity({ type: ActivityTypes.EndOfConversation });
      });
      assert.deepEqual(order, ['message', 'typing'], 'the typing indicator went out during the turn, after the held message');
      assert.deepEqual(out.map((a) => a.type), ['message', 'typing', 'message', 'endOfConversation']);
      assert.deepEqual(keys(out), ['welcome', 'role.ask', 'menu.again']);
    });
  });

  describe('the bot', () => {
    it('when the user joins, then the welcome and "who is writing?" are one message with the four role buttons', async () => {
      const bot = new BotHarness();
      const replies = await bot.join();
      assert.equal(replies.length, 1);
      assert.deepEqual(keys(replies).slice(0, 2), ['welcome', 'role.ask']);
      assert.equal(replies[0]?.text, `${t('sr-Latn', 'welcome')}\n\n${t('sr-Latn', 'role.ask')}`);
      assert.deepEqual(buttonTokens(replies), ['role:pupil', 'role:teacher', 'role:parent', 'role:other']);
    });

    it('when a pupil taps a topic, then its advice and "do you want to report it?" are one message with the question\'s buttons', async () => {
      const bot = new BotHarness();
      await bot.join();
      await bot.send('role:pupil');
      const replies = await bot.send('topic:grooming');
      assert.equal(replies.length, 1);
      const text = replies[0]?.text ?? '';
      const advice = text.indexOf(t('sr-Latn', 'topic.grooming.title'));
      const question = text.indexOf(t('sr-Latn', 'topicFlow.askReport'));
      assert.ok(advice === 2 && question > advice, text);
      assert.ok(text.endsWith(t('sr-Latn', 'topicFlow.askReport')), text);
      assert.deepEqual(buttonTokens(replies), ['report:grooming', 'go:human', 'menu']);
    });

    it('when a turn fails after the bot said something, then that goes out first and the apology after it, on its own', async () => {
      const conversationState = new ConversationState(new MemoryStorage());
      const dialog = {
        waiting: () => Promise.resolve({ keepLocale: false, freeText: false }),
        run: async (context: TurnContext) => {
          await context.sendActivity(say('role.set.pupil'));
          throw new Error('boom');
        },
      } as unknown as MainDialog;
      const log = createLogger('silent');
      const bot = new BezbednoBot({ conversationState, profiles: new ProfileStore(conversationState), recognizer: new KeywordRecognizer(), dialog, log });
      const adapter = new TestAdapter((context) => bot.run(context));
      adapter.onTurnError = turnErrorHandler(log, conversationState);
      await adapter.receiveActivity('pick:yes');
      const out = adapter.activeQueue.splice(0);
      assert.deepEqual(out.map(resourceKeysOf), [['role.set.pupil'], ['error.generic']]);
    });
  });
});
