import assert from 'node:assert/strict';
import { resourceKeysOf } from '../../dialogs/shared/reply';
import { hashKey } from '../../models/mongoStorage';
import { testDbUri } from '../support/db';
import { LocalConnector, PostedActivity } from '../support/connector';
import { isCyrillicText } from '../support/scripts';
import { postJson, startTestServer, TestServer } from '../support/server';

/**
 * One whole conversation over HTTP: the real adapter, the real recognizer
 * (createRecognizer with no LUIS settings: the embedded one),
 * state in MongoDB — and a server restart in the middle, after
 * which the conversation goes on where it was.
 */
describe('a conversation over HTTP with MongoDB state, surviving a restart', function () {
  this.timeout(120_000);
  const connector = new LocalConnector();
  let uri: string;
  const conversationId = 'conv-e2e-teacher';
  let serviceUrl: string;
  let server: TestServer | undefined;
  const logs: string[] = [];
  let seen = 0;

  before(async () => {
    serviceUrl = await connector.start();
    uri = testDbUri('conversation');
    server = await startTestServer('conversation', { MONGODB_URI: uri });
  });
  after(async () => {
    if (server) {
      logs.push(...server.logs.lines);
      await server.conn.dropDatabase().catch(() => undefined);
      await server.stop();
    }
    await connector.stop();
  });

  /** Posts one user activity and returns the bot's replies to it. */
  async function say(extra: Record<string, unknown>): Promise<PostedActivity[]> {
    const res = await postJson(`${server!.url}/api/messages`, {
      type: 'message',
      channelId: 'emulator',
      serviceUrl,
      conversation: { id: conversationId },
      from: { id: 'teacher-user-1' },
      recipient: { id: 'bot' },
      id: `a${Math.random()}`,
      locale: 'sr-Latn',
      ...extra,
    });
    assert.ok(res.status >= 200 && res.status < 300, `status ${res.status}`);
    const all = connector.received.filter((a) => a.conversation?.id === conversationId);
    const replies = all.slice(seen);
    seen = all.length;
    return replies;
  }
  const keysOf = (replies: PostedActivity[]): string[] => replies.flatMap((r) => resourceKeysOf(r as never));

  it('when a teacher joins and picks the role, then the welcome, the role question and the teacher menu come', async () => {
    assert.deepEqual(keysOf(await say({ type: 'conversationUpdate', membersAdded: [{ id: 'teacher-user-1' }] })).slice(0, 2), ['welcome', 'role.ask']);
    assert.deepEqual(keysOf(await say({ text: 'role:teacher' })).slice(0, 2), ['role.set.teacher', 'menu.prompt.teacher']);
  });

  it('when the teacher writes a question in their own words, then the recognizer routes it to the teacher text', async () => {
    const k = keysOf(await say({ text: 'kako da prepoznam da je dete u opasnosti na internetu' }));
    assert.deepEqual(k.slice(0, 2), ['topic.warning_signs.title', 'topic.warning_signs.teacher']);
    assert.ok(k.includes('topicFlow.askReportGuide'));
  });

  it('when the server restarts in the middle, then the conversation goes on where it was (state in MongoDB)', async () => {
    const stored = await server!.conn.db!.collection('botstate').findOne({ _id: hashKey(`emulator/conversations/${conversationId}/`) as never });
    assert.ok(stored, 'conversation state is in MongoDB under the hashed key');
    logs.push(...server!.logs.lines);
    await server!.stop();
    server = await startTestServer('conversation', { MONGODB_URI: uri });
    // "ne" answers the waiting "report something?" question; the role is still known.
    assert.deepEqual(keysOf(await say({ text: 'ne' })).slice(0, 1), ['menu.again']);
    assert.equal(keysOf(await say({ text: 'topic:grooming' }))[1], 'topic.grooming.teacher');
  });

  it('when a crisis is written in the middle of a topic, then the crisis card comes, and "continue" asks the question again', async () => {
    const crisis = await say({ text: 'neko me prati do kuće' });
    // A teacher: the emergency card in the adult register.
    assert.ok(keysOf(crisis).includes('crisis.emergency.adult.now'));
    assert.deepEqual(
      (crisis[0]?.attachments as Array<{ content: { buttons: Array<{ value: string }> } }>)[0]?.content.buttons.map((b) => b.value),
      ['tel:192'],
    );
    assert.ok(keysOf(await say({ text: 'resume' })).includes('topicFlow.askReport'));
  });

  it('when the teacher asks for Cyrillic, then the answers are Cyrillic from then on', async () => {
    const replies = await say({ text: 'na ćirilici' });
    assert.deepEqual(keysOf(replies).slice(0, 2), ['language.switched.sr-Cyrl', 'topicFlow.askReport']);
    for (const r of replies) assert.ok(isCyrillicText(r.text ?? ''), r.text);
    const next = await say({ text: 'ne' });
    assert.equal(next[0]?.locale, 'sr-Cyrl');
  });

  it('when all that is logged, then no user text, user id or conversation id is in the logs', () => {
    const all = [...logs, ...server!.logs.lines].join('\n');
    for (const secret of ['prepoznam', 'prati me', 'ćirilici', 'teacher-user-1', conversationId]) {
      assert.ok(!all.includes(secret), `log contains ${secret}`);
    }
    assert.ok(all.includes('crisis.detected'), 'the crisis is logged as an event, without text');
  });
});
