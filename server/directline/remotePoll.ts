import type { DatabaseGate } from '../../models/databaseGate';
import { isDatabaseUnavailable } from '../../models/dbAvailability';
import type { ActivityRecord, DirectLineRecords } from '../../models/directLineRecords';
import type { Logger } from '../../core/logger';
import type { Conversation } from './conversation';

export interface RemotePollDeps {
  records: DirectLineRecords;
  gate?: DatabaseGate;
  db: <T>(op: () => Promise<T>) => Promise<T>;
  /** The conversations this process holds. */
  conversations: () => Iterable<Conversation>;
  /** Forgets a conversation here (closing its sockets). */
  drop: (conversation: Conversation) => void;
  /** Opens stored activities into a conversation's window. */
  absorb: (conversation: Conversation, found: ActivityRecord[]) => void;
  idleMs: number;
  maxActivities: number;
  pollMs: number;
  now: () => number;
  log?: Logger;
}

/**
 * With several instances: finds what other instances appended to the
 * conversations that have a socket on this one. Every `pollMs`, one query
 * reads the heads (activity count, expiry) of all of them, and — only when
 * some moved — a second reads their new activities; then their sockets are
 * told. A conversation gone from the database (quick exit on another
 * instance, expiry) is forgotten here and its sockets close. The poll runs
 * only while a socket listens and skips its turn while the database is away.
 */
export class RemotePoll {
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly deps: RemotePollDeps) {}

  /** Starts polling (idempotent); it stops by itself when no socket listens any more. */
  ensureRunning(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.deps.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    const { records, db } = this.deps;
    if (this.polling) return;
    const all = [...this.deps.conversations()];
    const watched = all.filter((c) => c.listening && c.recordStored);
    if (watched.length === 0) {
      if (!all.some((c) => c.listening)) this.stop();
      return;
    }
    if (this.deps.gate?.up === false) return;
    this.polling = true;
    try {
      const heads = await db(() => records.heads(watched.map((c) => c.key)));
      const now = this.deps.now();
      const moved: Array<{ conversation: Conversation; from: number; to: number }> = [];
      for (const conversation of watched) {
        const head = heads.get(conversation.key);
        if (!head || head.expiresAt <= now) {
          if (conversation.unsent.size === 0) this.deps.drop(conversation);
          continue;
        }
        conversation.lastActive = Math.max(conversation.lastActive, head.expiresAt - this.deps.idleMs);
        // Numbers taken by another instance but not yet written when last read are asked for again.
        const lowestMissing = Math.min(...conversation.missingSince.keys());
        const from = Math.min(conversation.seq, Number.isFinite(lowestMissing) ? lowestMissing - 1 : conversation.seq);
        if (head.seq > conversation.seq || from < conversation.seq) {
          moved.push({ conversation, from: Math.max(from, head.seq - this.deps.maxActivities), to: head.seq });
        }
      }
      if (moved.length === 0) return;
      const found = await db(() => records.activitiesIn(moved.map((m) => ({ key: m.conversation.key, from: m.from, to: m.to }))));
      for (const m of moved) {
        m.conversation.seq = Math.max(m.conversation.seq, m.to);
        this.deps.absorb(m.conversation, found.get(m.conversation.key) ?? []);
        m.conversation.notify();
      }
    } catch (err) {
      if (!isDatabaseUnavailable(err)) this.deps.log?.warn({ event: 'directline.poll_failed', err }, 'could not look for new activities; will retry');
    } finally {
      this.polling = false;
    }
  }
}
