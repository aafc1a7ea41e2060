import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { postJson, startTestServer, TestServer } from '../support/server';

/** Opens a socket; resolves with the socket when open, or with the HTTP status it was refused with. */
function open(url: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', () => resolve(0));
  });
}

describe('local Direct Line streams: capped per stream token and per conversation', function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer('streamcaps', { DIRECTLINE_READS_PER_MINUTE: '100000' });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  async function conversation(): Promise<{ domain: string; conversationId: string; token: string; streamUrl: string }> {
    const tok = (await postJson(`${server.url}/api/directline/token`, {})).body as { domain: string; token: string };
    const started = (await postJson(`${tok.domain}/conversations`, {}, { Authorization: `Bearer ${tok.token}` })).body as { conversationId: string; token: string; streamUrl: string };
    return { domain: tok.domain, ...started };
  }

  it('when one stream token opens 300 sockets to its conversation, then 2 open and the rest get 429', async () => {
    const { streamUrl } = await conversation();
    const results = await Promise.all(Array.from({ length: 300 }, () => open(streamUrl)));
    const opened = results.filter((r): r is WebSocket => typeof r !== 'number');
    assert.equal(opened.length, 2);
    assert.ok(results.filter((r) => r === 429).length === 298, JSON.stringify(results.filter((r) => typeof r === 'number').slice(0, 5)));
    for (const ws of opened) ws.close();
  });

  it('when fresh stream URLs are fetched for one conversation, then at most 4 sockets are open at once; a closed one frees its place', async () => {
    const c = await conversation();
    const sockets: WebSocket[] = [];
    const statuses: Array<number | 'open'> = [];
    for (let i = 0; i < 6; i++) {
      const info = (await (await fetch(`${c.domain}/conversations/${c.conversationId}?watermark=`, { headers: { Authorization: `Bearer ${c.token}` } })).json()) as { streamUrl: string };
      const r = await open(info.streamUrl);
      statuses.push(typeof r === 'number' ? r : 'open');
      if (typeof r !== 'number') sockets.push(r);
    }
    assert.deepEqual(statuses, ['open', 'open', 'open', 'open', 429, 429]);
    await new Promise<void>((resolve) => {
      sockets[0]!.once('close', () => resolve());
      sockets[0]!.close();
    });
    const info = (await (await fetch(`${c.domain}/conversations/${c.conversationId}?watermark=`, { headers: { Authorization: `Bearer ${c.token}` } })).json()) as { streamUrl: string };
    // The server notices the close a moment after the client; wait for the place to free.
    let again: WebSocket | number = 429;
    for (let i = 0; i < 50 && again === 429; i++) {
      again = await open(info.streamUrl);
      if (again === 429) await new Promise((r) => setTimeout(r, 20));
    }
    assert.notEqual(typeof again, 'number');
    for (const ws of [...sockets.slice(1), again as WebSocket]) ws.close();
  });
});
