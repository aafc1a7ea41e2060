import assert from 'node:assert/strict';
import { ConnectionStatus, DirectLine } from 'botframework-directlinejs';
import type { Activity } from 'botframework-directlinejs';
import { t } from '../../services/i18n/catalog';
import { postJson, startTestServer, TestServer } from '../support/server';
import { nodeAjax } from './nodeAjax';

interface WidgetToken {
  mode: string;
  domain: string;
  conversationId: string;
  token: string;
  userId: string;
}

/** Collects a client's activities and waits for the ones a test needs. */
class Transcript {
  readonly activities: Activity[] = [];
  private waiters: Array<() => void> = [];
  error: unknown;
  constructor(dl: DirectLine) {
    dl.activity$.subscribe({
      next: (a) => {
        this.activities.push(a);
        this.waiters.splice(0).forEach((w) => w());
      },
      // The client ends with an error when the server forgets the
      // conversation (here: when the test server stops).
      error: (err: unknown) => {
        this.error = err;
      },
    });
  }
  async waitFor(pred: (a: Activity) => boolean, timeoutMs = 10000): Promise<Activity> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.activities.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching activity among ${this.activities.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

function connect(token: WidgetToken, webSocket: boolean): DirectLine {
  return new DirectLine({
    token: token.token,
    domain: token.domain,
    webSocket,
    pollingInterval: 200,
    // botframework-directlinejs reads `ajax` from its options as a service;
    // its option type does not declare it.
    ...({ ajax: nodeAjax } as object),
  });
}

const fromBot = (a: Activity): boolean => a.from.role === 'bot' || a.from.id === 'bezbedno';

describe('local Direct Line with the real botframework-directlinejs client', () => {
  let server: TestServer;
  const clients: DirectLine[] = [];

  before(async () => {
    server = await startTestServer('dlclient', { DIRECTLINE_TOKEN_TTL_SECONDS: '60' });
  });
  after(async () => {
    clients.forEach((c) => c.end());
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  async function token(userId = `dl_${Math.random().toString(36).slice(2, 12)}`): Promise<WidgetToken> {
    const res = await postJson(`${server.url}/api/directline/token`, { user: { id: userId } });
    assert.equal(res.status, 200, res.text);
    return res.body as WidgetToken;
  }

  for (const webSocket of [false, true]) {
    it(`when a conversation starts (${webSocket ? 'WebSocket' : 'polling'}), then the welcome arrives, a message is echoed with its clientActivityID and the reply comes with a watermark`, async () => {
      const tok = await token();
      assert.equal(tok.mode, 'local');
      const dl = connect(tok, webSocket);
      clients.push(dl);
      const transcript = new Transcript(dl);
      const welcome = await transcript.waitFor(fromBot);
      // One message: the welcome, then "who is writing?" with the role buttons on it.
      assert.equal((welcome as { text?: string }).text, `${t('sr-Latn', 'welcome')}\n\n${t('sr-Latn', 'role.ask')}`);
      assert.deepEqual((welcome.channelData as { bezbedno?: { keys?: string[] } }).bezbedno?.keys?.slice(0, 2), ['welcome', 'role.ask']);
      assert.equal((welcome as { suggestedActions?: { actions?: unknown[] } }).suggestedActions?.actions?.length, 4);

      const clientActivityID = `c-${Date.now()}`;
      const id = await new Promise<string>((resolve, reject) =>
        dl.postActivity({ type: 'message', from: { id: tok.userId }, text: 'zdravo', locale: 'sr-Latn', channelData: { clientActivityID } } as Activity).subscribe(resolve, reject),
      );
      const echo = await transcript.waitFor((a) => a.id === id);
      assert.equal(echo.from.id, tok.userId);
      assert.equal((echo.channelData as { clientActivityID?: string }).clientActivityID, clientActivityID);
      assert.equal((echo as { text?: string }).text, 'zdravo');
      const reply = await transcript.waitFor((a) => fromBot(a) && (a as { replyToId?: string }).replyToId === id);
      assert.ok(((reply as { text?: string }).text ?? '').length > 0);
      assert.equal((reply as { serviceUrl?: string }).serviceUrl, undefined, 'the connector URL never reaches the client');
      // Once the turn is over, the client has every activity the service
      // holds, and its watermark counts them all. The turn may still be
      // sending (a greeting and a menu), so compare once the service's count
      // is stable across two reads rather than after a fixed sleep.
      const heldNow = async (): Promise<{ activities: Activity[]; watermark: string }> => {
        const res = await fetch(`${tok.domain}/conversations/${tok.conversationId}/activities?watermark=`, { headers: { Authorization: `Bearer ${tok.token}` } });
        return (await res.json()) as { activities: Activity[]; watermark: string };
      };
      let held = await heldNow();
      for (let i = 0; i < 20; i++) {
        await transcript.waitFor(() => transcript.activities.length >= held.activities.length);
        await new Promise((r) => setTimeout(r, 300));
        const again = await heldNow();
        if (again.watermark === held.watermark) break;
        held = again;
      }
      await transcript.waitFor(() => transcript.activities.length >= held.activities.length);
      assert.equal(transcript.activities.length, held.activities.length);
      assert.equal((dl as unknown as { watermark: string }).watermark, held.watermark);
    });
  }

  it('when the token is refreshed, then the new token works and the old one is still for the same conversation', async () => {
    const tok = await token();
    const dl = connect(tok, false);
    clients.push(dl);
    const transcript = new Transcript(dl);
    await transcript.waitFor(fromBot);
    // refreshToken() is private in the client's types; it is the loop's step.
    const refreshed = await new Promise<string>((resolve, reject) =>
      (dl as unknown as { refreshToken: () => { subscribe: (n: (v: string) => void, e: (err: unknown) => void) => void } }).refreshToken().subscribe(resolve, reject),
    );
    assert.notEqual(refreshed, tok.token);
    const res = await fetch(`${tok.domain}/conversations/${tok.conversationId}/activities?watermark=`, { headers: { Authorization: `Bearer ${refreshed}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { activities: Activity[] };
    assert.ok(body.activities.some(fromBot));
  });

  it('when the token is invalid, then the client sees 403 and reports the token expired', async () => {
    const tok = await token();
    const forged = `${tok.token.slice(0, -4)}AAAA`;
    const res = await fetch(`${tok.domain}/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${forged}` } });
    assert.equal(res.status, 403);

    const dl = connect(tok, false);
    clients.push(dl);
    const transcript = new Transcript(dl);
    await transcript.waitFor(fromBot);
    (dl as unknown as { token: string }).token = forged;
    const statuses: ConnectionStatus[] = [];
    dl.connectionStatus$.subscribe((s) => statuses.push(s));
    const deadline = Date.now() + 5000;
    while (!statuses.includes(ConnectionStatus.ExpiredToken) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(statuses.includes(ConnectionStatus.ExpiredToken), `statuses: ${statuses.join(',')}`);
  });
});
