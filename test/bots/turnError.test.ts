import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { resourceKeysOf } from '../../dialogs/shared/reply';
import { setTurnInfo } from '../../dialogs/shared/turnInfo';
import { createAdapter } from '../../server/adapter';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';

describe('the central turn error handler (server/adapter)', () => {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const adapter = createAdapter(loadConfig({}), createLogger('silent'), conversationState);

  async function failTurn(activityLocale: string, settled?: 'sr-Cyrl'): Promise<TestAdapter> {
    const channel = new TestAdapter();
    const context = new TurnContext(channel, { ...channel.makeActivity('x'), channelId: 'test', locale: activityLocale });
    if (settled) setTurnInfo(context, { locale: settled, understanding: { kind: 'nothing' } });
    await conversationState.load(context);
    await adapter.onTurnError(context, new Error('boom'));
    return channel;
  }

  it('when a turn fails, then the user gets the calm error message with the emergency number filled in, in the turn\'s locale', async () => {
    const [reply] = (await failTurn('en-US')).activeQueue;
    assert.deepEqual(resourceKeysOf(reply!), ['error.generic']);
    assert.equal(reply!.locale, 'en');
    assert.match(reply!.text ?? '', /192/);
    assert.doesNotMatch(reply!.text ?? '', /\{police\}/);
  });

  it('when the bot had settled Cyrillic for the turn, then the error message is Cyrillic', async () => {
    const [reply] = (await failTurn('sr-Latn', 'sr-Cyrl')).activeQueue;
    assert.equal(reply!.locale, 'sr-Cyrl');
    assert.match(reply!.text ?? '', /[\u0400-\u04FF]/);
  });
});
