import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { DirectLineRecords } from '../../models/directLineRecords';
import { ConversationKeys } from '../../server/directline/activitySeal';
import { ConversationStore } from '../../server/directline/conversationStore';
import { LocalDirectLine } from '../../server/directline/localDirectLine';
import { RateLimiter } from '../../server/directline/rateLimiter';
import { TokenSigner } from '../../server/directline/tokenSigner';
import { MemoryCounterStore } from '../support/memoryCounterStore';
import { dropTestDb, openTestDb } from '../support/db';
import { waitFor } from '../support/directLineUser';

/**
 * A turn's transcript costs one write: the user's activity and the bot's
 * replies go to dlactivities together when the turn ends, and another
 * instance (or a restart) still finds every one of them.
 */
describe('local Direct Line: one write of activities per turn', () => {
  let conn: Connection;
  const inserts: number[] = [];
  const secret = randomBytes(32);
  const keys = new ConversationKeys(randomBytes(32));

  before(async () => {
    conn = await openTestDb('turnwrites', { monitorCommands: true });
    conn.getClient().on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
      if (e.commandName === 'insert' && e.command.insert === 'dlactivities') inserts.push((e.command.documents as unknown[]).length);
    });
  });
  after(async () => {
    await dropTestDb(conn);
  });

  /** One instance: a store and a Direct Line whose bot answers every message with two replies, in-process. */
  function instance(records: DirectLineRecords): { store: ConversationStore; dl: LocalDirectLine } {
    const store = new ConversationStore({ idleMs: 60_000, maxActivities: 50, maxConversations: 100, keys, records, pollMs: 50 });
    const limiter = (): RateLimiter => new RateLimiter(new MemoryCounterStore(), 'l', { perMinute: 600, burst: 100 });
    const dl: LocalDirectLine = new LocalDirectLine({
      store,
      signer: new TokenSigner(secret),
      bridge: {
        deliver: async (a) => {
          if (a.type !== 'message') return;
          await dl.fromBot(a.conversation.id, { type: 'message', text: 'prvi odgovor' }, a.id);
          await dl.fromBot(a.conversation.id, { type: 'message', text: 'drugi odgovor' }, a.id);
        },
      },
      postLimiter: limiter(),
      readLimiter: limiter(),
      tokenTtlSeconds: 1800,
      maxTextLength: 100,
      botId: 'bot',
      botName: 'Bezbedno',
      serviceUrl: () => 'http://127.0.0.1:1',
    });
    return { store, dl };
  }

  for (const singleWriter of [false, true]) {
    it(`when a user's message gets two replies (${singleWriter ? 'one server' : 'several instances'}), then the three activities are written in one insert and read back elsewhere in order`, async () => {
      const records = new DirectLineRecords(conn, { maxActivities: 50, singleWriter });
      await records.init();
      const a = instance(records);
      const info = await a.dl.generate({ user: { id: 'dl_tester02' } });
      await a.dl.start(info.token, { locale: 'sr-Latn' }, 'ws://h');
      await a.store.flush();
      inserts.length = 0;
      const { id } = await a.dl.post(info.token, info.conversationId, { type: 'message', text: 'zdravo' });
      await a.store.flush();
      await waitFor('the turn written', () => inserts.length > 0 || undefined);
      assert.deepEqual(inserts, [3], 'one insert with the user\'s activity and both replies');

      // Another instance (several writers) or the same database after a restart (one writer) reads them all.
      const b = instance(records);
      const seen = await b.dl.activities(info.token, info.conversationId, '');
      assert.deepEqual(seen.activities.map((x) => x.text), ['zdravo', 'prvi odgovor', 'drugi odgovor']);
      assert.equal(seen.activities[0]!.id, id);
      assert.ok(seen.activities.slice(1).every((x) => x.replyToId === id));
      await a.store.close();
      await b.store.close();
    });
  }
});
