import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type Joi from 'joi';
import type { StoredActivity } from './activitySeal';
import type { BotBridge } from './botBridge';
import { ActivitySet, Conversation, Participants, activityIdOf, seqOfActivityId, toChannelActivity } from './conversation';
import { ConversationGoneError, ConversationStore, StoreFullError } from './conversationStore';
import { DirectLineError } from './directLineError';
import type { RateLimiter } from './rateLimiter';
import { TokenSigner } from './tokenSigner';
import { botActivitySchema, startBodySchema, userActivitySchema } from './activitySchemas';

/** Longest button title echoed back for display. */
const MAX_DISPLAY_TEXT = 200;

/** The Direct Line 3.0 conversation object. */
export interface ConversationInfo {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

export interface LocalDirectLineOptions {
  store: ConversationStore;
  signer: TokenSigner;
  /** Runs bot turns (a {@link BotBridge} in the server). */
  bridge: Pick<BotBridge, 'deliver'>;
  postLimiter: Pick<RateLimiter, 'take'>;
  readLimiter: Pick<RateLimiter, 'take'>;
  tokenTtlSeconds: number;
  maxTextLength: number;
  botId: string;
  botName: string;
  /** The connector base URL the bot posts replies to (known once listening). */
  serviceUrl: () => string;
  now?: () => number;
}

/** How long a stream URL may be used to open its WebSocket. */
const STREAM_TOKEN_TTL_SECONDS = 120;

/** A checked token's conversation and the user it speaks for. */
export interface Authorized {
  conversation: Conversation;
  userId: string;
}

/**
 * The Direct Line 3.0 service logic, free of HTTP: conversations, tokens,
 * activities and the bridge to the bot. Routes translate requests to these
 * calls and {@link DirectLineError}s to statuses. The user's id lives in the
 * token (signed), never in the database: every read puts it back from the
 * request's token.
 */
export class LocalDirectLine {
  private readonly userActivity: Joi.ObjectSchema;
  private readonly now: () => number;

  constructor(private readonly opts: LocalDirectLineOptions) {
    this.userActivity = userActivitySchema(opts.maxTextLength);
    this.now = opts.now ?? Date.now;
  }

  /** POST /tokens/generate: reserves a conversation and returns a token for it. */
  async generate(body: unknown): Promise<ConversationInfo> {
    const start = this.validate(startBodySchema, body) as { user?: { id?: string } } | null;
    const userId = start?.user?.id ?? `dl_${randomBytes(12).toString('base64url')}`;
    let conversation: Conversation;
    try {
      conversation = await this.opts.store.create();
    } catch (err) {
      if (err instanceof StoreFullError) throw new DirectLineError(503, 'ServiceBusy', 'Too many conversations; try again later.');
      throw err;
    }
    return this.info(conversation, userId);
  }

  /** POST /conversations: starts the token's conversation (idempotent). */
  async start(token: string | undefined, body: unknown, streamBase: string): Promise<{ created: boolean; info: ConversationInfo }> {
    const { conversation, userId } = await this.authorize(token);
    await this.read(conversation);
    const start = this.validate(startBodySchema, body) as { locale?: string } | null;
    const created = await this.opts.store.start(conversation, start?.locale);
    if (created) {
      // The welcome turn's replies are written in one batch when it ends.
      void this.opts.store.during(conversation, () => this.opts.bridge.deliver({
        ...this.toBot(conversation, userId),
        type: 'conversationUpdate',
        id: `${conversation.id}|start`,
        membersAdded: [{ id: userId, role: 'user' }],
      } as Partial<Activity> & { conversation: { id: string } }));
    }
    return { created, info: { ...this.info(conversation, userId), streamUrl: this.streamUrl(conversation, userId, streamBase, '') } };
  }

  /** GET /conversations/:id: a fresh token and stream URL for a known conversation. */
  async reconnect(token: string | undefined, conversationId: string, watermark: string | undefined, streamBase: string): Promise<ConversationInfo> {
    const { conversation, userId } = await this.authorize(token, conversationId);
    await this.read(conversation);
    return { ...this.info(conversation, userId), streamUrl: this.streamUrl(conversation, userId, streamBase, watermark ?? '') };
  }

  /** POST /tokens/refresh: the same conversation, a new expiry. */
  async refresh(token: string | undefined): Promise<ConversationInfo> {
    const { conversation, userId } = await this.authorize(token);
    await this.read(conversation);
    return this.info(conversation, userId);
  }

  /** GET /conversations/:id/activities */
  async activities(token: string | undefined, conversationId: string, watermark: string | undefined): Promise<ActivitySet> {
    const { conversation, userId } = await this.authorize(token, conversationId);
    await this.read(conversation);
    return this.since(conversation, userId, watermark);
  }

  /** The activities after `watermark` ('' or garbage = from the start), as `userId` sees them. */
  async since(conversation: Conversation, userId: string, watermark: string | undefined): Promise<ActivitySet> {
    const parsed = Number.parseInt(watermark ?? '', 10);
    const from = Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
    const found = await this.opts.store.since(conversation, from);
    const who = this.participants(userId);
    return {
      activities: found.activities.map((a) => toChannelActivity(conversation.id, a.seq, a.activity, who)),
      watermark: String(found.watermark),
    };
  }

  /**
   * POST /conversations/:id/activities: echoes the activity into the stream
   * with a new id (its clientActivityID unchanged), then runs the bot's turn.
   * Resolves with the id once the bot has handled it, as Azure does.
   */
  async post(token: string | undefined, conversationId: string, body: unknown): Promise<{ id: string }> {
    const { conversation, userId } = await this.authorize(token, conversationId, { forAppend: true });
    const posted = await this.opts.postLimiter.take(conversation.key);
    if (!posted.ok) throw new DirectLineError(429, 'TooManyRequests', 'Too many messages; slow down.', posted.retryAfterSeconds);
    const input = this.validate(this.userActivity, body) as Record<string, unknown>;
    const removed = Array.isArray(input.attachments) ? input.attachments.length : 0;
    const stored = this.fromUser(conversation, input);
    // The user's activity and the bot's replies are written in one batch when the turn ends.
    const id = await this.opts.store.during(conversation, async () => {
      const seq = await this.append(conversation, stored, { user: true, locale: typeof input.locale === 'string' ? input.locale : undefined });
      const echoed = toChannelActivity(conversation.id, seq, stored, this.participants(userId));
      const forBot: Partial<Activity> & { conversation: { id: string } } = {
        ...(echoed as unknown as Partial<Activity>),
        ...this.toBot(conversation, userId),
        locale: (echoed.locale as string | undefined) ?? conversation.locale,
      };
      // SPEC section 5: files are never accepted. The bot learns that something
      // was attached, so it can tell the user it refuses files, but it gets
      // only empty placeholders: no content, URL or file name.
      if (removed > 0) {
        forBot.attachments = Array.from({ length: removed }, () => ({ contentType: 'application/octet-stream' }));
        forBot.channelData = { ...(echoed.channelData as object), attachmentsRemoved: removed };
      }
      await this.opts.bridge.deliver(forBot);
      return echoed.id;
    });
    if (input.type === 'endOfConversation') await this.opts.store.remove(conversation.id);
    return { id };
  }

  /**
   * The connector side: the bot posts a reply. Answers {id}; unknown or
   * expired conversations get 404 so a late reply is dropped, not kept.
   */
  async fromBot(conversationId: string, body: unknown, replyToId?: string): Promise<{ id: string }> {
    const conversation = await this.opts.store.forAppend(conversationId);
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'Conversation not found.');
    const input = this.validate(botActivitySchema, body) as Record<string, unknown>;
    // serviceUrl names the connector, not something the browser should see;
    // ids and who speaks to whom are put back when the activity is read.
    const { serviceUrl: _serviceUrl, id: _id, conversation: _conversation, from: _from, recipient: _recipient, replyToId: bodyReplyTo, ...rest } = input;
    const stored: StoredActivity = {
      r: 'bot',
      body: { ...rest, type: String(input.type), channelId: 'directline', timestamp: new Date(this.now()).toISOString() },
    };
    const rt = seqOfActivityId(conversation.id, replyToId ?? bodyReplyTo);
    if (rt !== undefined) stored.rt = rt;
    const seq = await this.append(conversation, stored, { user: false });
    return { id: activityIdOf(conversation.id, seq) };
  }

  /** Checks a stream token and returns its live conversation and user. */
  async streamConversation(token: string | undefined, conversationId: string): Promise<Authorized> {
    const verified = this.opts.signer.verify(token, 'stream');
    if (!verified.ok || verified.claims.conversationId !== conversationId) {
      throw new DirectLineError(403, 'TokenInvalid', 'The stream token is not valid.');
    }
    const conversation = await this.opts.store.get(conversationId);
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'Conversation not found.');
    return { conversation, userId: verified.claims.userId ?? 'user' };
  }

  /** Who speaks in a conversation, as `userId` sees it. */
  participants(userId: string): Participants {
    return { userId, botId: this.opts.botId, botName: this.opts.botName };
  }

  private async append(conversation: Conversation, activity: StoredActivity, opts: { user: boolean; locale?: string }): Promise<number> {
    try {
      return await this.opts.store.append(conversation, activity, opts);
    } catch (err) {
      if (err instanceof ConversationGoneError) throw new DirectLineError(404, 'NotFound', 'Conversation not found or expired.');
      throw err;
    }
  }

  /**
   * Checks the token and finds its conversation. Only what the user does
   * (start, post) resets the idle clock; reads and refreshes do not, so an
   * abandoned open tab does not keep the conversation alive.
   */
  private async authorize(token: string | undefined, conversationId?: string, opts: { forAppend?: boolean } = {}): Promise<Authorized> {
    const verified = this.opts.signer.verify(token, 'conversation');
    if (!verified.ok) {
      throw new DirectLineError(403, verified.reason === 'expired' ? 'TokenExpired' : 'TokenInvalid', 'The token is not valid.');
    }
    if (conversationId !== undefined && verified.claims.conversationId !== conversationId) {
      throw new DirectLineError(403, 'TokenInvalid', 'The token is for another conversation.');
    }
    const id = verified.claims.conversationId;
    const conversation = await (opts.forAppend ? this.opts.store.forAppend(id) : this.opts.store.get(id));
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'Conversation not found or expired.');
    return { conversation, userId: verified.claims.userId ?? 'user' };
  }

  private async read(conversation: Conversation): Promise<void> {
    const decision = await this.opts.readLimiter.take(conversation.key);
    if (!decision.ok) throw new DirectLineError(429, 'TooManyRequests', 'Too many requests; slow down.', decision.retryAfterSeconds);
  }

  private validate(schema: Joi.Schema, body: unknown): unknown {
    const { value, error } = schema.validate(body ?? null);
    if (error) throw new DirectLineError(400, 'BadArgument', 'The request body is not valid.');
    return value;
  }

  private info(conversation: Conversation, userId: string): ConversationInfo {
    const { token, expiresIn } = this.opts.signer.issue({ conversationId: conversation.id, userId, scope: 'conversation' }, this.opts.tokenTtlSeconds);
    return { conversationId: conversation.id, token, expires_in: expiresIn };
  }

  private streamUrl(conversation: Conversation, userId: string, streamBase: string, watermark: string): string {
    const { token } = this.opts.signer.issue({ conversationId: conversation.id, userId, scope: 'stream' }, STREAM_TOKEN_TTL_SECONDS);
    const query = new URLSearchParams({ watermark, t: token });
    return `${streamBase}/v3/directline/conversations/${encodeURIComponent(conversation.id)}/stream?${query.toString()}`;
  }

  /** The user's activity as it is kept: only known fields; identity comes from the token when it is read. */
  private fromUser(conversation: Conversation, input: Record<string, unknown>): StoredActivity {
    const channelData = input.channelData as Record<string, unknown> | undefined;
    const body: Record<string, unknown> = {
      type: input.type as string,
      channelId: 'directline',
      timestamp: new Date(this.now()).toISOString(),
    };
    for (const key of ['text', 'textFormat', 'locale', 'name', 'value'] as const) {
      if (input[key] !== undefined) body[key] = input[key];
    }
    if (channelData?.clientActivityID !== undefined) {
      body.channelData = { clientActivityID: channelData.clientActivityID, clientTimestamp: channelData.clientTimestamp };
    }
    // A tapped button (messageBack) sends a token as text and shows its title:
    // Web Chat renders the echo's displayText, so without it the child would
    // see "topic:sextortion" instead of the button's words.
    const displayText = (channelData?.messageBack as { displayText?: unknown } | undefined)?.displayText;
    if (typeof displayText === 'string' && displayText.length <= MAX_DISPLAY_TEXT) {
      body.channelData = { ...(body.channelData as Record<string, unknown> | undefined), messageBack: { displayText } };
    }
    const stored: StoredActivity = { r: 'user', body };
    const rt = seqOfActivityId(conversation.id, input.replyToId);
    if (rt !== undefined) stored.rt = rt;
    return stored;
  }

  /** Fields every activity to the bot carries. */
  private toBot(conversation: Conversation, userId: string): Partial<Activity> & { conversation: { id: string } } {
    return {
      channelId: 'directline',
      serviceUrl: this.opts.serviceUrl(),
      conversation: { id: conversation.id } as Activity['conversation'],
      from: { id: userId, role: 'user' } as Activity['from'],
      recipient: { id: this.opts.botId, name: this.opts.botName, role: 'bot' } as Activity['recipient'],
      locale: conversation.locale,
      timestamp: new Date(this.now()),
    };
  }
}
