import { randomBytes } from 'node:crypto';
import { Conversation } from './conversation';

/** Raised when the store already holds its maximum of conversations. */
export class StoreFullError extends Error {
  constructor() {
    super('too many open conversations');
    this.name = 'StoreFullError';
  }
}

export interface ConversationStoreOptions {
  idleMs: number;
  maxActivities: number;
  maxConversations: number;
  now?: () => number;
}

/**
 * The local Direct Line's conversations, in memory. A conversation idle for
 * longer than `idleMs` is treated as gone on lookup and removed by
 * {@link ConversationStore.sweep}; `onRemove` lets the stream close sockets.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly removeHandlers: Array<(conversation: Conversation) => void> = [];
  private readonly now: () => number;

  constructor(private readonly opts: ConversationStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Creates a conversation with a fresh unguessable id (128 bits). */
  create(userId: string): Conversation {
    if (this.conversations.size >= this.opts.maxConversations) {
      this.sweep();
      if (this.conversations.size >= this.opts.maxConversations) throw new StoreFullError();
    }
    const id = randomBytes(16).toString('base64url');
    const conversation = new Conversation(id, userId, this.opts.maxActivities, this.now());
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** The live conversation, refreshing its idle clock; undefined when unknown or expired. */
  touch(id: string): Conversation | undefined {
    const conversation = this.peek(id);
    if (conversation) conversation.lastActive = this.now();
    return conversation;
  }

  /** The live conversation without counting the lookup as activity. */
  peek(id: string): Conversation | undefined {
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    if (this.isIdle(conversation)) {
      this.remove(id);
      return undefined;
    }
    return conversation;
  }

  /** Ends a conversation now (quick exit, end of conversation). */
  remove(id: string): void {
    const conversation = this.conversations.get(id);
    if (!conversation) return;
    this.conversations.delete(id);
    for (const handler of this.removeHandlers) handler(conversation);
    conversation.clear();
  }

  /** Removes every idle conversation; returns how many went. */
  sweep(): number {
    let removed = 0;
    for (const [id, conversation] of this.conversations) {
      if (this.isIdle(conversation)) {
        this.remove(id);
        removed++;
      }
    }
    return removed;
  }

  onRemove(handler: (conversation: Conversation) => void): void {
    this.removeHandlers.push(handler);
  }

  /** Removes everything (shutdown). */
  clear(): void {
    for (const id of [...this.conversations.keys()]) this.remove(id);
  }

  private isIdle(conversation: Conversation): boolean {
    return this.now() - conversation.lastActive > this.opts.idleMs;
  }
}
