import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';

/**
 * One local Direct Line conversation as stored. `_id` is a keyed hash of the
 * conversation id (the id itself is never stored); `seq` is the watermark —
 * how many activities were ever appended. Only activities with
 * `seq - maxActivities < s <= seq` are kept.
 */
export interface ConversationRecord {
  key: string;
  seq: number;
  started: boolean;
  /** The widget's locale tag ("sr-Latn"), given when the conversation started. */
  locale?: string;
  /** Last user activity, ms since the epoch. */
  lastActive: number;
  /** When the conversation is forgotten unless the user does something, ms since the epoch. */
  expiresAt: number;
}

/** One stored activity: its number in the conversation and its sealed content. */
export interface ActivityRecord {
  seq: number;
  /** The activity without identifiers, sealed under a key derived from the conversation id. */
  sealed: string;
  at: number;
}

interface ConversationDoc {
  _id: string;
  seq: number;
  started: boolean;
  locale?: string;
  lastActive: Date;
  expiresAt: Date;
}

interface ActivityDoc {
  /** `<conversation key>:<seq, zero-padded>`: lookups by `_id` are FerretDB's one indexed query. */
  _id: string;
  c: string;
  s: number;
  a: string;
  at: Date;
}

const conversationSchema = new Schema<ConversationDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    started: { type: Boolean, required: true },
    locale: { type: String },
    lastActive: { type: Date, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { collection: 'dlconversations', versionKey: false, _id: false },
);

const activitySchema = new Schema<ActivityDoc>(
  {
    _id: { type: String, required: true },
    c: { type: String, required: true },
    s: { type: Number, required: true },
    a: { type: String, required: true },
    at: { type: Date, required: true, index: true },
  },
  { collection: 'dlactivities', versionKey: false, _id: false },
);
activitySchema.index({ c: 1, s: 1 });

function conversationModel(conn: Connection): Model<ConversationDoc> {
  return (conn.models.DlConversation as Model<ConversationDoc> | undefined) ?? conn.model<ConversationDoc>('DlConversation', conversationSchema);
}

function activityModel(conn: Connection): Model<ActivityDoc> {
  return (conn.models.DlActivity as Model<ActivityDoc> | undefined) ?? conn.model<ActivityDoc>('DlActivity', activitySchema);
}

function activityId(key: string, seq: number): string {
  return `${key}:${String(seq).padStart(10, '0')}`;
}

function toRecord(doc: ConversationDoc): ConversationRecord {
  const out: ConversationRecord = {
    key: doc._id,
    seq: doc.seq,
    started: doc.started,
    lastActive: doc.lastActive.getTime(),
    expiresAt: doc.expiresAt.getTime(),
  };
  if (doc.locale) out.locale = doc.locale;
  return out;
}

export interface DirectLineRecordsOptions {
  /** Activities kept per conversation. */
  maxActivities: number;
  /**
   * This server is the database's only writer (the embedded database): every
   * query is a lookup by `_id`, FerretDB's one indexed query, and the caller
   * (which holds the authoritative copy in memory) writes whole records.
   */
  singleWriter: boolean;
}

/**
 * The local Direct Line's conversations and activities in MongoDB: plain
 * objects in and out. No TTL index (FerretDB has none): expiry is the
 * `expiresAt` field, checked by the callers and swept by {@link sweep}.
 *
 * With several instances ({@link DirectLineRecordsOptions.singleWriter}
 * off) every append takes its number with one atomic `$inc` on the
 * conversation, so two instances never give two activities the same number
 * (MongoDB and Cosmos DB apply it atomically; FerretDB does not — which is
 * why a FerretDB database has one server).
 */
export class DirectLineRecords {
  private readonly conversations: Model<ConversationDoc>;
  private readonly activities: Model<ActivityDoc>;

  constructor(conn: Connection, private readonly opts: DirectLineRecordsOptions) {
    this.conversations = conversationModel(conn);
    this.activities = activityModel(conn);
  }

  get singleWriter(): boolean {
    return this.opts.singleWriter;
  }

  async init(): Promise<void> {
    await this.conversations.createIndexes();
    await this.activities.createIndexes();
  }

  /** Stores a new conversation; false when one with that key exists. */
  async insert(rec: ConversationRecord): Promise<boolean> {
    try {
      await this.conversations.create([this.toDoc(rec)]);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** The conversation, or undefined when unknown (expired ones are returned; the caller decides). */
  async find(key: string): Promise<ConversationRecord | undefined> {
    const doc = await this.conversations.findById(key).lean<ConversationDoc>().exec();
    return doc ? toRecord(doc) : undefined;
  }

  /**
   * Writes the whole record (the single writer's copy is authoritative).
   * Creates it when missing.
   */
  async save(rec: ConversationRecord): Promise<void> {
    const { _id, ...fields } = this.toDoc(rec);
    const unset = rec.locale === undefined ? { $unset: { locale: 1 } } : {};
    await this.conversations.updateOne({ _id }, { $set: fields, ...unset }, { upsert: true }).exec();
  }

  /**
   * Several writers: takes the next activity number of a live conversation
   * (one atomic update), refreshing its idle clock when `touch` is given.
   * Undefined when the conversation is gone or expired.
   */
  async reserve(key: string, now: number, touch?: Touch): Promise<number | undefined> {
    const set = touch ? { $set: touchFields(touch) } : {};
    const doc = await this.conversations
      .findOneAndUpdate({ _id: key, expiresAt: { $gt: new Date(now) } }, { $inc: { seq: 1 }, ...set }, { returnDocument: 'after' })
      .lean<ConversationDoc>()
      .exec();
    return doc?.seq;
  }

  /**
   * Several writers: marks a live conversation started; true for the one
   * caller that started it.
   */
  async markStarted(key: string, now: number, locale: string | undefined): Promise<boolean> {
    const res = await this.conversations
      .updateOne({ _id: key, started: false, expiresAt: { $gt: new Date(now) } }, { $set: { started: true, ...(locale ? { locale } : {}) } })
      .exec();
    return res.modifiedCount === 1;
  }

  /** Several writers: refreshes the idle clock (and locale) of a conversation, without touching its number. */
  async touch(key: string, touch: Touch): Promise<void> {
    await this.conversations.updateOne({ _id: key }, { $set: touchFields(touch) }).exec();
  }

  /**
   * Several writers: raises a conversation's number to at least `seq` (an
   * instance that appended while the database was away catches up).
   */
  async raiseSeq(key: string, seq: number): Promise<void> {
    await this.conversations.updateOne({ _id: key, seq: { $lt: seq } }, { $set: { seq } }).exec();
  }

  /**
   * Stores activities; ones already there (a retried write) are left as
   * they are. Returns the numbers that were taken by another writer.
   */
  async putActivities(key: string, records: ActivityRecord[]): Promise<number[]> {
    if (records.length === 0) return [];
    const docs = records.map((r) => ({ _id: activityId(key, r.seq), c: key, s: r.seq, a: r.sealed, at: new Date(r.at) }));
    try {
      await this.activities.insertMany(docs, { ordered: false });
      return [];
    } catch (err) {
      const failed = duplicateIndexes(err);
      if (!failed) throw err;
      // A duplicate of our own earlier write (same content) is not a clash.
      const clashes: number[] = [];
      for (const i of failed) {
        const doc = docs[i]!;
        const there = await this.activities.findById(doc._id).lean<ActivityDoc>().exec();
        if (there && there.a !== doc.a) clashes.push(doc.s);
      }
      return clashes;
    }
  }

  /** Activities numbered `from < s <= to`, in order; missing numbers are skipped. */
  async activitiesBetween(key: string, from: number, to: number): Promise<ActivityRecord[]> {
    if (to <= from) return [];
    let docs: ActivityDoc[];
    if (this.opts.singleWriter) {
      const ids = [];
      for (let s = from + 1; s <= to; s++) ids.push(activityId(key, s));
      docs = (await Promise.all(ids.map((id) => this.activities.findById(id).lean<ActivityDoc>().exec()))).filter((d): d is ActivityDoc => d !== null);
    } else {
      docs = await this.activities.find({ c: key, s: { $gt: from, $lte: to } }).sort({ s: 1 }).lean<ActivityDoc[]>().exec();
    }
    return docs.map((d) => ({ seq: d.s, sealed: d.a, at: d.at.getTime() }));
  }

  /**
   * One query for many conversations: each one's current number and expiry
   * (the poll of an instance that holds sockets). Absent keys are gone.
   */
  async heads(keys: string[]): Promise<Map<string, { seq: number; expiresAt: number }>> {
    const out = new Map<string, { seq: number; expiresAt: number }>();
    if (keys.length === 0) return out;
    const docs = await this.conversations.find({ _id: { $in: keys } }, { seq: 1, expiresAt: 1 }).lean<Pick<ConversationDoc, '_id' | 'seq' | 'expiresAt'>[]>().exec();
    for (const d of docs) out.set(d._id, { seq: d.seq, expiresAt: d.expiresAt.getTime() });
    return out;
  }

  /**
   * Several writers: the activities of many conversations in one query
   * (`from < s <= to` for each), by conversation key.
   */
  async activitiesIn(ranges: Array<{ key: string; from: number; to: number }>): Promise<Map<string, ActivityRecord[]>> {
    const out = new Map<string, ActivityRecord[]>();
    const wanted = ranges.filter((r) => r.to > r.from);
    if (wanted.length === 0) return out;
    const docs = await this.activities
      .find({ $or: wanted.map((r) => ({ c: r.key, s: { $gt: r.from, $lte: r.to } })) })
      .sort({ s: 1 })
      .lean<ActivityDoc[]>()
      .exec();
    for (const d of docs) {
      const list = out.get(d.c) ?? [];
      list.push({ seq: d.s, sealed: d.a, at: d.at.getTime() });
      out.set(d.c, list);
    }
    return out;
  }

  /** Drops the activities numbered `from < s <= to` (fallen out of the window). */
  async dropActivities(key: string, from: number, to: number): Promise<void> {
    if (to <= from) return;
    if (this.opts.singleWriter) {
      const ids = [];
      for (let s = from + 1; s <= to; s++) ids.push(activityId(key, s));
      await Promise.all(ids.map((id) => this.activities.deleteOne({ _id: id }).exec()));
    } else {
      await this.activities.deleteMany({ c: key, s: { $gt: from, $lte: to } }).exec();
    }
  }

  /**
   * Forgets a conversation: its activities first, then the record, so an
   * interrupted removal leaves a record the sweep still finds. `seq` (the
   * number known to the caller) bounds the lookups of the single writer.
   */
  async remove(key: string, seq?: number): Promise<void> {
    if (this.opts.singleWriter) {
      const known = seq ?? (await this.find(key))?.seq ?? 0;
      await this.dropActivities(key, Math.max(0, known - this.opts.maxActivities), known);
    } else {
      await this.activities.deleteMany({ c: key }).exec();
    }
    await this.conversations.deleteOne({ _id: key }).exec();
  }

  /**
   * Removes conversations expired by `now` (except `keep`, live in the
   * caller's memory) with their activities; with several writers also
   * activities older than `orphansBefore` (one written just as its
   * conversation was removed elsewhere). Returns how many conversations went.
   */
  async sweep(now: number, keep: (key: string) => boolean, orphansBefore: number): Promise<number> {
    const expired = await this.conversations.find({ expiresAt: { $lte: new Date(now) } }, { seq: 1 }).lean<Pick<ConversationDoc, '_id' | 'seq'>[]>().exec();
    let removed = 0;
    for (const doc of expired) {
      if (keep(doc._id)) continue;
      await this.remove(doc._id, doc.seq);
      removed++;
    }
    if (!this.opts.singleWriter) await this.activities.deleteMany({ at: { $lte: new Date(orphansBefore) } }).exec();
    return removed;
  }

  private toDoc(rec: ConversationRecord): ConversationDoc {
    const doc: ConversationDoc = {
      _id: rec.key,
      seq: rec.seq,
      started: rec.started,
      lastActive: new Date(rec.lastActive),
      expiresAt: new Date(rec.expiresAt),
    };
    if (rec.locale) doc.locale = rec.locale;
    return doc;
  }
}

/** What a user's activity refreshes on its conversation. */
export interface Touch {
  lastActive: number;
  expiresAt: number;
  started?: boolean;
  locale?: string;
}

function touchFields(t: Touch): Record<string, unknown> {
  return {
    lastActive: new Date(t.lastActive),
    expiresAt: new Date(t.expiresAt),
    ...(t.started ? { started: true } : {}),
    ...(t.locale ? { locale: t.locale } : {}),
  };
}

/** The indexes of the documents a bulk insert refused as duplicates, or undefined if it failed otherwise. */
function duplicateIndexes(err: unknown): number[] | undefined {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (list.length === 0) return isDuplicateKey(err) ? [] : undefined;
  const out: number[] = [];
  for (const e of list as Array<{ code?: number; index?: number; err?: { code?: number; index?: number } }>) {
    const code = e.code ?? e.err?.code;
    const index = e.index ?? e.err?.index;
    if (code !== 11000 || index === undefined) return undefined;
    out.push(index);
  }
  return out;
}
