import { randomBytes } from 'node:crypto';
import type { DatabaseGate } from '../../models/databaseGate';
import { isDatabaseUnavailable } from '../../models/dbAvailability';
import type { ActivityRecord, ConversationRecord, DirectLineRecords } from '../../models/directLineRecords';
import { KeyedMutex } from '../../services/shared/keyedMutex';
import type { Logger } from '../logger';
import { ConversationKeys, openActivity, sealActivity, type StoredActivity } from './activitySeal';
import { Conversation, type ActivityListener, type NumberedActivity } from './conversation';

/** Raised when the store already holds its maximum of conversations. */
export class StoreFullError extends Error {
  constructor() {
    super('too many open conversations');
    this.name = 'StoreFullError';
  }
}

/** Raised when a conversation ended (elsewhere, or expired) while it was being written. */
export class ConversationGoneError extends Error {
  constructor() {
    super('the conversation no longer exists');
    this.name = 'ConversationGoneError';
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
  /** Removals the database did not take yet: key → last known number. */
  private readonly pendingRemovals = new Map<string, number>();
  /** Conversations with writes waiting for the database. */
  private readonly dirty = new Set<Conversation>();
  private pollTimer?: NodeJS.Timeout;
  private polling = false;
  private sweeps = 0;
  private flushing?: Promise<void>;

  constructor(private readonly opts: ConversationStoreOptions) {
    this.now = opts.now ?? Date.now;
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
        await this.db(() => records.insert(this.recordOf(conversation)));
        conversation.recordStored = true;
        conversation.metaDirty = false;
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        this.dirty.add(conversation);
      }
    } else {
      this.writeBehind(conversation);
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
        await this.db(() => records.touch(conversation.key, this.touchOf(conversation)));
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
          const reserved = await this.db(() => records.reserve(conversation.key, now, opts.user ? this.touchOf(conversation) : undefined));
          if (reserved === undefined) {
            this.dropLocal(conversation);
            throw new ConversationGoneError();
          }
          conversation.seq = Math.max(conversation.seq, reserved);
          const sealed = sealActivity(conversation.sealKey, reserved, activity);
          try {
            await this.db(() => records.putActivities(conversation.key, [{ seq: reserved, sealed, at: now }]));
          } catch (err) {
            // The number is ours; the write may still land: keep the same sealed text to retry with.
            if (!isDatabaseUnavailable(err)) throw err;
            conversation.unsent.set(reserved, sealed);
            this.dirty.add(conversation);
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
          this.dirty.add(conversation);
        } else {
          this.writeBehind(conversation);
        }
      }
      conversation.notify();
      return seq;
    });
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
        this.pendingRemovals.set(key, seq ?? 0);
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
    if (this.dirty.size > 0 || this.pendingRemovals.size > 0) await this.flush();
    return removed;
  }

  /** Listens for new activities; with several instances the poll looks for other instances' appends while anyone listens. */
  subscribe(conversation: Conversation, listener: ActivityListener): () => void {
    const unsubscribe = conversation.subscribe(listener);
    if (this.shared && !this.pollTimer) {
      this.pollTimer = setInterval(() => void this.poll(), this.opts.pollMs ?? 250);
      this.pollTimer.unref();
    }
    return unsubscribe;
  }

  onRemove(handler: (conversation: Conversation) => void): void {
    this.removeHandlers.push(handler);
  }

  /** Writes everything the database has not taken yet (after an outage; at shutdown). */
  flush(): Promise<void> {
    this.flushing ??= this.flushAll().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stops polling, writes what is pending, forgets everything held here (shutdown). */
  async close(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
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

  private recordOf(c: Conversation): ConversationRecord {
    const rec: ConversationRecord = { key: c.key, seq: c.seq, started: c.started, lastActive: c.lastActive, expiresAt: c.lastActive + this.opts.idleMs };
    if (c.locale) rec.locale = c.locale;
    return rec;
  }

  private touchOf(c: Conversation): { lastActive: number; expiresAt: number; locale?: string; started?: boolean } {
    return { lastActive: c.lastActive, expiresAt: c.lastActive + this.opts.idleMs, ...(c.locale ? { locale: c.locale } : {}), started: c.started };
  }

  private touchLocal(conversation: Conversation): void {
    conversation.lastActive = this.now();
    if (!this.opts.records) return;
    conversation.metaDirty = true;
    if (this.shared) this.dirty.add(conversation);
    else this.writeBehind(conversation);
  }

  private async touchShared(conversation: Conversation): Promise<void> {
    const { records } = this.opts;
    if (!records) return;
    try {
      await this.db(() => records.touch(conversation.key, this.touchOf(conversation)));
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

  /** One server: writes the conversation soon, coalescing the appends of one turn into one write. */
  private writeBehind(conversation: Conversation): void {
    this.dirty.add(conversation);
    setImmediate(() => {
      this.persistSingle(conversation).catch((err: unknown) => {
        if (!isDatabaseUnavailable(err)) this.opts.log?.error({ event: 'directline.persist_failed', err }, 'could not write a conversation; will retry');
      });
    });
  }

  /** One server: the record first (its number), then the new activities, then what fell out of the window. */
  private persistSingle(conversation: Conversation): Promise<void> {
    const { records } = this.opts;
    if (!records) return Promise.resolve();
    return this.mutex.run(conversation.key, async () => {
      if (conversation.removed || !this.dirty.has(conversation)) return;
      const target = conversation.seq;
      const from = conversation.persistedSeq;
      if (target === from && !conversation.metaDirty) {
        this.dirty.delete(conversation);
        return;
      }
      await this.db(() => records.save(this.recordOf(conversation)));
      conversation.recordStored = true;
      conversation.metaDirty = false;
      const start = Math.max(from, target - this.opts.maxActivities);
      const fresh: ActivityRecord[] = [];
      for (let s = start + 1; s <= target; s++) {
        const activity = conversation.at(s);
        if (activity) fresh.push({ seq: s, sealed: sealActivity(conversation.sealKey, s, activity), at: this.now() });
      }
      await this.db(() => records.putActivities(conversation.key, fresh));
      await this.db(() => records.dropActivities(conversation.key, Math.max(0, from - this.opts.maxActivities), target - this.opts.maxActivities));
      conversation.persistedSeq = target;
      if (conversation.seq === target && !conversation.metaDirty) this.dirty.delete(conversation);
    });
  }

  /** Several instances: writes what was appended or changed here while the database was away. */
  private persistShared(conversation: Conversation): Promise<void> {
    const { records } = this.opts;
    if (!records) return Promise.resolve();
    return this.mutex.run(conversation.key, async () => {
      if (conversation.removed) {
        this.dirty.delete(conversation);
        return;
      }
      if (!conversation.recordStored) {
        // Made while the database was away; another instance cannot have it.
        await this.db(() => records.insert(this.recordOf(conversation)));
        conversation.recordStored = true;
        conversation.metaDirty = false;
      }
      const unsent = [...conversation.unsent.entries()].map(([seq, sealed]) => ({ seq, sealed, at: this.now() }));
      if (unsent.length > 0) {
        const clashes = await this.db(() => records.putActivities(conversation.key, unsent));
        await this.db(() => records.raiseSeq(conversation.key, Math.max(...unsent.map((u) => u.seq))));
        if (clashes.length > 0) {
          this.opts.log?.warn({ event: 'directline.outage_clash', activities: clashes.length }, 'activities numbered during an outage clashed with another instance; they stay on this instance\'s sockets');
        }
        for (const u of unsent) conversation.unsent.delete(u.seq);
      }
      if (conversation.metaDirty) {
        await this.db(() => records.touch(conversation.key, this.touchOf(conversation)));
        conversation.metaDirty = false;
      }
      this.dirty.delete(conversation);
    });
  }

  private async flushAll(): Promise<void> {
    const { records } = this.opts;
    if (!records) return;
    for (const conversation of [...this.dirty]) {
      try {
        if (this.shared) await this.persistShared(conversation);
        else await this.persistSingle(conversation);
      } catch (err) {
        if (isDatabaseUnavailable(err)) return;
        this.opts.log?.error({ event: 'directline.persist_failed', err }, 'could not write a conversation; will retry');
      }
    }
    for (const [key, seq] of [...this.pendingRemovals]) {
      try {
        await this.db(() => records.remove(key, seq || undefined));
        this.pendingRemovals.delete(key);
      } catch (err) {
        if (isDatabaseUnavailable(err)) return;
        this.opts.log?.error({ event: 'directline.remove_failed', err }, 'could not remove a conversation; will retry');
      }
    }
  }

  /** Several instances: one query for the heads of every conversation with a socket here, one for what moved. */
  private async poll(): Promise<void> {
    const { records } = this.opts;
    if (this.polling || !records) return;
    const watched = [...this.conversations.values()].filter((c) => c.listening && c.recordStored);
    if (watched.length === 0) {
      if (![...this.conversations.values()].some((c) => c.listening) && this.pollTimer) {
        clearInterval(this.pollTimer);
        this.pollTimer = undefined;
      }
      return;
    }
    if (this.opts.gate?.up === false) return;
    this.polling = true;
    try {
      const heads = await this.db(() => records.heads(watched.map((c) => c.key)));
      const now = this.now();
      const moved: Array<{ conversation: Conversation; from: number; to: number }> = [];
      for (const conversation of watched) {
        const head = heads.get(conversation.key);
        if (!head || head.expiresAt <= now) {
          // Ended elsewhere (quick exit on another instance) or expired: close its sockets here.
          if (conversation.unsent.size === 0) this.dropLocal(conversation);
          continue;
        }
        conversation.lastActive = Math.max(conversation.lastActive, head.expiresAt - this.opts.idleMs);
        const lowest = [...conversation.missingSince.keys()].reduce((a, b) => Math.min(a, b), Infinity);
        const from = Math.min(conversation.seq, Number.isFinite(lowest) ? lowest - 1 : conversation.seq);
        if (head.seq > conversation.seq || from < conversation.seq) {
          moved.push({ conversation, from: Math.max(from, head.seq - this.opts.maxActivities), to: head.seq });
        }
      }
      if (moved.length === 0) return;
      const found = await this.db(() => records.activitiesIn(moved.map((m) => ({ key: m.conversation.key, from: m.from, to: m.to }))));
      for (const m of moved) {
        m.conversation.seq = Math.max(m.conversation.seq, m.to);
        this.absorb(m.conversation, found.get(m.conversation.key) ?? []);
        m.conversation.notify();
      }
    } catch (err) {
      if (!isDatabaseUnavailable(err)) this.opts.log?.warn({ event: 'directline.poll_failed', err }, 'could not look for new activities; will retry');
    } finally {
      this.polling = false;
    }
  }

  /** Forgets a conversation in this process and closes its sockets here. */
  private dropLocal(conversation: Conversation): void {
    if (this.conversations.get(conversation.id) === conversation) this.conversations.delete(conversation.id);
    if (conversation.removed) return;
    conversation.removed = true;
    this.dirty.delete(conversation);
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
      if (conversation.listening || this.dirty.has(conversation) || !conversation.recordStored) continue;
      this.conversations.delete(conversation.id);
      conversation.clear();
    }
  }
}
