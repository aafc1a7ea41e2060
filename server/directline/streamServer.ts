import { createHash } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger';
import type { Conversation } from './conversation';
import type { ConversationStore } from './conversationStore';
import type { CorsPolicy } from './corsPolicy';
import { DirectLineError } from './directLineError';
import type { LocalDirectLine } from './localDirectLine';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})\/stream$/;
const HEARTBEAT_MS = 30_000;
const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests' };

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

/**
 * The Direct Line WebSocket stream on the same HTTP server: after the
 * upgrade it sends the activities after the requested watermark, then every
 * new one as `{activities:[…], watermark}`. Messages from the client (Web
 * Chat sends empty keep-alives) are ignored.
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
    store: ConversationStore,
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
      let conversation: Conversation;
      try {
        conversation = this.directLine.streamConversation(token, match[1] as string);
      } catch (err) {
        return reject(err instanceof DirectLineError ? err.status : 403);
      }
      // One pupil's tab needs one socket (two while Web Chat reconnects):
      // a token or a conversation must not hold hundreds open.
      const tokenKey = createHash('sha256').update(token ?? '').digest('base64url');
      if ((this.perConversation.get(conversation.id) ?? 0) >= this.caps.perConversation || (this.perToken.get(tokenKey) ?? 0) >= this.caps.perToken) {
        this.log.info({ event: 'directline.stream_refused' }, 'too many open streams for a conversation or token');
        return reject(429);
      }
      count(this.perToken, tokenKey, +1);
      count(this.perConversation, conversation.id, +1);
      socket.once('close', () => {
        count(this.perToken, tokenKey, -1);
        count(this.perConversation, conversation.id, -1);
      });
      this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, conversation, url.searchParams.get('watermark') ?? ''));
    });
  }

  /** Closes every socket (shutdown). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const id of [...this.sockets.keys()]) this.closeAll(id);
    this.wss.close();
  }

  private open(ws: WebSocket, conversation: Conversation, watermark: string): void {
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
    const backlog = conversation.since(watermark);
    if (backlog.activities.length > 0) ws.send(JSON.stringify(backlog));
    const unsubscribe = conversation.subscribe((activity, next) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ activities: [activity], watermark: String(next) }));
    });
    ws.on('close', () => {
      unsubscribe();
      set.delete(ws);
      if (set.size === 0 && this.sockets.get(conversation.id) === set) this.sockets.delete(conversation.id);
    });
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
