import { randomBytes } from 'node:crypto';
import type { DatabaseGate } from '../../models/databaseGate';
import { isDatabaseUnavailable } from '../../models/dbAvailability';
import type { ActivityRecord, ConversationRecord, DirectLineRecords } from '../../models/directLineRecords';
import { KeyedMutex } from '../../core/keyedMutex';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { ConversationKeys, openActivity, sealActivity, type StoredActivity } from './activitySeal';
import { Conversation, type ActivityListener, type NumberedActivity } from './conversation';
import { ConversationWriter, recordOf, touchOf } from './conversationWriter';
import { RemotePoll } from './remotePoll';

/** Raised when the store already holds its maximum of conversations. */
export class StoreFullError extends AppError<'StoreFull'> {
  constructor() {
    super('StoreFull', 'too many open conversations');
  }
}

/** Raised when a conversation ended (elsewhere, or expired) while it was being written. */
export class ConversationGoneError extends AppError<'ConversationGone'> {
  constructor() {
    super('ConversationGone', 'the conversation no longer exists');
  }
}

export interface ConversationStoreOptions {
  idleMs: number;
  maxActivities: number;
  /** Conversations held in memory at once (a cache when `records` is given). */
  maxConversations: number;
  /** Derives stored keys and sealing keys from DIRECTLINE_TOKEN_SECRET. */
  keys: ConversationKeys;
  /** The database; absent: memory only (unit tests). */
  records?: DirectLineRecords;
  /** Bounds and short-circuits database calls while it is away. */
  gate?: DatabaseGate;
  /** Several writers: how often sockets held here look for activities written by other instances. */
  pollMs?: number;
  log?: Logger;
  now?: () => number;
}

/** How long a missing activity number is waited for before it is skipped (another instance may be writing it). */
const GAP_GRACE_MS = 10_000;
/** The database sweep runs on every this many memory sweeps. */
const DB_SWEEP_EVERY = 10;
/** Activities older than this go even from a conversation that is still open (several writers: orphans). */
const ORPHAN_MS = 24 * 3600_000;

/**
 * The local Direct Line's conversations: in memory, and in MongoDB through
 * {@link DirectLineRecords} so they survive restarts and are shared by
 * instances.
 *
 * - **One server** (the embedded database, `records.singleWriter`): the copy
 *   in memory is authoritative and written behind, coalesced per
 *   conversation; a conversation not in memory (after a restart) is read back.
 * - **Several instances**: the database is authoritative. Every append takes
 *   its number with one atomic update; requests read the conversation's head
 *   from the database; sockets held here are fed at once by appends made
 *   here and, for appends made elsewhere, by one poll every `pollMs` that
 *   asks for the heads of all of them in one query (and the new activities
 *   of those that moved in a second).
 * - **While the database is away** (the gate is closed) both keep going from
 *   memory: appends are numbered here and written when it answers again
 *   (with several instances a number another instance took meanwhile is a
 *   clash: that activity stays on this instance's sockets only, and is logged).
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly mutex = new KeyedMutex();
  private readonly removeHandlers: Array<(conversation: Conversation) => void> = [];
  private readonly now: () => number;
  /** Writes what the database does not have yet (absent: memory only). */
  private readonly writer?: ConversationWriter;
  /** Several instances: finds other instances' appends for the sockets held here. */
  private readonly remote?: RemotePoll;
  private sweeps = 0;
  /** Writes of held turns under way (see {@link release}); a flush waits for them. */
  private readonly releasing = new Set<Promise<void>>();

  constructor(private readonly opts: ConversationStoreOptions) {
    this.now = opts.now ?? Date.now;
    const { records } = opts;
    if (records) {
      const db = <T>(op: () => Promise<T>): Promise<T> => this.db(op);
      this.writer = new ConversationWriter({
        records, shared: this.shared, mutex: this.mutex, db, maxActivities: opts.maxActivities, idleMs: opts.idleMs, now: this.now, log: opts.log,
      });
      if (this.shared) {
        this.remote = new RemotePoll({
          records, gate: opts.gate, db,
          conversations: () => this.conversations.values(),
          drop: (c) => this.dropLocal(c),
          absorb: (c, found) => this.absorb(c, found),
          idleMs: opts.idleMs, maxActivities: opts.maxActivities, pollMs: opts.pollMs ?? 250, now: this.now, log: opts.log,
        });
      }
    }
    opts.gate?.onRecover(() => void this.flush());
  }

  /** Several instances share the database (its copy is authoritative). */
  get shared(): boolean {
    return this.opts.records !== undefined && !this.opts.records.singleWriter;
  }

  /** Conversations held in memory. */
  get size(): number {
    return this.conversations.size;
  }

  /** Creates a conversation with a fresh unguessable id (128 bits). */
  async create(): Promise<Conversation> {
    if (this.conversations.size >= this.opts.maxConversations) {
      this.sweepMemory();
      this.evict();
      if (this.conversations.size >= this.opts.maxConversations) throw new StoreFullError();
    }
    const id = randomBytes(16).toString('base64url');
    const conversation = this.make(id);
    this.conversations.set(id, conversation);
    const { records } = this.opts;
    if (!records) return conversation;
    conversation.metaDirty = true;
    if (this.shared) {
      try {
        await this.db(() => records.insert(recordOf(conversation, this.opts.idleMs)));
        conversation.recordStored = true;
        conversation.metaDirty = false;
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        this.writer?.later(conversation);
      }
    } else {
      this.writer?.writeBehind(conversation);
    }
    return conversation;
  }

  /**
   * The live conversation, or undefined when unknown or expired. `touch`
   * (a user action, not a read) refreshes its idle clock. With several
   * instances its head is read from the database. Throws a database error
   * only when the conversation is not in memory and the database is away.
   */
  async get(id: string, opts: { touch?: boolean } = {}): Promise<Conversation | undefined> {
    let conversation = this.conversations.get(id);
    if (conversation) {
      // Most recently used last: eviction takes from the front.
      this.conversations.delete(id);
      this.conversations.set(id, conversation);
    }
    const { records } = this.opts;
    if (!records) {
      if (!conversation) return undefined;
      if (this.isIdle(conversation)) {
        this.dropLocal(conversation);
        return undefined;
      }
      if (opts.touch) conversation.lastActive = this.now();
      return conversation;
    }
    if (conversation && !this.shared) {
      if (this.isIdle(conversation)) {
        this.dropLocal(conversation);
        return undefined;
      }
      if (opts.touch) this.touchLocal(conversation);
      return conversation;
    }
    let record: ConversationRecord | undefined;
    try {
      record = await this.db(() => records.find(this.opts.keys.storedKey(id)));
    } catch (err) {
      if (!isDatabaseUnavailable(err) || !conversation || this.isIdle(conversation)) throw err;
      // The database is away: carry on with what this instance holds.
      if (opts.touch) this.touchLocal(conversation);
      return conversation;
    }
    if (!record) {
      // Created here while the database was away, and not yet written.
      if (conversation && !conversation.recordStored && !this.isIdle(conversation)) return conversation;
      if (conversation) this.dropLocal(conversation);
      return undefined;
    }
    if (record.expiresAt <= this.now()) {
      if (conversation) this.dropLocal(conversation);
      return undefined;
    }
    if (!conversation) {
      conversation = this.make(id);
      conversation.persistedSeq = record.seq;
      this.conversations.set(id, conversation);
    }
    conversation.recordStored = true;
    conversation.seq = Math.max(conversation.seq, record.seq);
    conversation.started ||= record.started;
    conversation.locale = record.locale ?? conversation.locale;
    conversation.lastActive = Math.max(conversation.lastActive, record.lastActive);
    if (opts.touch) {
      conversation.lastActive = this.now();
      if (this.shared) await this.touchShared(conversation);
      else this.touchLocal(conversation);
    }
    return conversation;
  }

  /**
   * The conversation an append goes to (a user's post, a reply of the bot):
   * the copy held here, when there is one and it is not idle — with several
   * instances the append's own atomic update checks in the database that it
   * still lives, and ends it here when not — else {@link get}. Saves a read
   * per post and per reply.
   */
  forAppend(id: string): Promise<Conversation | undefined> {
    const held = this.conversations.get(id);
    if (held && !held.removed && !this.isIdle(held)) return Promise.resolve(held);
    return this.get(id);
  }

  /** The conversation if this process holds it (tests, benchmarks); no database, no expiry check. */
  cached(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  /** Marks a conversation started; true for the one call that started it. */
  async start(conversation: Conversation, locale: string | undefined): Promise<boolean> {
    const { records } = this.opts;
    conversation.lastActive = this.now();
    if (records && this.shared && conversation.recordStored) {
      try {
        const started = await this.db(() => records.markStarted(conversation.key, this.now(), locale));
        await this.db(() => records.touch(conversation.key, touchOf(conversation, this.opts.idleMs)));
        if (started) {
          conversation.started = true;
          conversation.locale = locale;
        }
        return started;
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
      }
    }
    if (conversation.started) return false;
    conversation.started = true;
    conversation.locale = locale;
    this.touchLocal(conversation);
    return true;
  }

  /**
   * Appends an activity and tells this instance's listeners. `user`: the
   * user's own activity, which refreshes the idle clock (and the locale).
   * Returns its number. Throws {@link ConversationGoneError} when the
   * conversation ended meanwhile.
   */
  append(conversation: Conversation, activity: StoredActivity, opts: { user: boolean; locale?: string }): Promise<number> {
    return this.mutex.run(conversation.key, async () => {
      if (conversation.removed) throw new ConversationGoneError();
      const now = this.now();
      if (opts.user) {
        conversation.lastActive = now;
        if (opts.locale) conversation.locale = opts.locale;
      }
      const { records } = this.opts;
      if (records && this.shared && conversation.recordStored) {
        try {
          const reserved = await this.db(() => records.reserve(conversation.key, now, opts.user ? touchOf(conversation, this.opts.idleMs) : undefined));
          if (reserved === undefined) {
            this.dropLocal(conversation);
            throw new ConversationGoneError();
          }
          conversation.seq = Math.max(conversation.seq, reserved);
          const sealed = sealActivity(conversation.sealKey, reserved, activity);
          if (conversation.holds > 0) {
            // A turn is running: written with the rest of its activities when it ends (release).
            conversation.held.push({ seq: reserved, sealed, at: now });
          } else {
            try {
              await this.db(() => records.putActivities(conversation.key, [{ seq: reserved, sealed, at: now }]));
            } catch (err) {
              // The number is ours; the write may still land: keep the same sealed text to retry with.
              if (!isDatabaseUnavailable(err)) throw err;
              conversation.unsent.set(reserved, sealed);
              this.writer?.later(conversation);
            }
          }
          conversation.put(reserved, activity);
          if (reserved > this.opts.maxActivities) {
            const out = reserved - this.opts.maxActivities;
            this.db(() => records.dropActivities(conversation.key, out - 1, out)).catch(() => undefined);
          }
          conversation.notify();
          return reserved;
        } catch (err) {
          if (!isDatabaseUnavailable(err)) throw err;
        }
      }
      // One server (its memory is authoritative), memory only, or the database away.
      const seq = conversation.seq + 1;
      conversation.put(seq, activity);
      if (records) {
        if (this.shared) {
          conversation.unsent.set(seq, sealActivity(conversation.sealKey, seq, activity));
          if (opts.user) conversation.metaDirty = true;
          this.writer?.later(conversation);
        } else if (conversation.holds > 0) {
          // A turn is running: the whole turn is written once, when it ends (release).
          this.writer?.later(conversation);
        } else {
          this.writer?.writeBehind(conversation);
        }
      }
      conversation.notify();
      return seq;
    });
  }

  /**
   * Runs `fn` — a user's post and the bot's turn it starts — with the
   * conversation's writes held: what is appended meanwhile (the user's
   * activity, the bot's replies) goes to the database in one write when the
   * last hold ends, instead of one or more per activity. Sockets here get
   * every activity at once, as before; with several instances each activity
   * still takes its number at once, and the others wait for a taken number
   * until it is written (see {@link since}). A crash mid-turn loses at most
   * that turn's lines of the transcript (never a report: the bot stores those).
   */
  async during<T>(conversation: Conversation, fn: () => Promise<T>): Promise<T> {
    conversation.holds++;
    try {
      return await fn();
    } finally {
      if (--conversation.holds === 0) await this.release(conversation);
    }
  }

  /**
   * The activities after `watermark` that can be delivered in order, and
   * the watermark after them. From memory when it holds them all; else read
   * from the database. With several instances an activity whose number is
   * taken but not yet written stops delivery there (for up to
   * {@link GAP_GRACE_MS}), so nothing is skipped that another instance is
   * writing.
   */
  async since(conversation: Conversation, watermark: number): Promise<{ activities: NumberedActivity[]; watermark: number }> {
    const from = Math.max(watermark, conversation.windowStart - 1, 0);
    const head = conversation.seq;
    let complete = true;
    for (let s = from + 1; s <= head && complete; s++) complete = conversation.at(s) !== undefined;
    const { records } = this.opts;
    if (!complete && records) {
      try {
        const found = await this.db(() => records.activitiesBetween(conversation.key, from, head));
        this.absorb(conversation, found);
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
      }
    }
    const out: NumberedActivity[] = [];
    let reached = from;
    const now = this.now();
    for (let s = from + 1; s <= head; s++) {
      const activity = conversation.at(s);
      if (activity) {
        out.push({ seq: s, activity });
        reached = s;
        continue;
      }
      if (!records || !this.shared) {
        // One writer: a number that is not there never will be (a write lost in a crash).
        if (records) reached = s;
        continue;
      }
      const since = conversation.missingSince.get(s) ?? now;
      conversation.missingSince.set(s, since);
      if (now - since < GAP_GRACE_MS) break;
      reached = s;
    }
    return { activities: out, watermark: Math.max(reached, watermark) };
  }

  /** Ends a conversation now (quick exit, end of conversation), here and in the database. */
  async remove(id: string): Promise<void> {
    const key = this.opts.keys.storedKey(id);
    const conversation = this.conversations.get(id);
    await this.mutex.run(key, async () => {
      if (conversation) this.dropLocal(conversation);
      const { records } = this.opts;
      if (!records) return;
      const seq = conversation?.seq;
      try {
        await this.db(() => records.remove(key, seq));
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        this.writer?.removeLater(key, seq ?? 0);
      }
    });
  }

  /**
   * Removes idle conversations from memory (and, every few runs, expired
   * ones from the database); retries what the database did not take.
   * Returns how many conversations went from memory.
   */
  async sweep(): Promise<number> {
    const removed = this.sweepMemory();
    const { records } = this.opts;
    if (records && ++this.sweeps % DB_SWEEP_EVERY === 0 && this.opts.gate?.up !== false) {
      const now = this.now();
      const live = new Set([...this.conversations.values()].filter((c) => !this.isIdle(c)).map((c) => c.key));
      await this.db(() => records.sweep(now, (key) => live.has(key), now - this.opts.idleMs - ORPHAN_MS), 60_000).catch((err: unknown) =>
        this.opts.log?.warn({ event: 'directline.sweep_failed', err }, 'could not sweep expired conversations; will retry'),
      );
    }
    if (this.writer?.pending) await this.flush();
    return removed;
  }

  /** Listens for new activities; with several instances the poll looks for other instances' appends while anyone listens. */
  subscribe(conversation: Conversation, listener: ActivityListener): () => void {
    const unsubscribe = conversation.subscribe(listener);
    this.remote?.ensureRunning();
    return unsubscribe;
  }

  onRemove(handler: (conversation: Conversation) => void): void {
    this.removeHandlers.push(handler);
  }

  /** Writes everything the database has not taken yet (after an outage; at shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.releasing]);
    await this.writer?.flush();
  }

  /** Writes what a conversation's turns held back (see {@link during}). */
  private release(conversation: Conversation): Promise<void> {
    const { records } = this.opts;
    if (!records || conversation.removed) return Promise.resolve();
    if (!this.shared) {
      if (this.writer?.dirty.has(conversation)) this.writer.writeBehind(conversation);
      return Promise.resolve();
    }
    if (conversation.held.length === 0) return Promise.resolve();
    const writing = this.mutex.run(conversation.key, async () => {
      const batch = conversation.held.splice(0);
      if (batch.length === 0 || conversation.removed) return;
      try {
        const clashes = await this.db(() => records.putActivities(conversation.key, batch));
        if (clashes.length > 0) this.opts.log?.warn({ event: 'directline.activity_clash', activities: clashes.length }, 'activity numbers reserved here were written by another instance');
      } catch (err) {
        if (!isDatabaseUnavailable(err)) {
          this.opts.log?.error({ event: 'directline.persist_failed', err }, 'could not write a turn\'s activities');
          return;
        }
        // The numbers are ours; written with the same sealed text when the database answers again.
        for (const h of batch) conversation.unsent.set(h.seq, h.sealed);
        this.writer?.later(conversation);
      }
    });
    this.releasing.add(writing);
    void writing.catch(() => undefined).finally(() => this.releasing.delete(writing));
    return writing;
  }

  /** Stops polling, writes what is pending, forgets everything held here (shutdown). */
  async close(): Promise<void> {
    this.remote?.stop();
    await this.flush().catch(() => undefined);
    for (const conversation of [...this.conversations.values()]) this.dropLocal(conversation);
  }

  private make(id: string): Conversation {
    return new Conversation(id, this.opts.keys.storedKey(id), this.opts.keys.sealKey(id), this.opts.maxActivities, this.now());
  }

  private db<T>(op: () => Promise<T>, budgetMs?: number): Promise<T> {
    return this.opts.gate ? this.opts.gate.run(op, budgetMs) : op();
  }

  private isIdle(conversation: Conversation): boolean {
    return this.now() - conversation.lastActive > this.opts.idleMs;
  }

  private touchLocal(conversation: Conversation): void {
    conversation.lastActive = this.now();
    if (!this.opts.records) return;
    conversation.metaDirty = true;
    if (this.shared) this.writer?.later(conversation);
    else this.writer?.writeBehind(conversation);
  }

  private async touchShared(conversation: Conversation): Promise<void> {
    const { records } = this.opts;
    if (!records) return;
    try {
      await this.db(() => records.touch(conversation.key, touchOf(conversation, this.opts.idleMs)));
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      this.touchLocal(conversation);
    }
  }

  /** Opens stored activities into the conversation's window (a record that does not open is skipped and logged). */
  private absorb(conversation: Conversation, found: ActivityRecord[]): void {
    for (const record of found) {
      try {
        conversation.put(record.seq, openActivity(conversation.sealKey, record.seq, record.sealed));
      } catch (err) {
        this.opts.log?.error({ event: 'directline.activity_unreadable', err }, 'a stored activity could not be opened (was DIRECTLINE_TOKEN_SECRET changed?)');
      }
    }
  }

  /** Forgets a conversation in this process and closes its sockets here. */
  private dropLocal(conversation: Conversation): void {
    if (this.conversations.get(conversation.id) === conversation) this.conversations.delete(conversation.id);
    if (conversation.removed) return;
    conversation.removed = true;
    this.writer?.forget(conversation);
    for (const handler of this.removeHandlers) handler(conversation);
    conversation.clear();
  }

  private sweepMemory(): number {
    let removed = 0;
    for (const conversation of [...this.conversations.values()]) {
      if (this.isIdle(conversation)) {
        this.dropLocal(conversation);
        removed++;
      }
    }
    return removed;
  }

  /** Makes room by forgetting, least recently used first, conversations the database holds and no socket here listens to. */
  private evict(): void {
    if (!this.opts.records) return;
    for (const conversation of [...this.conversations.values()]) {
      if (this.conversations.size < this.opts.maxConversations) return;
      if (conversation.listening || conversation.holds > 0 || this.writer?.dirty.has(conversation) || !conversation.recordStored) continue;
      this.conversations.delete(conversation.id);
      conversation.clear();
    }
  }
}
