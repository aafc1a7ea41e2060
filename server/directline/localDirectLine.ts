import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { BotBridge } from './botBridge';
import { ChannelActivity, Conversation, ActivitySet } from './conversation';
import { ConversationStore, StoreFullError } from './conversationStore';
import { DirectLineError } from './directLineError';
import type { RateLimiter } from './rateLimiter';
import { TokenSigner } from './tokenSigner';
import { botActivitySchema, startBodySchema, userActivitySchema } from './activitySchemas';
import type Joi from 'joi';

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

/**
 * The Direct Line 3.0 service logic, free of HTTP: conversations, tokens,
 * activities and the bridge to the bot. Routes translate requests to these
 * calls and {@link DirectLineError}s to statuses.
 */
export class LocalDirectLine {
  private readonly userActivity: Joi.ObjectSchema;
  private readonly now: () => number;

  constructor(private readonly opts: LocalDirectLineOptions) {
    this.userActivity = userActivitySchema(opts.maxTextLength);
    this.now = opts.now ?? Date.now;
  }

  /** POST /tokens/generate: reserves a conversation and returns a token for it. */
  generate(body: unknown): ConversationInfo {
    const start = this.validate(startBodySchema, body) as { user?: { id?: string } } | null;
    const userId = start?.user?.id ?? `dl_${randomBytes(12).toString('base64url')}`;
    let conversation: Conversation;
    try {
      conversation = this.opts.store.create(userId);
    } catch (err) {
      if (err instanceof StoreFullError) throw new DirectLineError(503, 'ServiceBusy', 'Too many conversations; try again later.');
      throw err;
    }
    return this.info(conversation);
  }

  /** POST /conversations: starts the token's conversation (idempotent). */
  async start(token: string | undefined, body: unknown, streamBase: string): Promise<{ created: boolean; info: ConversationInfo }> {
    const conversation = this.authorize(token, undefined, true);
    await this.read(conversation);
    const start = this.validate(startBodySchema, body) as { locale?: string } | null;
    const created = !conversation.started;
    if (created) {
      conversation.started = true;
      conversation.locale = start?.locale;
      void this.opts.bridge.deliver({
        ...this.toBot(conversation),
        type: 'conversationUpdate',
        id: `${conversation.id}|start`,
        membersAdded: [{ id: conversation.userId, role: 'user' }],
      } as Partial<Activity> & { conversation: { id: string } });
    }
    return { created, info: { ...this.info(conversation), streamUrl: this.streamUrl(conversation, streamBase, '') } };
  }

  /** GET /conversations/:id: a fresh token and stream URL for a known conversation. */
  async reconnect(token: string | undefined, conversationId: string, watermark: string | undefined, streamBase: string): Promise<ConversationInfo> {
    const conversation = this.authorize(token, conversationId);
    await this.read(conversation);
    return { ...this.info(conversation), streamUrl: this.streamUrl(conversation, streamBase, watermark ?? '') };
  }

  /** POST /tokens/refresh: the same conversation, a new expiry. */
  async refresh(token: string | undefined): Promise<ConversationInfo> {
    const conversation = this.authorize(token);
    await this.read(conversation);
    return this.info(conversation);
  }

  /** GET /conversations/:id/activities */
  async activities(token: string | undefined, conversationId: string, watermark: string | undefined): Promise<ActivitySet> {
    const conversation = this.authorize(token, conversationId);
    await this.read(conversation);
    return conversation.since(watermark);
  }

  /**
   * POST /conversations/:id/activities: echoes the activity into the stream
   * with a new id (its clientActivityID unchanged), then runs the bot's turn.
   * Resolves with the id once the bot has handled it, as Azure does.
   */
  async post(token: string | undefined, conversationId: string, body: unknown): Promise<{ id: string }> {
    const conversation = this.authorize(token, conversationId, true);
    const posted = await this.opts.postLimiter.take(conversation.id);
    if (!posted.ok) throw new DirectLineError(429, 'TooManyRequests', 'Too many messages; slow down.', posted.retryAfterSeconds);
    const input = this.validate(this.userActivity, body) as Record<string, unknown>;
    const removed = Array.isArray(input.attachments) ? input.attachments.length : 0;
    if (typeof input.locale === 'string') conversation.locale = input.locale;
    const echoed = conversation.append(this.fromUser(conversation, input));
    const forBot: Partial<Activity> & { conversation: { id: string } } = {
      ...(echoed as unknown as Partial<Activity>),
      ...this.toBot(conversation),
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
    if (input.type === 'endOfConversation') this.opts.store.remove(conversation.id);
    return { id: echoed.id };
  }

  /**
   * The connector side: the bot posts a reply. Answers {id}; unknown or
   * expired conversations get 404 so a late reply is dropped, not kept.
   */
  fromBot(conversationId: string, body: unknown, replyToId?: string): { id: string } {
    const conversation = this.opts.store.peek(conversationId);
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'Conversation not found.');
    const input = this.validate(botActivitySchema, body) as Record<string, unknown>;
    // serviceUrl names the connector, not something the browser should see.
    const { serviceUrl: _serviceUrl, id: _id, ...rest } = input;
    const stored = conversation.append({
      ...rest,
      type: String(input.type),
      channelId: 'directline',
      timestamp: new Date(this.now()).toISOString(),
      conversation: { id: conversation.id },
      from: { id: this.opts.botId, name: this.opts.botName, role: 'bot' },
      recipient: { id: conversation.userId, role: 'user' },
      ...(replyToId || input.replyToId ? { replyToId: replyToId ?? input.replyToId } : {}),
    });
    return { id: stored.id };
  }

  /** Checks a stream token and returns its live conversation. */
  streamConversation(token: string | undefined, conversationId: string): Conversation {
    const verified = this.opts.signer.verify(token, 'stream');
    if (!verified.ok || verified.claims.conversationId !== conversationId) {
      throw new DirectLineError(403, 'TokenInvalid', 'The stream token is not valid.');
    }
    const conversation = this.opts.store.peek(conversationId);
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'Conversation not found.');
    return conversation;
  }

  /**
   * Checks the token and finds its conversation. Only what the user does
   * (`activity`: start, post) resets the idle clock; reads and refreshes do
   * not, so an abandoned open tab does not keep the conversation alive.
   */
  private authorize(token: string | undefined, conversationId?: string, activity = false): Conversation {
    const verified = this.opts.signer.verify(token, 'conversation');
    if (!verified.ok) {
      throw new DirectLineError(403, verified.reason === 'expired' ? 'TokenExpired' : 'TokenInvalid', 'The token is not valid.');
    }
    if (conversationId !== undefined && verified.claims.conversationId !== conversationId) {
      throw new DirectLineError(403, 'TokenInvalid', 'The token is for another conversation.');
    }
    const id = verified.claims.conversationId;
    const conversation = activity ? this.opts.store.touch(id) : this.opts.store.peek(id);
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'Conversation not found or expired.');
    return conversation;
  }

  private async read(conversation: Conversation): Promise<void> {
    const decision = await this.opts.readLimiter.take(conversation.id);
    if (!decision.ok) throw new DirectLineError(429, 'TooManyRequests', 'Too many requests; slow down.', decision.retryAfterSeconds);
  }

  private validate(schema: Joi.Schema, body: unknown): unknown {
    const { value, error } = schema.validate(body ?? null);
    if (error) throw new DirectLineError(400, 'BadArgument', 'The request body is not valid.');
    return value;
  }

  private info(conversation: Conversation): ConversationInfo {
    const { token, expiresIn } = this.opts.signer.issue(
      { conversationId: conversation.id, userId: conversation.userId, scope: 'conversation' },
      this.opts.tokenTtlSeconds,
    );
    return { conversationId: conversation.id, token, expires_in: expiresIn };
  }

  private streamUrl(conversation: Conversation, streamBase: string, watermark: string): string {
    const { token } = this.opts.signer.issue({ conversationId: conversation.id, scope: 'stream' }, STREAM_TOKEN_TTL_SECONDS);
    const query = new URLSearchParams({ watermark, t: token });
    return `${streamBase}/v3/directline/conversations/${encodeURIComponent(conversation.id)}/stream?${query.toString()}`;
  }

  /** The user's activity as it goes into the stream: only known fields, server-set identity. */
  private fromUser(conversation: Conversation, input: Record<string, unknown>): Omit<ChannelActivity, 'id'> {
    const channelData = input.channelData as Record<string, unknown> | undefined;
    const out: Omit<ChannelActivity, 'id'> = {
      type: input.type as string,
      channelId: 'directline',
      timestamp: new Date(this.now()).toISOString(),
      conversation: { id: conversation.id },
      // The token decides who is speaking, not the body.
      from: { id: conversation.userId, role: 'user' },
    };
    for (const key of ['text', 'textFormat', 'locale', 'name', 'value', 'replyToId'] as const) {
      if (input[key] !== undefined) out[key] = input[key];
    }
    if (channelData?.clientActivityID !== undefined) {
      out.channelData = { clientActivityID: channelData.clientActivityID, clientTimestamp: channelData.clientTimestamp };
    }
    // A tapped button (messageBack) sends a token as text and shows its title:
    // Web Chat renders the echo's displayText, so without it the child would
    // see "topic:sextortion" instead of the button's words.
    const displayText = (channelData?.messageBack as { displayText?: unknown } | undefined)?.displayText;
    if (typeof displayText === 'string' && displayText.length <= MAX_DISPLAY_TEXT) {
      out.channelData = { ...(out.channelData as Record<string, unknown> | undefined), messageBack: { displayText } };
    }
    return out;
  }

  /** Fields every activity to the bot carries. */
  private toBot(conversation: Conversation): Partial<Activity> & { conversation: { id: string } } {
    return {
      channelId: 'directline',
      serviceUrl: this.opts.serviceUrl(),
      conversation: { id: conversation.id } as Activity['conversation'],
      from: { id: conversation.userId, role: 'user' } as Activity['from'],
      recipient: { id: this.opts.botId, name: this.opts.botName, role: 'bot' } as Activity['recipient'],
      locale: conversation.locale,
      timestamp: new Date(this.now()),
    };
  }
}
