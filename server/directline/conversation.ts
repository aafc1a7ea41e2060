import type { StoredActivity } from './activitySeal';

/** An activity as the local Direct Line delivers it. */
export interface ChannelActivity {
  id: string;
  type: string;
  [key: string]: unknown;
}

/** A batch of activities and the watermark to ask from next time. */
export interface ActivitySet {
  activities: ChannelActivity[];
  watermark: string;
}

/** An activity with its number in the conversation (its watermark). */
export interface NumberedActivity {
  seq: number;
  activity: StoredActivity;
}

/** Told that activities up to `seq` may now be read. */
export type ActivityListener = (seq: number) => void;

/** Who is in a conversation: the user comes from the request's token, the bot from configuration. */
export interface Participants {
  userId: string;
  botId: string;
  botName: string;
}

/**
 * One Direct Line conversation as this process holds it: its stored key,
 * the key that seals its activities, the newest activity number it knows
 * and the activities of the window (the newest `maxActivities`), and the
 * sockets listening on this instance. The database (models/directLineRecords)
 * holds the same; with one server the copy here is authoritative, with
 * several it is a cache. Activities are numbered from 1; a watermark is the
 * number of the last activity a client has seen.
 */
export class Conversation {
  started = false;
  locale?: string;
  lastActive: number;
  /** The newest activity number known here. */
  seq = 0;
  /** Set once removed, so nothing writes it again. */
  removed = false;

  // Persistence bookkeeping (ConversationStore).
  /** The record exists in the database. */
  recordStored = false;
  /** Fields other than activities changed since the last write (single writer, or during an outage). */
  metaDirty = false;
  /** Single writer: the activity number the database holds. */
  persistedSeq = 0;
  /** Several writers: activities appended while the database was away, sealed, by number. */
  readonly unsent = new Map<number, string>();
  /** Several writers: numbers found missing in the database, and since when (another instance may be writing them). */
  readonly missingSince = new Map<number, number>();
  /** Bot turns running for this conversation here: while any runs, its appends are written once, when the last ends. */
  holds = 0;
  /** Several writers: activities numbered during a turn, sealed, waiting for its end to be written in one batch. */
  readonly held: Array<{ seq: number; sealed: string; at: number }> = [];

  private readonly log = new Map<number, StoredActivity>();
  private readonly listeners = new Set<ActivityListener>();

  constructor(
    readonly id: string,
    /** The stored `_id` (an HMAC of the id). */
    readonly key: string,
    /** Seals this conversation's activities. */
    readonly sealKey: Buffer,
    private readonly maxActivities: number,
    now: number,
  ) {
    this.lastActive = now;
  }

  /** The watermark after the newest activity. */
  get watermark(): number {
    return this.seq;
  }

  /** The lowest number still in the window. */
  get windowStart(): number {
    return Math.max(1, this.seq - this.maxActivities + 1);
  }

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  /** Keeps activity `seq` (and drops what falls out of the window). */
  put(seq: number, activity: StoredActivity): void {
    if (seq > this.seq) this.seq = seq;
    if (seq < this.windowStart) return;
    this.log.set(seq, activity);
    this.missingSince.delete(seq);
    if (this.log.size > this.maxActivities) {
      for (const s of this.log.keys()) if (s < this.windowStart) this.log.delete(s);
    }
  }

  /** The activity numbered `seq`, when held here. */
  at(seq: number): StoredActivity | undefined {
    return this.log.get(seq);
  }

  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener(this.seq);
  }

  /** Drops every activity and listener, so nothing the user wrote stays referenced. */
  clear(): void {
    this.log.clear();
    this.unsent.clear();
    this.held.length = 0;
    this.listeners.clear();
  }
}

/** The activity id Web Chat sees: the conversation id and the activity's index. */
export function activityIdOf(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq - 1).padStart(7, '0')}`;
}

/** The number in an activity id of this conversation, or undefined. */
export function seqOfActivityId(conversationId: string, id: unknown): number | undefined {
  if (typeof id !== 'string' || !id.startsWith(`${conversationId}|`)) return undefined;
  const n = Number.parseInt(id.slice(conversationId.length + 1), 10);
  return Number.isInteger(n) && n >= 0 ? n + 1 : undefined;
}

/** Puts back what was left out when the activity was stored: ids, conversation, who spoke to whom. */
export function toChannelActivity(conversationId: string, seq: number, stored: StoredActivity, who: Participants): ChannelActivity {
  const user = { id: who.userId, role: 'user' };
  const bot = { id: who.botId, name: who.botName, role: 'bot' };
  const out: ChannelActivity = {
    ...stored.body,
    type: String(stored.body.type),
    id: activityIdOf(conversationId, seq),
    conversation: { id: conversationId },
    from: stored.r === 'user' ? user : bot,
  };
  if (stored.r === 'bot') out.recipient = user;
  if (stored.rt !== undefined) out.replyToId = activityIdOf(conversationId, stored.rt);
  return out;
}
