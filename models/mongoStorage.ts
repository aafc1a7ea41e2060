import { createHash, randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Model } from 'mongoose';
import { KeyedMutex } from '../services/shared/keyedMutex';
import type { BotStateDoc } from './botStateStore';

/** Raised when a write carries an eTag that no longer matches the stored one. */
export class ETagConflictError extends Error {
  constructor() {
    super('Storage: eTag conflict; the item was changed by another writer');
    this.name = 'ETagConflictError';
  }
}

/**
 * Seals a stored state item (services/crypto/stateSealer.ts: the report
 * key's cipher, bound to the item's hashed key).
 */
export interface StateSealer {
  seal(plain: string, id: string): string;
  /** The plain JSON, or undefined when it cannot be opened (an unknown key, tampering). */
  open(stored: string, id: string): string | undefined;
}

export interface MongoStorageOptions {
  /** Idle items older than this are never returned and are swept. */
  ttlMs: number;
  /**
   * This process is the only writer (the embedded database, which one
   * server owns): an eTag is then checked here, under the per-key lock, and
   * the write addressed by `_id` alone — the one filter FerretDB answers
   * from an index; a filter on `_id` and eTag reads every stored
   * conversation there. Leave it off when several instances share the
   * database: then the database checks the eTag in the update itself.
   */
  singleWriter?: boolean;
  /**
   * Seals every item before it is written, so the database never holds the
   * conversation readable — the dialog stack quotes what the reporter wrote
   * (a question's view shows her anonymised narrative back to her). An
   * item that cannot be opened reads as absent, and `onUnreadable` hears of it.
   */
  sealer?: StateSealer;
  onUnreadable?: () => void;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

/**
 * botbuilder {@link Storage} on MongoDB with optimistic concurrency.
 *
 * Same contract as botbuilder's MemoryStorage: a write with no eTag or `*`
 * overwrites; a write with an eTag succeeds only if it matches the stored
 * one. Each conditional write is a single-document operation, so it is
 * atomic on MongoDB, Cosmos DB and FerretDB without transactions (or, with
 * `singleWriter`, checked in this process under the per-key lock). Reads and
 * deletes are lookups by `_id`, one per key. Expiry is
 * enforced on read and by {@link sweep} — not by a TTL index, which not every
 * MongoDB-compatible server supports.
 */
export class MongoStorage implements Storage {
  private readonly now: () => number;
  /**
   * Writes to one key run one after another within this process. MongoDB
   * and Cosmos DB apply a conditional update atomically by themselves;
   * FerretDB (the embedded default) applies it as read-modify-write, so two
   * concurrent writers could both match the same eTag. Serialising per key
   * closes that gap for a single instance; multi-instance deployments run on
   * MongoDB or Cosmos DB, where the database's own atomicity holds.
   */
  private readonly writes = new KeyedMutex();

  constructor(private readonly model: Model<BotStateDoc>, private readonly opts: MongoStorageOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Reads items; missing and expired keys are absent from the result. One lookup by `_id` per key. */
  async read(keys: string[]): Promise<StoreItems> {
    const now = this.now();
    const docs = await Promise.all(keys.map((key) => this.model.findById(hashKey(key)).lean().exec()));
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const doc = docs[i];
      if (!doc || doc.expiresAt.getTime() <= now) return;
      const plain = this.opts.sealer ? this.opts.sealer.open(doc.data, doc._id) : doc.data;
      if (plain === undefined) {
        this.opts.onUnreadable?.();
        return;
      }
      items[key] = { ...(JSON.parse(plain) as object), eTag: doc.eTag };
    });
    return items;
  }

  /** Writes items, refusing any whose eTag is stale. */
  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, item]) => this.writes.run(key, () => this.writeOne(key, item as Record<string, unknown>))),
    );
  }

  /** Deletes items; deleting a missing key is not an error. */
  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.writes.run(key, () => this.model.deleteOne({ _id: hashKey(key) }).exec())));
  }

  /** Removes every expired item; returns how many were removed. */
  async sweep(): Promise<number> {
    const res = await this.model.deleteMany({ expiresAt: { $lte: new Date(this.now()) } }).exec();
    return res.deletedCount ?? 0;
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag, ...rest } = item;
    const id = hashKey(key);
    const now = this.now();
    const plain = JSON.stringify(rest);
    const fields = {
      data: this.opts.sealer ? this.opts.sealer.seal(plain, id) : plain,
      eTag: randomUUID(),
      expiresAt: new Date(now + this.opts.ttlMs),
      updatedAt: new Date(now),
    };
    if (typeof eTag !== 'string' || eTag === '' || eTag === '*') {
      await this.model.updateOne({ _id: id }, { $set: fields }, { upsert: true }).exec();
      return;
    }
    if (this.opts.singleWriter) {
      // Under the per-key lock, with no other writer: check here, write by _id.
      const current = await this.model.findById(id).lean().exec();
      if (current && current.expiresAt.getTime() > now && current.eTag !== eTag) throw new ETagConflictError();
      await this.model.updateOne({ _id: id }, { $set: fields }, { upsert: true }).exec();
      return;
    }
    const res = await this.model
      .updateOne({ _id: id, eTag, expiresAt: { $gt: new Date(now) } }, { $set: fields })
      .exec();
    if (res.matchedCount === 1) return;
    // No live item with that eTag: either it never existed (or expired) — then
    // this is a first write — or another writer changed it: a conflict.
    const current = await this.model.findOne({ _id: id }).lean().exec();
    if (current && current.expiresAt.getTime() > now) throw new ETagConflictError();
    try {
      if (current) {
        const replaced = await this.model.updateOne({ _id: id, eTag: current.eTag }, { $set: fields }).exec();
        if (replaced.matchedCount !== 1) throw new ETagConflictError();
      } else {
        await this.model.create({ _id: id, ...fields });
      }
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw new ETagConflictError();
      throw err;
    }
  }
}

/** The stored form of a botbuilder key: its SHA-256, so no id is readable. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
