import { createHash } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../core/logger';
import type { ConversationStore } from './conversationStore';
import type { CorsPolicy } from './corsPolicy';
import { DirectLineError } from './directLineError';
import type { Authorized, LocalDirectLine } from './localDirectLine';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})\/stream$/;
const HEARTBEAT_MS = 30_000;
const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' };

/** Open sockets allowed at once (in this process). */
export interface SocketCaps {
  perConversation: number;
  perToken: number;
}

function count(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}

/** One open socket and how far it has been sent. */
interface Feed {
  ws: WebSocket;
  sent: number;
  pumping: boolean;
  again: boolean;
}

/**
 * The Direct Line WebSocket stream on the same HTTP server: after the
 * upgrade it sends the activities after the requested watermark, then every
 * new one as `{activities:[…], watermark}`. New activities are announced by
 * the store — at once for appends made in this process, by its poll for
 * appends made by other instances — and each socket is sent, in order, what
 * it has not had yet. Messages from the client (Web Chat sends empty
 * keep-alives) are ignored.
 */
export class StreamServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();
  /** Open sockets per stream token (by a hash of it) and per conversation, counted from the upgrade on. */
  private readonly perToken = new Map<string, number>();
  private readonly perConversation = new Map<string, number>();

  constructor(
    private readonly directLine: LocalDirectLine,
    private readonly store: ConversationStore,
    private readonly cors: CorsPolicy,
    private readonly log: Logger,
    private readonly caps: SocketCaps = { perConversation: 4, perToken: 2 },
  ) {
    store.onRemove((conversation) => this.closeAll(conversation.id));
    this.heartbeat = setInterval(() => this.ping(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Listens for upgrades on `server`; other paths are left to other handlers. */
  attach(server: HttpServer): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://local');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match) return;
      const reject = (status: number): void => {
        socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      };
      if (this.cors.decide(req.headers) === 'refused') return reject(403);
      const token = url.searchParams.get('t') ?? undefined;
      this.directLine.streamConversation(token, match[1] as string).then(
        (authorized) => {
          const id = authorized.conversation.id;
          // One pupil's tab needs one socket (two while Web Chat reconnects):
          // a token or a conversation must not hold hundreds open.
          const tokenKey = createHash('sha256').update(token ?? '').digest('base64url');
          if ((this.perConversation.get(id) ?? 0) >= this.caps.perConversation || (this.perToken.get(tokenKey) ?? 0) >= this.caps.perToken) {
            this.log.info({ event: 'directline.stream_refused' }, 'too many open streams for a conversation or token');
            return reject(429);
          }
          count(this.perToken, tokenKey, +1);
          count(this.perConversation, id, +1);
          socket.once('close', () => {
            count(this.perToken, tokenKey, -1);
            count(this.perConversation, id, -1);
          });
          this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, authorized, url.searchParams.get('watermark') ?? ''));
        },
        (err: unknown) => reject(err instanceof DirectLineError ? err.status : 503),
      );
    });
  }

  /** Closes every socket (shutdown). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const id of [...this.sockets.keys()]) this.closeAll(id);
    this.wss.close();
  }

  private open(ws: WebSocket, authorized: Authorized, watermark: string): void {
    const { conversation } = authorized;
    if (conversation.removed) {
      ws.close(1000);
      return;
    }
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    ws.on('message', () => undefined);
    ws.on('error', (err) => this.log.info({ event: 'directline.stream_error', err }, 'stream socket error'));
    let set = this.sockets.get(conversation.id);
    if (!set) {
      set = new Set();
      this.sockets.set(conversation.id, set);
    }
    set.add(ws);
    const parsed = Number.parseInt(watermark, 10);
    const feed: Feed = { ws, sent: Number.isFinite(parsed) && parsed > 0 ? parsed : 0, pumping: false, again: false };
    const pump = (): void => void this.pump(feed, authorized);
    const unsubscribe = this.store.subscribe(conversation, pump);
    pump();
    ws.on('close', () => {
      unsubscribe();
      set.delete(ws);
      if (set.size === 0 && this.sockets.get(conversation.id) === set) this.sockets.delete(conversation.id);
    });
  }

  /** Sends what the socket has not had yet; one pump per socket at a time, rerun when more arrived meanwhile. */
  private async pump(feed: Feed, authorized: Authorized): Promise<void> {
    if (feed.pumping) {
      feed.again = true;
      return;
    }
    feed.pumping = true;
    try {
      do {
        feed.again = false;
        if (feed.ws.readyState !== WebSocket.OPEN) return;
        const set = await this.directLine.since(authorized.conversation, authorized.userId, String(feed.sent));
        const next = Number(set.watermark);
        if (next <= feed.sent) continue;
        feed.sent = next;
        if (set.activities.length > 0 && feed.ws.readyState === WebSocket.OPEN) feed.ws.send(JSON.stringify(set));
      } while (feed.again);
    } catch (err) {
      this.log.warn({ event: 'directline.stream_read_failed', err }, 'could not read activities for a socket; will retry on the next one');
    } finally {
      feed.pumping = false;
    }
  }

  private closeAll(conversationId: string): void {
    const set = this.sockets.get(conversationId);
    if (!set) return;
    this.sockets.delete(conversationId);
    for (const ws of set) ws.close(1000);
  }

  private ping(): void {
    for (const set of this.sockets.values()) {
      for (const ws of set) {
        if (!this.alive.has(ws)) {
          ws.terminate();
          continue;
        }
        this.alive.delete(ws);
        ws.ping();
      }
    }
  }
}
