/**
 * Whole conversations as load: pupils and adults going through info flows
 * and report flows, tapping the buttons the bot offers and typing answers,
 * some with a crisis message mid-way, each waiting a think time between
 * turns. Used by bench/conversationBench.ts and bench/scalingBench.ts.
 *
 * The user follows the bot: after each turn it looks at the suggested
 * actions of the bot's last reply and taps one its persona would (a report
 * persona the report button, an info persona a topic), or types when there
 * are none (a report's description) or every few turns. A conversation ends
 * after `turnsPerConversation` turns and the user starts a new one.
 *
 * Three ways in, each measuring a turn the way its client waits for it:
 * - `api`: POST /api/messages with a local connector (CloudAdapter answers
 *   after the turn and its reply posts);
 * - `dl-rest`: the local Direct Line, POST …/activities (answered once the
 *   bot handled it, as Azure does), replies read with GET …/activities;
 * - `dl-ws`: the local Direct Line, POST …/activities, replies over the
 *   conversation's WebSocket; the turn ends when both arrived.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { LoadResult } from './loadGenerator';

export type Transport = 'api' | 'dl-rest' | 'dl-ws';

interface CardAction {
  title?: string;
  text?: string;
  type?: string;
  value?: unknown;
}
interface Reply {
  type?: string;
  text?: string;
  replyToId?: string;
  from?: { role?: string; id?: string };
  suggestedActions?: { actions?: CardAction[] };
  conversation?: { id?: string };
}

export type Persona = 'pupil-info' | 'pupil-report' | 'adult-info' | 'adult-report';
const PERSONAS: Persona[] = ['pupil-info', 'pupil-report', 'adult-info', 'adult-report'];

const TYPED: Record<Persona, string[]> = {
  'pupil-info': ['šta je grooming?', 'neko mi traži slike', 'kako da zaključam instagram', 'ne znam', 'da', 'hvala'],
  'pupil-report': ['hoću da prijavim nešto', 'jedan lik sa instagrama mi piše svaki dan i traži slike, kaže da će pokazati svima', 'juče', 'ne znam', 'da', 'ne'],
  'adult-info': ['kako da prepoznam da je dete u opasnosti na internetu', 'roditeljska kontrola', 'vršnjačko nasilje', 'da', 'ne', 'hvala'],
  'adult-report': ['želim da prijavim', 'učenik mi je rekao da ga odrasla osoba ucenjuje preko snapchata', 'prošle nedelje', 'ne znam', 'da', 'ne'],
};
const ROLE: Record<Persona, string> = { 'pupil-info': 'role:pupil', 'pupil-report': 'role:pupil', 'adult-info': 'role:teacher', 'adult-report': 'role:parent' };
const CRISIS = ['neko me prati do kuće', 'ne želim više da živim'];

/** The token a tapped button sends (messageBack text, or its value's token). */
function tokenOf(a: CardAction): string | undefined {
  if (a.type === 'openUrl') return undefined;
  const v = a.value as { token?: string } | undefined;
  return typeof v?.token === 'string' ? v.token : typeof a.text === 'string' ? a.text : typeof a.value === 'string' ? a.value : undefined;
}

/** What a user of `persona` sends at turn `n`, given the buttons it was shown. */
export function nextUtterance(persona: Persona, c: number, n: number, actions: CardAction[]): { text: string; value?: unknown; kind: 'tap' | 'type' | 'crisis' } {
  if (n === 0) return { text: ROLE[persona], value: { token: ROLE[persona] }, kind: 'tap' };
  if (n === 5 && c % 3 === 0) return { text: CRISIS[c % CRISIS.length]!, kind: 'crisis' };
  const taps = actions.map((a) => ({ a, token: tokenOf(a) })).filter((x): x is { a: CardAction; token: string } => !!x.token);
  const typed = TYPED[persona];
  if (taps.length && n % 4 !== 3) {
    const want = persona.endsWith('report') ? /report(?!_status)/ : /topic/;
    const pick = taps.find((x) => want.test(x.token)) ?? taps[(c + n) % taps.length]!;
    return { text: pick.token, value: { token: pick.token }, kind: 'tap' };
  }
  return { text: typed[(c + n) % typed.length]!, kind: 'type' };
}

export interface TurnSample {
  ms: number;
  ok: boolean;
}

/** One user's conversation over one transport. */
interface Session {
  send(text: string, value: unknown): Promise<{ ok: boolean; actions: CardAction[] }>;
  close(): void;
}

/** Records the bot's replies per conversation (only the last one's buttons and a count). */
export class ReplySink {
  private readonly last = new Map<string, Reply>();
  private server?: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
        if (req.method === 'POST' && m) {
          try {
            const a = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply;
            if (a.type === 'message') this.last.set(decodeURIComponent(m[1]!), a);
          } catch {
            /* not JSON: still answered */
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`{"id":"r"}`);
          return;
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  take(conversationId: string): Reply | undefined {
    const r = this.last.get(conversationId);
    this.last.delete(conversationId);
    return r;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function request(agent: http.Agent, url: string, method: string, body?: unknown, token?: string): Promise<{ status: number; json: unknown }> {
  const u = new URL(url);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent,
        headers: { ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', () => resolve({ status: 0, json: undefined }));
    req.end(data);
  });
}

const ok = (s: number): boolean => s >= 200 && s < 300;

function apiSession(agent: http.Agent, url: string, serviceUrl: string, sink: ReplySink, id: string): Session {
  const base = { channelId: 'emulator', serviceUrl, locale: 'sr-Latn', conversation: { id }, from: { id: `u-${id}` }, recipient: { id: 'bot' } };
  let n = 0;
  return {
    async send(text, value) {
      const activity = { ...base, type: 'message', id: `${id}-${n++}`, text, ...(value ? { value } : {}) };
      const res = await request(agent, url, 'POST', activity);
      return { ok: ok(res.status), actions: sink.take(id)?.suggestedActions?.actions ?? [] };
    },
    close() {},
  };
}

async function directLineSession(agent: http.Agent, server: string, ws: boolean): Promise<Session | undefined> {
  const tok = await request(agent, `${server}/api/directline/token`, 'POST', {});
  const t = tok.json as { conversationId?: string; token?: string; userId?: string; domain?: string } | undefined;
  if (!ok(tok.status) || !t?.token || !t.conversationId) return undefined;
  const dl = `${server}/v3/directline`;
  const started = await request(agent, `${dl}/conversations`, 'POST', { locale: 'sr-Latn' }, t.token);
  const info = started.json as { streamUrl?: string } | undefined;
  if (!ok(started.status)) return undefined;
  const activities = `${dl}/conversations/${encodeURIComponent(t.conversationId)}/activities`;
  let watermark = '';
  let socket: WebSocket | undefined;
  let waiting: ((r: Reply) => void) | undefined;
  let lastBot: Reply | undefined;
  if (ws && info?.streamUrl) {
    socket = new WebSocket(info.streamUrl);
    await new Promise<void>((resolve, reject) => {
      socket!.once('open', () => resolve());
      socket!.once('error', reject);
    }).catch(() => undefined);
    socket.on('message', (data: Buffer) => {
      if (!data.length) return;
      try {
        const set = JSON.parse(data.toString('utf8')) as { activities?: Reply[] };
        for (const a of set.activities ?? []) {
          if (a.from?.role === 'bot' || (a.from?.id && a.from.id !== t.userId)) {
            lastBot = a;
            waiting?.(a);
          }
        }
      } catch {
        /* keep-alive */
      }
    });
  }
  return {
    async send(text, value) {
      const activity = { type: 'message', from: { id: t.userId }, text, locale: 'sr-Latn', ...(value ? { value } : {}) };
      if (socket) {
        lastBot = undefined;
        const replied = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 30_000);
          waiting = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        const posted = await request(agent, activities, 'POST', activity, t.token);
        const got = ok(posted.status) && (await replied);
        waiting = undefined;
        return { ok: got, actions: (lastBot as Reply | undefined)?.suggestedActions?.actions ?? [] };
      }
      const posted = await request(agent, activities, 'POST', activity, t.token);
      if (!ok(posted.status)) return { ok: false, actions: [] };
      const read = await request(agent, `${activities}?watermark=${encodeURIComponent(watermark)}`, 'GET', undefined, t.token);
      const set = read.json as { activities?: Reply[]; watermark?: string } | undefined;
      if (set?.watermark) watermark = set.watermark;
      const bots = (set?.activities ?? []).filter((a) => a.from?.id !== t.userId);
      return { ok: ok(read.status), actions: bots[bots.length - 1]?.suggestedActions?.actions ?? [] };
    },
    close() {
      socket?.close();
    },
  };
}

export interface ConversationLoadOptions {
  transport: Transport;
  /** api: the bot's /api/messages; dl-*: the server's base URL. */
  url: string;
  /** api only: where replies go (a {@link ReplySink}). */
  serviceUrl?: string;
  sink?: ReplySink;
  conversations: number;
  /** Mean think time between a reply and the next message (exponential); 0 = closed loop. */
  thinkMs: number;
  durationMs: number;
  warmupMs: number;
  turnsPerConversation?: number;
  /** Distinguishes conversation ids between runs against one bot. */
  label: string;
}

/** The figures of a closed-loop run (loadGenerator.ts), by kind of turn. */
export interface ConversationLoadResult extends Omit<LoadResult, 'answered'> {
  /** Turns by kind: tapped, typed, crisis. */
  kinds: Record<string, number>;
}

/** Sleeps `ms`, ending early at `until`. */
const pause = (ms: number, until: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, until - Date.now()))));

export async function runConversations(opts: ConversationLoadOptions): Promise<ConversationLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(8, opts.conversations) });
  const latencies: number[] = [];
  const kinds: Record<string, number> = { tap: 0, type: 0, crisis: 0 };
  let errors = 0;
  const start = Date.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  const perConversation = opts.turnsPerConversation ?? 12;
  const think = (): number => (opts.thinkMs > 0 ? -Math.log(1 - Math.random()) * opts.thinkMs : 0);

  const user = async (c: number): Promise<void> => {
    // Users arrive spread over the first think time (or at once, closed loop).
    await pause(opts.thinkMs > 0 ? Math.random() * opts.thinkMs : 0, end);
    for (let round = 0; Date.now() < end; round++) {
      const persona = PERSONAS[(c + round) % PERSONAS.length]!;
      const id = `${opts.label}-${c}-${round}`;
      const session = opts.transport === 'api'
        ? apiSession(agent, opts.url, opts.serviceUrl!, opts.sink!, id)
        : await directLineSession(agent, opts.url, opts.transport === 'dl-ws');
      if (!session) {
        if (Date.now() >= measureFrom) errors++;
        await pause(1000, end);
        continue;
      }
      let actions: CardAction[] = [];
      for (let n = 0; n < perConversation && Date.now() < end; n++) {
        const next = nextUtterance(persona, c, n, actions);
        // Measured when it starts after the warm-up (as bench/loadGenerator.ts).
        const measured = Date.now() >= measureFrom;
        const t0 = process.hrtime.bigint();
        const res = await session.send(next.text, next.value);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        actions = res.actions;
        if (measured && Date.now() <= end + 60_000) {
          if (res.ok) {
            latencies.push(ms);
            kinds[next.kind]!++;
          } else errors++;
        }
        await pause(think(), end);
      }
      session.close();
    }
  };
  await Promise.all(Array.from({ length: opts.conversations }, (_, c) => user(c)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : NaN);
  const seconds = (Math.max(end, Date.now()) - measureFrom) / 1000;
  return { turns: latencies.length, errors, seconds, turnsPerSec: latencies.length / seconds, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), kinds };
}
