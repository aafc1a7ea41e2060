import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity as the bot posts it to the connector. */
export interface PostedActivity {
  type: string;
  text?: string;
  conversation?: { id: string };
  replyToId?: string;
  [k: string]: unknown;
}

/**
 * A local stand-in for the Bot Framework connector: the adapter posts the
 * bot's replies to the activity's serviceUrl, and this records them.
 */
export class LocalConnector {
  readonly received: PostedActivity[] = [];
  private readonly keep: boolean;

  /** `keep: false` counts nothing and stores nothing (for load benchmarks). */
  constructor(opts: { keep?: boolean } = {}) {
    this.keep = opts.keep ?? true;
  }

  private server?: http.Server;
  private waiters: Array<() => void> = [];
  private seq = 0;

  /** Activities posted to this connector so far (counted even with `keep: false`). */
  get posted(): number {
    return this.seq;
  }

  async start(): Promise<string> {
    this.server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
          if (this.keep) {
            this.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PostedActivity);
            this.waiters.splice(0).forEach((w) => w());
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `r${++this.seq}` }));
          return;
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Waits until `count` activities for the conversation have arrived. */
  async waitFor(conversationId: string, count: number, timeoutMs = 10000): Promise<PostedActivity[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.received.filter((a) => a.conversation?.id === conversationId);
      if (got.length >= count) return got;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} activities for ${conversationId}, got ${got.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
