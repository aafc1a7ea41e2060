import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { ConversationKeys } from '../../server/directline/activitySeal';
import { ConversationStore } from '../../server/directline/conversationStore';
import { LocalDirectLine } from '../../server/directline/localDirectLine';
import { RateLimiter } from '../../server/directline/rateLimiter';
import { TokenSigner } from '../../server/directline/tokenSigner';
import { MemoryCounterStore } from '../support/memoryCounterStore';

describe('LocalDirectLine and its conversation store', () => {
  let now = 1_000_000;
  const clock = () => now;
  let delivered: Array<Partial<Activity>>;
  let store: ConversationStore;
  let dl: LocalDirectLine;

  beforeEach(() => {
    delivered = [];
    store = new ConversationStore({ idleMs: 60_000, maxActivities: 5, maxConversations: 3, keys: new ConversationKeys(randomBytes(32)), now: clock });
    dl = new LocalDirectLine({
      store,
      signer: new TokenSigner(randomBytes(32), clock),
      // Records what the bot would receive.
      bridge: { deliver: async (a) => void delivered.push(a) },
      postLimiter: new RateLimiter(new MemoryCounterStore(clock), 'post', { perMinute: 600, burst: 100 }, clock),
      readLimiter: new RateLimiter(new MemoryCounterStore(clock), 'read', { perMinute: 600, burst: 100 }, clock),
      tokenTtlSeconds: 1800,
      maxTextLength: 50,
      botId: 'bot',
      botName: 'Bezbedno',
      serviceUrl: () => 'http://127.0.0.1:1',
      now: clock,
    });
  });

  async function startOne(): Promise<{ id: string; token: string }> {
    const info = await dl.generate({ user: { id: 'dl_tester01' } });
    await dl.start(info.token, { locale: 'sr-Cyrl' }, 'ws://h');
    return { id: info.conversationId, token: info.token };
  }

  it('when a conversation starts, then the bot gets one conversationUpdate with the user, in the start locale', async () => {
    await startOne();
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]?.type, 'conversationUpdate');
    assert.deepEqual(delivered[0]?.membersAdded, [{ id: 'dl_tester01', role: 'user' }]);
    assert.equal(delivered[0]?.locale, 'sr-Cyrl');
  });

  it('when a message carries attachments, then the bot gets empty placeholders and never their content, URL or name', async () => {
    const { id, token } = await startOne();
    await dl.post(token, id, { type: 'message', text: 'vidi', attachments: [{ contentType: 'image/png', contentUrl: 'https://x.example/p.png', name: 'p.png', content: 'AAAA' }] });
    const toBot = delivered.at(-1)!;
    assert.deepEqual(toBot.attachments, [{ contentType: 'application/octet-stream' }]);
    assert.equal((toBot.channelData as { attachmentsRemoved?: number }).attachmentsRemoved, 1);
    assert.ok(!JSON.stringify(toBot).includes('p.png'));
  });

  it('when the body claims another sender or has unknown fields, then the server-set identity wins and extras are dropped', async () => {
    const { id, token } = await startOne();
    await dl.post(token, id, { type: 'message', text: 'x', from: { id: 'someone-else', role: 'bot' }, serviceUrl: 'http://evil', recipient: { id: 'x' } });
    const toBot = delivered.at(-1)!;
    assert.equal(toBot.from?.id, 'dl_tester01');
    assert.equal(toBot.serviceUrl, 'http://127.0.0.1:1');
    const echo = (await dl.activities(token, id, '')).activities.at(-1)!;
    assert.deepEqual(echo.from, { id: 'dl_tester01', role: 'user' });
    assert.equal(echo.serviceUrl, undefined);
  });

  it('when a button (messageBack) is tapped, then the echo keeps its display text so the chat shows the title, not the token', async () => {
    const { id, token } = await startOne();
    await dl.post(token, id, { type: 'message', text: 'role:pupil', value: { token: 'role:pupil' }, channelData: { clientActivityID: 'c1', messageBack: { displayText: 'Učenik sam' }, other: 'dropped' } });
    const echo = (await dl.activities(token, id, '')).activities.at(-1)!;
    assert.deepEqual(echo.channelData, { clientActivityID: 'c1', clientTimestamp: undefined, messageBack: { displayText: 'Učenik sam' } });
    assert.deepEqual(delivered.at(-1)?.value, { token: 'role:pupil' });
  });

  it('when text is longer than the limit, then the post is refused with 400', async () => {
    const { id, token } = await startOne();
    await assert.rejects(dl.post(token, id, { type: 'message', text: 'x'.repeat(51) }), (err: { status?: number }) => err.status === 400);
  });

  it('when more activities arrive than are kept, then the oldest go and watermarks still count every one', async () => {
    const { id, token } = await startOne();
    for (let i = 0; i < 8; i++) await dl.fromBot(id, { type: 'message', text: `m${i}` });
    const all = await dl.activities(token, id, '');
    assert.equal(all.watermark, '8');
    assert.deepEqual(all.activities.map((a) => a.text), ['m3', 'm4', 'm5', 'm6', 'm7']);
    assert.deepEqual((await dl.activities(token, id, '6')).activities.map((a) => a.text), ['m6', 'm7']);
  });

  it('when the bot replies to the user\'s activity, then the reply names it and is addressed to the token\'s user', async () => {
    const { id, token } = await startOne();
    const { id: userActivity } = await dl.post(token, id, { type: 'message', text: 'zdravo' });
    const { id: reply } = await dl.fromBot(id, { type: 'message', text: 'odgovor', replyToId: userActivity, recipient: { id: 'someone' }, conversation: { id: 'other' } });
    const got = (await dl.activities(token, id, '')).activities.find((a) => a.id === reply)!;
    assert.equal(got.replyToId, userActivity);
    assert.deepEqual(got.recipient, { id: 'dl_tester01', role: 'user' });
    assert.deepEqual(got.conversation, { id });
    assert.equal((got.from as { role?: string }).role, 'bot');
  });

  it('when only reads happen past the idle limit, then the conversation expires anyway; the store is bounded', async () => {
    const { id, token } = await startOne();
    now += 50_000;
    await dl.activities(token, id, '');
    now += 20_000;
    await assert.rejects(dl.activities(token, id, ''), (err: { status?: number }) => err.status === 404);
    await startOne();
    await startOne();
    await startOne();
    await assert.rejects(dl.generate({}), (err: { status?: number }) => err.status === 503);
  });
});
