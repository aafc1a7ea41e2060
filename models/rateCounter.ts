import { randomBytes } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';
import type { CounterStore, WindowCount } from './counterStore';
import { isDuplicateKey } from '../core/duplicateKey';
import { KeyedMutex } from '../core/keyedMutex';

/**
 * One fixed-window counter of a rate limit (a sign-in address, a Direct Line
 * conversation…), shared by every instance on the database. The `_id` is an
 * opaque key made by the caller (an HMAC, never an address or an id in
 * clear). No TTL index (FerretDB has none): a window past `resetAt` counts
 * as empty on read and is restarted by the next hit; the sweep deletes the
 * stale ones.
 */
export interface RateCounterDoc {
  _id: string;
  count: number;
  /** When the window ends, ms since the epoch. */
  resetAt: number;
}

const rateCounterSchema = new Schema<RateCounterDoc>(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    resetAt: { type: Number, required: true, index: true },
  },
  { collection: 'ratecounters', versionKey: false, _id: false },
);

/** The secret that keys the counters' HMACs, the same for every instance. */
interface RateKeyDoc {
  _id: string;
  key: string;
}

const rateKeySchema = new Schema<RateKeyDoc>(
  { _id: { type: String, required: true }, key: { type: String, required: true } },
  { collection: 'ratecounterkeys', versionKey: false, _id: false },
);

export function rateCounterModel(conn: Connection): Model<RateCounterDoc> {
  return (conn.models.RateCounter as Model<RateCounterDoc> | undefined) ?? conn.model<RateCounterDoc>('RateCounter', rateCounterSchema);
}

function rateKeyModel(conn: Connection): Model<RateKeyDoc> {
  return (conn.models.RateCounterKey as Model<RateKeyDoc> | undefined) ?? conn.model<RateKeyDoc>('RateCounterKey', rateKeySchema);
}


export interface RateCounterOptions {
  /**
   * This server is the database's only writer (the embedded database): a
   * hit reads and writes by `_id` alone under the per-key lock — on FerretDB
   * any other filter reads the whole collection.
   */
  singleWriter?: boolean;
  now?: () => number;
}

/**
 * Fixed-window counters in MongoDB. With several writers a hit is one
 * conditional `$inc` on a live window or one upsert that starts a new one; a
 * race between instances starting the same window ends in a duplicate key,
 * and the loser counts in the winner's window. Hits on one key are also
 * serialised in this process, so parallel requests of one client are all
 * counted (FerretDB applies `$inc` as read-modify-write).
 */
export class RateCounterStore implements CounterStore {
  private readonly model: Model<RateCounterDoc>;
  private readonly keys: Model<RateKeyDoc>;
  private readonly mutex = new KeyedMutex();
  private secret?: Promise<Buffer>;
  private readonly now: () => number;

  constructor(conn: Connection, private readonly opts: RateCounterOptions = {}) {
    this.model = rateCounterModel(conn);
    this.keys = rateKeyModel(conn);
    this.now = opts.now ?? Date.now;
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Counts `by` events (default one) in `key`'s window (starting a window of `windowMs` if none is live). */
  hit(key: string, windowMs: number, by = 1): Promise<WindowCount> {
    return this.mutex.run(key, async () => {
      if (this.opts.singleWriter) return this.hitAlone(key, windowMs, by);
      for (let attempt = 0; ; attempt++) {
        const now = this.now();
        const live = await this.model
          .findOneAndUpdate({ _id: key, resetAt: { $gt: now } }, { $inc: { count: by } }, { returnDocument: 'after' })
          .lean<RateCounterDoc>()
          .exec();
        if (live) return { count: live.count, resetAt: live.resetAt };
        try {
          const started = await this.model
            .findOneAndUpdate({ _id: key, resetAt: { $lte: now } }, { $set: { count: by, resetAt: now + windowMs } }, { upsert: true, returnDocument: 'after' })
            .lean<RateCounterDoc>()
            .exec();
          return { count: started?.count ?? by, resetAt: started?.resetAt ?? now + windowMs };
        } catch (err) {
          // Another instance started this window a moment ago: count in it.
          if (!isDuplicateKey(err) || attempt >= 2) throw err;
        }
      }
    });
  }

  /** A hit by `_id` reads and writes only, for the database's only writer (under the per-key lock). */
  private async hitAlone(key: string, windowMs: number, by: number): Promise<WindowCount> {
    const now = this.now();
    const doc = await this.model.findById(key).lean<RateCounterDoc>().exec();
    if (doc && doc.resetAt > now) {
      await this.model.updateOne({ _id: key }, { $inc: { count: by } }).exec();
      return { count: doc.count + by, resetAt: doc.resetAt };
    }
    const fresh = { count: by, resetAt: now + windowMs };
    await this.model.replaceOne({ _id: key }, fresh, { upsert: true }).exec();
    return fresh;
  }

  /** The live window of `key`, or undefined when there is none. */
  async peek(key: string): Promise<WindowCount | undefined> {
    const doc = await this.model.findById(key).lean<RateCounterDoc>().exec();
    return doc && doc.resetAt > this.now() ? { count: doc.count, resetAt: doc.resetAt } : undefined;
  }

  /** Forgets `key`'s window (a successful sign-in, an ended conversation). */
  async reset(key: string): Promise<void> {
    await this.mutex.run(key, () => this.model.deleteOne({ _id: key }).exec());
  }

  /** Deletes every window that has ended; returns how many. */
  async sweep(): Promise<number> {
    const res = await this.model.deleteMany({ resetAt: { $lte: this.now() } }).exec();
    return res.deletedCount ?? 0;
  }

  /**
   * The HMAC key for counter ids, created once per database and shared by
   * every instance, so one address or conversation has one counter however
   * many instances see it. It stays in the database: a reader of the
   * database could test guessed addresses against the counters, which is
   * why they live only as long as their window.
   */
  sharedSecret(): Promise<Buffer> {
    this.secret ??= (async () => {
      const fresh = randomBytes(32).toString('base64');
      try {
        await this.keys.updateOne({ _id: 'hmac' }, { $setOnInsert: { key: fresh } }, { upsert: true }).exec();
      } catch (err) {
        // Two instances created it at once: the other's is the one.
        if (!isDuplicateKey(err)) throw err;
      }
      const doc = await this.keys.findById('hmac').lean<RateKeyDoc>().exec();
      if (!doc) throw new Error('the rate-limit key could not be created');
      return Buffer.from(doc.key, 'base64');
    })();
    this.secret.catch(() => (this.secret = undefined));
    return this.secret;
  }
}
