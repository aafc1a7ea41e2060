import assert from 'node:assert/strict';
import { Activity, ConversationState, MemoryStorage, Storage, StoreItems, TestAdapter, TurnContext } from 'botbuilder';
import { resourceKeysOf } from '../../dialogs/shared/reply';
import { setTurnInfo } from '../../dialogs/shared/turnInfo';
import { createAdapter, turnErrorHandler } from '../../server/adapter';
import { BotHarness, keys } from '../support/botHarness';
import { ReportingFixture } from '../dialogs/support/reportingHarness';
import { caseOf, reportScript, type ScriptTurn } from '../dialogs/support/reportScript';
import { loadSection } from '../../core/config';
import { createLogger } from '../../core/logger';

describe('the central turn error handler (server/adapter)', () => {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const adapter = createAdapter(loadSection('server', {}), createLogger('silent'), conversationState);

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

/** Storage that fails the next read or write once, as a brief database error would. */
class FlakyStorage implements Storage {
  /** Reads or writes still to fail. */
  failReads = 0;
  failWrites = 0;
  /** The conversation's storage key, as the bot last wrote it. */
  key = '';
  constructor(private readonly inner: Storage) {}
  read(keys: string[]): Promise<StoreItems> {
    if (this.failReads > 0) {
      this.failReads--;
      return Promise.reject(new Error('database unavailable'));
    }
    return this.inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    if (this.failWrites > 0) {
      this.failWrites--;
      return Promise.reject(new Error('database unavailable'));
    }
    this.key = Object.keys(changes)[0] ?? this.key;
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

describe('a failed turn keeps the conversation: the draft survives and the report goes on', function () {
  this.timeout(120_000);
  const fx = new ReportingFixture('turnerror');
  before(() => fx.start());
  after(() => fx.stop());

  const SCRIPT = reportScript({ locale: 'sr-Latn', role: 'teacher', category: 'grooming', byText: false });

  async function reporter(storage: FlakyStorage): Promise<BotHarness> {
    const bot = new BotHarness({ reporting: fx.reporting, storage, conversationId: `c-${Math.random().toString(36).slice(2)}` });
    bot.adapter.onTurnError = turnErrorHandler(createLogger('silent'), bot.conversationState);
    await bot.join();
    await bot.send('role:teacher');
    return bot;
  }

  async function play(bot: BotHarness, turns: readonly ScriptTurn[]): Promise<Partial<Activity>[]> {
    let last: Partial<Activity>[] = [];
    for (const turn of turns) {
      last = await bot.send(turn.send);
      assert.ok(keys(last).includes(turn.expect), `${turn.step}: expected ${turn.expect}, got ${keys(last).join()}`);
    }
    return last;
  }

  async function storedState(storage: FlakyStorage): Promise<string> {
    const item = (await storage.read([storage.key]))[storage.key] as Record<string, unknown> | undefined;
    assert.ok(item, 'the conversation has stored state');
    const { eTag: _eTag, ...state } = item;
    return JSON.stringify(state);
  }

  for (const step of ['platform', 'narrative', 'municipality']) {
    it(`when saving the state fails once at "${step}", then the reporter hears her report is safe, the stored draft is untouched, and sending the answer again continues to the case code`, async () => {
      const storage = new FlakyStorage(fx.storage());
      const bot = await reporter(storage);
      const at = SCRIPT.findIndex((t) => t.step === step);
      await play(bot, SCRIPT.slice(0, at));
      const before = await storedState(storage);
      assert.match(before, /reportDialog/);

      storage.failWrites = 1;
      const failed = await bot.send(SCRIPT[at]!.send);
      assert.equal(keys(failed).at(-1), 'error.reportSafe');
      const text = failed.at(-1)?.text ?? '';
      for (const number of ['19833', '116 111', '192']) assert.ok(text.includes(number), `the message names ${number}: ${text}`);
      assert.equal(await storedState(storage), before, 'the draft in storage is exactly the one before the failed turn');

      const reports = await fx.count();
      const last = await play(bot, SCRIPT.slice(at));
      const { code } = caseOf(last);
      assert.equal(await fx.count(), reports + 1);
      assert.equal((await fx.report(code)).category, 'grooming');
    });
  }

  it('when the state cannot even be read, then the reporter hears that what she sent is not lost, and her next message continues the report', async () => {
    const storage = new FlakyStorage(fx.storage());
    const bot = await reporter(storage);
    const at = SCRIPT.findIndex((t) => t.step === 'ongoing');
    await play(bot, SCRIPT.slice(0, at));
    // The turn's read and the error handler's re-read both fail: the database is away.
    storage.failReads = 2;
    const failed = await bot.send(SCRIPT[at]!.send);
    assert.deepEqual(keys(failed), ['error.stateUnavailable']);
    await play(bot, SCRIPT.slice(at, at + 2));
  });

  it('when a turn fails outside a report, then the plain error message, and the conversation is still there', async () => {
    const storage = new FlakyStorage(fx.storage());
    const bot = await reporter(storage);
    const before = await storedState(storage);
    storage.failWrites = 1;
    const replies = keys(await bot.send('menu'));
    assert.equal(replies.at(-1), 'error.generic');
    assert.ok(!replies.includes('error.reportSafe'));
    assert.equal(await storedState(storage), before);
  });
});
