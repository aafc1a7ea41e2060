import assert from 'node:assert/strict';
import { LocalConnector } from '../support/connector';
import { postJson, startTestServer, TestServer } from '../support/server';
import { hashKey } from '../../models/mongoStorage';
import { CipherStateSealer } from '../../services/crypto/stateSealer';

describe('HTTP end to end: /api/messages through CloudAdapter to a local connector', () => {
  let server: TestServer;
  const connector = new LocalConnector();
  let serviceUrl: string;

  before(async () => {
    serviceUrl = await connector.start();
    server = await startTestServer('e2e');
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
    await connector.stop();
  });

  const activity = (conversationId: string, extra: Record<string, unknown>) => ({
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: conversationId },
    from: { id: 'user-abc', name: 'Pupil' },
    recipient: { id: 'bot', name: 'Bezbedno' },
    id: `act-${Math.random()}`,
    locale: 'sr-Latn',
    ...extra,
  });

  it('when a conversation starts, then the bot welcomes the user', async () => {
    const res = await postJson(`${server.url}/api/messages`, activity('conv-welcome', {
      type: 'conversationUpdate',
      membersAdded: [{ id: 'user-abc' }],
    }));
    assert.ok(res.status >= 200 && res.status < 300, `status ${res.status}`);
    const [reply] = await connector.waitFor('conv-welcome', 1);
    assert.equal(reply.type, 'message');
    assert.match(reply.text ?? '', /Bezbedno/);
  });

  it('when the user writes, then the bot replies and keeps conversation state in MongoDB', async () => {
    const res = await postJson(`${server.url}/api/messages`, activity('conv-msg', { type: 'message', text: 'zdravo' }));
    assert.ok(res.status >= 200 && res.status < 300, `status ${res.status}`);
    const [reply] = await connector.waitFor('conv-msg', 1);
    assert.equal(reply.type, 'message');
    assert.ok((reply.text ?? '').length > 0);
    const stored = await server.conn.db!.collection('botstate').findOne({ _id: hashKey('emulator/conversations/conv-msg/') as never });
    assert.ok(stored, 'conversation state is stored under the hashed key');
    assert.doesNotMatch(String(stored.data), /profile|dialogState|locale/, 'the stored state is sealed');
    const opened = new CipherStateSealer(server.reports.cipher).open(String(stored.data), String(stored._id));
    const state = JSON.parse(opened!) as { profile?: { locale?: string }; dialogState?: unknown };
    assert.equal(state.profile?.locale, 'sr-Latn');
    assert.ok(state.dialogState, 'the dialog stack is stored');
  });

  it('when the user writes in English, then the reply is English', async () => {
    await postJson(`${server.url}/api/messages`, activity('conv-en', { type: 'message', text: 'hello', locale: 'en-US' }));
    const [reply] = await connector.waitFor('conv-en', 1);
    assert.equal(reply.locale, 'en');
    assert.match(reply.text ?? '', /[A-Za-z]/);
  });

  it('when the body is malformed JSON, then a 400 JSON error without a stack trace comes back', async () => {
    const res = await postJson(`${server.url}/api/messages`, '{"type": "message", ');
    assert.equal(res.status, 400);
    assert.deepEqual(Object.keys(res.body as object).sort(), ['code', 'message']);
    assert.doesNotMatch(res.text, /at \w+ \(|node_modules/);
  });

  it('when the body is over the limit, then 413 and a JSON error', async () => {
    const big = JSON.stringify(activity('conv-big', { type: 'message', text: 'x'.repeat(400_000) }));
    const res = await postJson(`${server.url}/api/messages`, big);
    assert.equal(res.status, 413);
    assert.equal((res.body as { code: string }).code, 'PayloadTooLarge');
  });

  it('when a multipart body (a file) is posted, then it is refused with 415 before anything is parsed or written', async () => {
    const form = new FormData();
    form.append('file', new Blob(['not an image'], { type: 'image/png' }), 'photo.png');
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', body: form });
    assert.equal(res.status, 415);
    assert.equal(((await res.json()) as { code: string }).code, 'UnsupportedMediaType');
  });

  it('when the server has started, then the authority registry and routing rules are seeded in MongoDB', async () => {
    const ids = (await server.conn.db!.collection('authorities').find({}).toArray()).map((a) => String(a._id));
    for (const id of ['police-vtk', 'prosecutor-vtk', 'nccos', 'emergency-192', 'poverenik', 'csw-novi-sad']) {
      assert.ok(ids.includes(id), `authority ${id} seeded`);
    }
    assert.ok((await server.conn.db!.collection('routingrules').countDocuments({})) > 5);
    assert.ok(server.logs.events().includes('routing.seeded'));
  });

  it('when probed, then /healthz and /readyz answer 200', async () => {
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
  });

  it('when the server logged all that, then no user text, user id or conversation id is in the logs', () => {
    const all = server.logs.lines.join('\n');
    assert.ok(server.logs.lines.length > 0);
    for (const secret of ['zdravo', 'hello', 'user-abc', 'conv-msg', 'conv-welcome', 'Pupil', 'xxxxxxxx']) {
      assert.ok(!all.includes(secret), `log contains ${secret}`);
    }
    assert.ok(server.logs.events().includes('auth.disabled'), 'local unauthenticated mode is logged');
  });
});

describe('Bot Framework authentication', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('auth', { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when credentials are configured and a request has no token, then it is refused with 401', async () => {
    const res = await postJson(`${server.url}/api/messages`, {
      type: 'message', text: 'hi', channelId: 'webchat', serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' },
    });
    assert.equal(res.status, 401);
    assert.ok(!server.logs.events().includes('auth.disabled'));
  });
});
