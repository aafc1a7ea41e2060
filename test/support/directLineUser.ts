import { WebSocket } from 'ws';

/** An activity as a Direct Line client sees it. */
export interface ClientActivity {
  id: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { id: string; role?: string };
  channelData?: { clientActivityID?: string; bezbedno?: { keys?: string[] } };
  [key: string]: unknown;
}

/** The resource keys a bot message was made from. */
export function keysOf(a: ClientActivity): string[] {
  return a.channelData?.bezbedno?.keys ?? [];
}

export const fromBot = (a: ClientActivity): boolean => a.from.role === 'bot';

/** Waits for a condition, checking every `everyMs` (no fixed sleeps in tests). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A widget user speaking Direct Line 3.0 over HTTP to any instance: the
 * same token and conversation work wherever `base` points.
 */
export class DirectLineUser {
  constructor(
    readonly base: string,
    readonly conversationId: string,
    readonly token: string,
    readonly userId: string,
  ) {}

  /** Gets a token from `serverUrl` (as the widget does) and starts the conversation there. */
  static async open(serverUrl: string, locale = 'sr-Latn'): Promise<DirectLineUser> {
    const tok = await fetch(`${serverUrl}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (tok.status !== 200) throw new Error(`token: ${tok.status}`);
    const body = (await tok.json()) as { conversationId: string; token: string; userId: string };
    const user = new DirectLineUser(serverUrl, body.conversationId, body.token, body.userId);
    const started = await user.request('POST', '/conversations', { locale });
    if (started.status !== 201 && started.status !== 200) throw new Error(`start: ${started.status}`);
    return user;
  }

  /** The same user, talking to another instance. */
  at(serverUrl: string): DirectLineUser {
    return new DirectLineUser(serverUrl, this.conversationId, this.token, this.userId);
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.base}/v3/directline${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  }

  /** Posts a message as the widget would; resolves with the status and the activity id. */
  async say(text: string): Promise<{ status: number; id?: string }> {
    const res = await this.request('POST', `/conversations/${this.conversationId}/activities`, {
      type: 'message',
      text,
      locale: 'sr-Latn',
      from: { id: this.userId },
      channelData: { clientActivityID: `c-${Math.random().toString(36).slice(2)}` },
    });
    return { status: res.status, id: (res.body as { id?: string } | undefined)?.id };
  }

  async activities(watermark = ''): Promise<{ activities: ClientActivity[]; watermark: string }> {
    const res = await this.request('GET', `/conversations/${this.conversationId}/activities?watermark=${watermark}`);
    if (res.status !== 200) throw new Error(`activities: ${res.status}`);
    return res.body as { activities: ClientActivity[]; watermark: string };
  }

  /** Opens the WebSocket stream on this instance (reconnect → streamUrl). */
  async stream(watermark = ''): Promise<StreamReader> {
    const res = await this.request('GET', `/conversations/${this.conversationId}?watermark=${watermark}`);
    if (res.status !== 200) throw new Error(`reconnect: ${res.status}`);
    return StreamReader.open((res.body as { streamUrl: string }).streamUrl);
  }
}

/** Collects what a Direct Line WebSocket delivers, with the time each activity arrived. */
export class StreamReader {
  readonly activities: Array<ClientActivity & { receivedAt: number }> = [];
  watermark = '';
  closed = false;
  private waiters: Array<() => void> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { activities?: ClientActivity[]; watermark?: string };
      const now = performance.now();
      for (const a of frame.activities ?? []) this.activities.push({ ...a, receivedAt: now });
      if (frame.watermark) this.watermark = frame.watermark;
      this.waiters.splice(0).forEach((w) => w());
    });
    ws.on('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  static open(url: string): Promise<StreamReader> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const reader = new StreamReader(ws);
      ws.once('open', () => resolve(reader));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
    });
  }

  /** The first activity matching `pred`, waiting for it to arrive. */
  async next(pred: (a: ClientActivity) => boolean, timeoutMs = 20_000): Promise<ClientActivity & { receivedAt: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.activities.find(pred);
      if (hit) return hit;
      if (this.closed) throw new Error('the stream closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching activity among ${this.activities.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the server closes the socket. */
  async whenClosed(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the stream stayed open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}
