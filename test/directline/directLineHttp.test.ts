import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConversationKeys } from '../../server/directline/activitySeal';
import { TokenSigner } from '../../server/directline/tokenSigner';
import { postJson, startTestServer, TestServer } from '../support/server';
import { waitUntil } from '../support/waitUntil';

const SCHOOL = 'https://os-primer.example.org';
const TOKEN_SECRET = 'test-only-directline-signing-secret-0123456789';

interface Info {
  conversationId: string;
  token: string;
  domain: string;
  userId: string;
}

describe('local Direct Line over HTTP: tokens, CORS, limits, uploads, expiry', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer('dlhttp', {
      WIDGET_ALLOWED_ORIGINS: `${SCHOOL}, https://druga-skola.example.org/`,
      DIRECTLINE_TOKEN_SECRET: TOKEN_SECRET,
      DIRECTLINE_POSTS_PER_MINUTE: '1',
      DIRECTLINE_POST_BURST: '3',
      DIRECTLINE_IDLE_MINUTES: '0.02',
    });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  async function started(): Promise<Info> {
    const tok = (await postJson(`${server.url}/api/directline/token`, {})).body as Info;
    const res = await postJson(`${tok.domain}/conversations`, {}, { Authorization: `Bearer ${tok.token}` });
    assert.equal(res.status, 201, res.text);
    return { ...tok, ...(res.body as Info) };
  }

  async function activities(info: Info): Promise<Array<Record<string, unknown>>> {
    const res = await fetch(`${info.domain}/conversations/${info.conversationId}/activities`, { headers: { Authorization: `Bearer ${info.token}` } });
    return ((await res.json()) as { activities: Array<Record<string, unknown>> }).activities;
  }

  it('when a configured school sends a preflight, then Authorization and x-ms-bot-agent are allowed', async () => {
    const res = await fetch(`${server.url}/v3/directline/conversations`, {
      method: 'OPTIONS',
      headers: { Origin: SCHOOL, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,x-ms-bot-agent,content-type' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), SCHOOL);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization.*x-ms-bot-agent|x-ms-bot-agent.*Authorization/);
    const second = await fetch(`${server.url}/api/directline/token`, { method: 'POST', headers: { Origin: 'https://druga-skola.example.org', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('access-control-allow-origin'), 'https://druga-skola.example.org');
  });

  it('when another origin calls, then it is refused before anything happens', async () => {
    const before = server.webChannel.store?.size;
    const token = await fetch(`${server.url}/api/directline/token`, { method: 'POST', headers: { Origin: 'https://evil.example.com', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(token.status, 403);
    assert.equal(token.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${server.url}/v3/directline/conversations`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example.com' } });
    assert.equal(preflight.status, 403);
    assert.equal(server.webChannel.store?.size, before);
  });

  it('when a file is uploaded, then it is refused unread with 415', async () => {
    const info = await started();
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(2048, 1)], { type: 'image/png' }), 'photo.png');
    const upload = await fetch(`${info.domain}/conversations/${info.conversationId}/upload?userId=${info.userId}`, { method: 'POST', headers: { Authorization: `Bearer ${info.token}` }, body: form });
    assert.equal(upload.status, 415);
    const multipart = await fetch(`${info.domain}/conversations/${info.conversationId}/activities`, { method: 'POST', headers: { Authorization: `Bearer ${info.token}` }, body: form });
    assert.equal(multipart.status, 415);
  });

  it('when a message carries attachments, then the echo has none', async () => {
    const info = await started();
    const res = await postJson(`${info.domain}/conversations/${info.conversationId}/activities`, {
      type: 'message', text: 'pogledaj', attachments: [{ contentType: 'image/png', contentUrl: 'data:image/png;base64,AAAA' }],
    }, { Authorization: `Bearer ${info.token}` });
    assert.equal(res.status, 200, res.text);
    const echo = (await activities(info)).find((a) => a.id === (res.body as { id: string }).id);
    assert.ok(echo);
    assert.equal(echo.attachments, undefined);
  });

  it('when a conversation posts faster than its limit, then it gets 429 with Retry-After, and other conversations do not', async () => {
    const a = await started();
    const b = await started();
    const post = (info: Info) => postJson(`${info.domain}/conversations/${info.conversationId}/activities`, { type: 'message', text: 'x' }, { Authorization: `Bearer ${info.token}` });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(a)).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await fetch(`${a.domain}/conversations/${a.conversationId}/activities`, { method: 'POST', headers: { Authorization: `Bearer ${a.token}`, 'content-type': 'application/json' }, body: '{"type":"message","text":"x"}' });
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await post(b)).status, 200);
  });

  it('when a token has expired, is forged, or is for another conversation, then 403', async () => {
    const info = await started();
    const other = await started();
    const past = new TokenSigner(Buffer.from(TOKEN_SECRET, 'utf8'), () => Date.now() - 3600_000);
    const expired = past.issue({ conversationId: info.conversationId, scope: 'conversation' }, 60).token;
    const forged = new TokenSigner(Buffer.alloc(32, 7)).issue({ conversationId: info.conversationId, scope: 'conversation' }, 60).token;
    for (const token of [expired, forged, other.token, 'nonsense']) {
      const res = await fetch(`${info.domain}/conversations/${info.conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(res.status, 403);
    }
    const refresh = await fetch(`${info.domain}/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${expired}` } });
    assert.equal(refresh.status, 403);
  });

  it('when anyone posts to the old loopback connector path, then nothing enters the conversation: the bot\'s replies never travel over HTTP', async () => {
    const info = await started();
    const res = await postJson(`${server.url}/v3/conversations/${info.conversationId}/activities`, { type: 'message', text: 'fake bot' }, { Authorization: 'Bearer guess' });
    assert.ok(res.status === 404 || res.status === 405, `status ${res.status}`);
    assert.ok(!(await activities(info)).some((a) => a.text === 'fake bot'));
  });

  /** What the database holds of a conversation, as raw JSON. */
  async function stored(conversationId: string): Promise<{ conversations: number; activities: number; raw: string }> {
    const key = new ConversationKeys(Buffer.from(TOKEN_SECRET, 'utf8')).storedKey(conversationId);
    const db = server.conn.db!;
    const conversations = await db.collection<{ _id: string }>('dlconversations').find({ _id: key }).toArray();
    const acts = await db.collection('dlactivities').find({ c: key }).toArray();
    return { conversations: conversations.length, activities: acts.length, raw: JSON.stringify([conversations, acts]) };
  }

  it('when a conversation is idle past the limit, then it is gone (404) and its memory and records freed', async () => {
    const info = await started();
    const marker = `idle-marker-${Date.now()}`;
    await postJson(`${info.domain}/conversations/${info.conversationId}/activities`, { type: 'message', text: marker }, { Authorization: `Bearer ${info.token}` });
    // Idle limit 0.02 min = 1.2 s: wait for the condition, not a fixed time.
    await waitUntil(async () => (await fetch(`${info.domain}/conversations/${info.conversationId}/activities`, { headers: { Authorization: `Bearer ${info.token}` } })).status === 404, 'the expired conversation is gone', 10_000);
    for (let i = 0; i < 10; i++) await server.webChannel.store?.sweep(); // every tenth sweep also sweeps the database
    assert.equal(server.webChannel.store?.cached(info.conversationId), undefined);
    assert.deepEqual((({ conversations, activities: a }) => ({ conversations, activities: a }))(await stored(info.conversationId)), { conversations: 0, activities: 0 });
  });

  it('when the user ends the conversation, then the service forgets it at once, in memory and in the database', async () => {
    const info = await started();
    await waitUntil(async () => (await stored(info.conversationId)).activities >= 1, 'one activity stored', 5000);
    const res = await postJson(`${info.domain}/conversations/${info.conversationId}/activities`, { type: 'endOfConversation' }, { Authorization: `Bearer ${info.token}` });
    assert.equal(res.status, 200);
    assert.equal(server.webChannel.store?.cached(info.conversationId), undefined);
    const left = await stored(info.conversationId);
    assert.equal(left.conversations + left.activities, 0);
  });

  it('when a conversation is stored, then neither its id, the user id nor the user\'s words are readable in the database', async () => {
    const info = await started();
    const marker = `rijec-${Date.now()}-zapamti`;
    await postJson(`${info.domain}/conversations/${info.conversationId}/activities`, { type: 'message', text: marker }, { Authorization: `Bearer ${info.token}` });
    await waitUntil(async () => (await stored(info.conversationId)).activities >= 3, 'three activities stored', 5000);
    const { raw } = await stored(info.conversationId);
    for (const secret of [marker, info.conversationId, info.userId]) assert.ok(!raw.includes(secret), 'nothing readable');
    assert.ok((await activities(info)).some((a) => a.text === marker), 'yet the conversation reads back');
  });

  it('when users write, then their text never reaches the log', async () => {
    const info = await started();
    const secret = `tajna-${Date.now()}-poruka`;
    await postJson(`${info.domain}/conversations/${info.conversationId}/activities`, { type: 'message', text: secret }, { Authorization: `Bearer ${info.token}` });
    await waitUntil(async () => (await activities(info)).length >= 3, 'three activities readable', 5000);
    const all = server.logs.lines.join('\n');
    assert.ok(!all.includes(secret));
    assert.ok(!all.includes(info.conversationId));
    assert.ok(!all.includes(info.token));
  });
});

describe('production mode: the Azure Direct Line secret is exchanged for a token', () => {
  let server: TestServer;
  let azure: http.Server;
  const seen: Array<{ auth?: string; body: string }> = [];
  let fail = false;
  const SECRET = 'azure-direct-line-secret-for-tests-only';

  before(async () => {
    azure = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        if (fail || req.url !== '/v3/directline/tokens/generate' || req.headers.authorization !== `Bearer ${SECRET}`) {
          // restify patches http.ServerResponse: writeHead does not chain.
          res.writeHead(fail ? 500 : 403);
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ conversationId: 'AzureConv123-eu', token: 'azure.jwt.token', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => azure.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(azure.address() as AddressInfo).port}/v3/directline`;
    server = await startTestServer('dlazure', { DIRECTLINE_SECRET: SECRET, DIRECTLINE_AZURE_BASE_URL: base });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
    await new Promise((r) => azure.close(r));
  });

  it('when the widget asks for a token, then it gets an Azure conversation token and never the secret', async () => {
    const res = await postJson(`${server.url}/api/directline/token`, { user: { id: 'dl_pupil12345' } });
    assert.equal(res.status, 200);
    const body = res.body as Record<string, unknown>;
    assert.equal(body.mode, 'azure');
    assert.equal(body.token, 'azure.jwt.token');
    assert.equal(body.conversationId, 'AzureConv123-eu');
    assert.match(String(body.domain), /^http:\/\/127\.0\.0\.1:\d+\/v3\/directline$/);
    assert.ok(!res.text.includes(SECRET));
    assert.equal(seen.at(-1)?.auth, `Bearer ${SECRET}`);
    assert.deepEqual(JSON.parse(seen.at(-1)?.body ?? '{}'), { user: { id: 'dl_pupil12345' } });
  });

  it('when Azure fails, then the widget gets 502 and the local Direct Line is not there to fall back to', async () => {
    fail = true;
    const res = await postJson(`${server.url}/api/directline/token`, {});
    fail = false;
    assert.equal(res.status, 502);
    assert.ok(!res.text.includes(SECRET));
    const local = await postJson(`${server.url}/v3/directline/tokens/generate`, {});
    assert.equal(local.status, 404);
    assert.equal(server.webChannel.mode, 'azure');
  });
});
