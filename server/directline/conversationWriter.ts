import { isDatabaseUnavailable } from '../../models/dbAvailability';
import type { ActivityRecord, ConversationRecord, DirectLineRecords, Touch } from '../../models/directLineRecords';
import type { KeyedMutex } from '../../core/keyedMutex';
import type { Logger } from '../../core/logger';
import { sealActivity } from './activitySeal';
import type { Conversation } from './conversation';

/** The stored record of a conversation held in memory. */
export function recordOf(c: Conversation, idleMs: number): ConversationRecord {
  const rec: ConversationRecord = { key: c.key, seq: c.seq, started: c.started, lastActive: c.lastActive, expiresAt: c.lastActive + idleMs };
  if (c.locale) rec.locale = c.locale;
  return rec;
}

/** What a user's action refreshes on the stored conversation. */
export function touchOf(c: Conversation, idleMs: number): Touch {
  return { lastActive: c.lastActive, expiresAt: c.lastActive + idleMs, ...(c.locale ? { locale: c.locale } : {}), started: c.started };
}

export interface ConversationWriterDeps {
  records: DirectLineRecords;
  /** Several instances share the database. */
  shared: boolean;
  /** The store's per-conversation lock (appends and writes of one conversation never interleave). */
  mutex: KeyedMutex;
  /** A database call through the gate. */
  db: <T>(op: () => Promise<T>) => Promise<T>;
  maxActivities: number;
  idleMs: number;
  now: () => number;
  log?: Logger;
}

/**
 * Writes to the database what the conversation store holds in memory and
 * the database does not have yet: with one server every change (written
 * behind, coalesced per conversation: the record first — its number — then
 * the new activities, then what fell out of the window); with several, what
 * was appended or changed while the database was away. Removals the
 * database did not take are retried too. Nothing is dropped while the
 * database is away; {@link flush} runs when it answers again.
 */
export class ConversationWriter {
  /** Conversations with writes waiting for the database. */
  readonly dirty = new Set<Conversation>();
  /** Removals not done yet: key → last known number. */
  private readonly removals = new Map<string, number>();
  private flushing?: Promise<void>;

  constructor(private readonly deps: ConversationWriterDeps) {}

  get pending(): boolean {
    return this.dirty.size > 0 || this.removals.size > 0;
  }

  /** One server: writes the conversation soon (after the rest of this turn's appends). */
  writeBehind(conversation: Conversation): void {
    this.dirty.add(conversation);
    setImmediate(() => {
      this.persistSingle(conversation).catch((err: unknown) => {
        if (!isDatabaseUnavailable(err)) this.deps.log?.error({ event: 'directline.persist_failed', err }, 'could not write a conversation; will retry');
      });
    });
  }

  /** Keeps the conversation for the next flush (several instances: the database was away; one server: a turn is running). */
  later(conversation: Conversation): void {
    this.dirty.add(conversation);
  }

  /** Forgets the pending writes of a conversation that is gone. */
  forget(conversation: Conversation): void {
    this.dirty.delete(conversation);
  }

  /** A removal for the next flush. */
  removeLater(key: string, seq: number): void {
    this.removals.set(key, seq);
  }

  /** Writes everything pending (after an outage; at shutdown); one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.flushAll().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushAll(): Promise<void> {
    const { records, db } = this.deps;
    for (const conversation of [...this.dirty]) {
      try {
        if (this.deps.shared) await this.persistShared(conversation);
        else await this.persistSingle(conversation);
      } catch (err) {
        if (isDatabaseUnavailable(err)) return;
        this.deps.log?.error({ event: 'directline.persist_failed', err }, 'could not write a conversation; will retry');
      }
    }
    for (const [key, seq] of [...this.removals]) {
      try {
        await db(() => records.remove(key, seq || undefined));
        this.removals.delete(key);
      } catch (err) {
        if (isDatabaseUnavailable(err)) return;
        this.deps.log?.error({ event: 'directline.remove_failed', err }, 'could not remove a conversation; will retry');
      }
    }
  }

  /** One server: the record first (its number), then the new activities, then what fell out of the window. */
  private persistSingle(conversation: Conversation): Promise<void> {
    const { records, db, maxActivities, idleMs } = this.deps;
    return this.deps.mutex.run(conversation.key, async () => {
      if (conversation.removed || !this.dirty.has(conversation)) return;
      const target = conversation.seq;
      const from = conversation.persistedSeq;
      if (target === from && !conversation.metaDirty) {
        this.dirty.delete(conversation);
        return;
      }
      await db(() => records.save(recordOf(conversation, idleMs)));
      conversation.recordStored = true;
      conversation.metaDirty = false;
      const start = Math.max(from, target - maxActivities);
      const fresh: ActivityRecord[] = [];
      for (let s = start + 1; s <= target; s++) {
        const activity = conversation.at(s);
        if (activity) fresh.push({ seq: s, sealed: sealActivity(conversation.sealKey, s, activity), at: this.deps.now() });
      }
      await db(() => records.putActivities(conversation.key, fresh));
      await db(() => records.dropActivities(conversation.key, Math.max(0, from - maxActivities), target - maxActivities));
      conversation.persistedSeq = target;
      if (conversation.seq === target && !conversation.metaDirty) this.dirty.delete(conversation);
    });
  }

  /** Several instances: writes what was appended or changed here while the database was away. */
  private persistShared(conversation: Conversation): Promise<void> {
    const { records, db, idleMs } = this.deps;
    return this.deps.mutex.run(conversation.key, async () => {
      if (conversation.removed) {
        this.dirty.delete(conversation);
        return;
      }
      if (!conversation.recordStored) {
        // Made while the database was away; another instance cannot have it.
        await db(() => records.insert(recordOf(conversation, idleMs)));
        conversation.recordStored = true;
        conversation.metaDirty = false;
      }
      const unsent = [...conversation.unsent.entries()].map(([seq, sealed]) => ({ seq, sealed, at: this.deps.now() }));
      if (unsent.length > 0) {
        const clashes = await db(() => records.putActivities(conversation.key, unsent));
        await db(() => records.raiseSeq(conversation.key, Math.max(...unsent.map((u) => u.seq))));
        if (clashes.length > 0) {
          this.deps.log?.warn({ event: 'directline.outage_clash', activities: clashes.length }, 'activities numbered during an outage clashed with another instance; they stay on this instance\'s sockets');
        }
        for (const u of unsent) conversation.unsent.delete(u.seq);
      }
      if (conversation.metaDirty) {
        await db(() => records.touch(conversation.key, touchOf(conversation, idleMs)));
        conversation.metaDirty = false;
      }
      this.dirty.delete(conversation);
    });
  }
}
