import { createHash, randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Model, mongo } from 'mongoose';
import type { Logger } from '../core/logger';
import { AppError } from '../core/errors';
import { KeyedMutex } from '../core/keyedMutex';
import { openedJson, savingJson, takeJson } from '../core/stateJson';
import type { BotStateDoc } from './botStateStore';
import type { DatabaseGate } from './databaseGate';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './dbAvailability';

/** Raised when a write carries an eTag that no longer matches the stored one. */
export class ETagConflictError extends AppError<'ETagConflict'> {
  constructor() {
    super('ETagConflict', 'Storage: eTag conflict; the item was changed by another writer');
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
  /**
   * Conversations whose state is also kept in this process (0: none), so a
   * turn can run while the database is away (and, with `singleWriter`, is
   * read without asking the database). The cached form is the stored
   * form — the same string, sealed the same way (opened on each read): the
   * process never keeps a conversation open between turns.
   */
  cacheItems?: number;
  /** Bounds database calls and says when the database is away (then the cache answers). */
  gate?: DatabaseGate;
  log?: Pick<Logger, 'warn' | 'info'>;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

/** A conversation's state as this process holds it: exactly what is (or will be) stored. */
interface Cached {
  /** The stored key ({@link hashKey} of the botbuilder key), kept so a turn does not hash it again. */
  id: string;
  /** As stored: sealed when a sealer is configured. */
  data: string;
  eTag: string;
  expiresAt: number;
  /**
   * Set while the database does not have this version (it was written here
   * while the database was away): the eTags the database may hold instead —
   * the last one it had (`base`) and every one this process tried to write
   * since (a write that timed out may still land). Any of them there means
   * nobody else wrote meanwhile.
   */
  pending?: { base: string | null; tried: string[] };
  /** A delete not yet done in the database. */
  deleted?: boolean;
}

/** Fields of one stored version. */
interface Fields {
  data: string;
  eTag: string;
  expiresAt: Date;
  updatedAt: Date;
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
 *
 * With `cacheItems`, the state of recent conversations is also kept here.
 * With several writers the database stays authoritative whenever it answers
 * (every read asks it and refreshes the copy, eTag and all): a turn is one
 * read and one conditional write. With `singleWriter` every version the
 * database holds was written through this copy, so the copy is the
 * database's version: a read of a cached conversation asks nothing, and a
 * write checks its eTag against the copy and is one update (a conversation
 * not cached — evicted, or never read here — is read from the database as
 * before). While the database is away (the gate is
 * closed, or an operation finds it so) reads are answered from the copy and
 * writes are checked against the copy's eTag and kept, then written when it
 * answers again — conditionally, so a version another instance wrote
 * meanwhile is not overwritten (that instance's turn wins, and it is logged).
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
  /** Most recently used last. */
  private readonly cache = new Map<string, Cached>();
  /** Keys with a version the database does not have yet. */
  private readonly pendingKeys = new Set<string>();
  private flushing?: Promise<number>;
  /**
   * The model's collection, for the per-turn lookup and update by `_id`:
   * the documents are built here whole, so mongoose's query building and
   * casting would only add work (the same collection object its queries
   * end in, buffering and all).
   */
  private readonly col: mongo.Collection<BotStateDoc>;

  constructor(private readonly model: Model<BotStateDoc>, private readonly opts: MongoStorageOptions) {
    this.now = opts.now ?? Date.now;
    this.col = model.collection as unknown as mongo.Collection<BotStateDoc>;
    opts.gate?.onRecover(() => void this.flushPending());
  }

  /** Conversations with state not yet in the database. */
  get pendingCount(): number {
    return this.pendingKeys.size;
  }

  /**
   * Reads items; missing and expired keys are absent from the result. One
   * lookup by `_id` per key; while the database is away, or when this
   * process is its only writer and has the key, the cached copy.
   */
  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(keys.map(async (key) => {
      const item = await this.readOne(key);
      if (item) items[key] = item;
    }));
    return items;
  }

  /** Writes items, refusing any whose eTag is stale. */
  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, item]) => {
        // The JSON the caller just made of this item, if it noted one (core/stateJson.ts): taken now, as the item is.
        const json = takeJson(savingJson, item as object);
        return this.writes.run(key, () => this.writeOne(key, item as Record<string, unknown>, json));
      }),
    );
  }

  /** Deletes items; deleting a missing key is not an error. */
  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.writes.run(key, async () => {
      try {
        if (this.cache.get(key)?.pending) throw new DatabaseUnavailableError();
        await this.db(() => this.model.deleteOne({ _id: hashKey(key) }).exec());
        this.cache.delete(key);
      } catch (err) {
        if (!isDatabaseUnavailable(err) || !this.caching) {
          this.cache.delete(key);
          throw err;
        }
        this.cache.set(key, { id: hashKey(key), data: '{}', eTag: randomUUID(), expiresAt: this.now() + this.opts.ttlMs, deleted: true, pending: { base: null, tried: [] } });
        this.pendingKeys.add(key);
      }
    })));
  }

  /** Removes every expired item (and expired copies here); returns how many were removed from the database. */
  async sweep(): Promise<number> {
    const now = this.now();
    for (const [key, cached] of this.cache) {
      if (cached.expiresAt <= now) {
        this.cache.delete(key);
        this.pendingKeys.delete(key);
      }
    }
    if (this.pendingKeys.size > 0) await this.flushPending();
    const res = await this.model.deleteMany({ expiresAt: { $lte: new Date(now) } }).exec();
    return res.deletedCount ?? 0;
  }

  /**
   * Writes every version kept while the database was away (called when it
   * answers again, and by the sweep). Returns how many were written.
   */
  flushPending(): Promise<number> {
    this.flushing ??= (async () => {
      let written = 0;
      for (const key of [...this.pendingKeys]) {
        try {
          if (await this.writes.run(key, () => this.flushOne(key))) written++;
        } catch (err) {
          if (isDatabaseUnavailable(err)) break;
          this.opts.log?.warn({ event: 'state.flush_failed', err }, 'could not write kept conversation state; will retry');
        }
      }
      if (written > 0) this.opts.log?.info({ event: 'state.flushed', written, remaining: this.pendingKeys.size }, 'conversation state kept during the outage written');
      return written;
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private get caching(): boolean {
    return (this.opts.cacheItems ?? 0) > 0;
  }

  private db<T>(op: () => Promise<T>): Promise<T> {
    return this.opts.gate ? this.opts.gate.run(op) : op();
  }

  private async readOne(key: string): Promise<Record<string, unknown> | undefined> {
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached?.pending) {
      // Newer than the database's copy: answer from here, and write it if the database is back.
      if (this.opts.gate?.up !== false) void this.flushPending();
      return cached.deleted || cached.expiresAt <= now ? undefined : this.itemOf(cached);
    }
    if (this.opts.singleWriter && cached) {
      // The only writer: every version the database has went through this copy.
      if (cached.expiresAt <= now) {
        this.cache.delete(key);
        return undefined;
      }
      const item = this.itemOf(cached);
      if (item) this.touch(key, cached);
      else this.cache.delete(key);
      return item;
    }
    const id = cached?.id ?? hashKey(key);
    let doc: BotStateDoc | null;
    try {
      doc = await this.db(() => this.col.findOne({ _id: id }));
    } catch (err) {
      if (isDatabaseUnavailable(err) && cached && cached.expiresAt > now) return this.itemOf(cached);
      throw err;
    }
    if (!doc || doc.expiresAt.getTime() <= now) {
      this.cache.delete(key);
      return undefined;
    }
    const stored: Cached = { id, data: doc.data, eTag: doc.eTag, expiresAt: doc.expiresAt.getTime() };
    const item = this.itemOf(stored);
    if (item) this.remember(key, stored);
    else this.cache.delete(key);
    return item;
  }

  /** The item as the bot sees it (opened), or undefined when it cannot be opened. */
  private itemOf(cached: Cached): Record<string, unknown> | undefined {
    const plain = this.opts.sealer ? this.opts.sealer.open(cached.data, cached.id) : cached.data;
    if (plain === undefined) {
      this.opts.onUnreadable?.();
      return undefined;
    }
    // A fresh object each read (parsed here), so the eTag is set on it rather than copied into another.
    const item = JSON.parse(plain) as Record<string, unknown>;
    item.eTag = cached.eTag;
    // The JSON this item was written as, for a conversation state that would otherwise serialise it again.
    openedJson.set(item, plain);
    return item;
  }

  private async writeOne(key: string, item: Record<string, unknown>, json?: string): Promise<void> {
    const eTag = item.eTag;
    const now = this.now();
    const plain = json ?? jsonWithoutETag(item);
    const id = this.cache.get(key)?.id ?? hashKey(key);
    const fields: Fields = {
      data: this.opts.sealer ? this.opts.sealer.seal(plain, id) : plain,
      eTag: randomUUID(),
      expiresAt: new Date(now + this.opts.ttlMs),
      updatedAt: new Date(now),
    };
    const given = typeof eTag === 'string' && eTag !== '' && eTag !== '*' ? eTag : undefined;
    if (this.cache.get(key)?.pending || this.opts.gate?.up === false) {
      if (!this.caching) throw new DatabaseUnavailableError();
      this.keep(key, id, given, fields);
      return;
    }
    try {
      await this.writeToDatabase(key, id, given, fields);
    } catch (err) {
      if (!isDatabaseUnavailable(err) || !this.caching) {
        // Whether it landed is unknown: the next read asks the database.
        if (!(err instanceof ETagConflictError)) this.cache.delete(key);
        throw err;
      }
      // It may or may not have landed: keep it, with its eTag among the ones the database may hold.
      this.keep(key, id, given, fields);
      return;
    }
    this.remember(key, { id, data: fields.data, eTag: fields.eTag, expiresAt: fields.expiresAt.getTime() });
  }

  private async writeToDatabase(key: string, id: string, eTag: string | undefined, fields: Fields): Promise<void> {
    const now = this.now();
    if (eTag === undefined) {
      await this.db(() => this.col.updateOne({ _id: id }, { $set: fields }, { upsert: true }));
      return;
    }
    if (this.opts.singleWriter) {
      // Under the per-key lock, with no other writer: check here (against the
      // copy, which is the database's version; without one, against the
      // database), write by _id.
      const cached = this.cache.get(key);
      const current = cached
        ? { eTag: cached.eTag, expiresAt: new Date(cached.expiresAt) }
        : await this.db(() => this.col.findOne({ _id: id }));
      if (current && current.expiresAt.getTime() > now && current.eTag !== eTag) throw new ETagConflictError();
      await this.db(() => this.col.updateOne({ _id: id }, { $set: fields }, { upsert: true }));
      return;
    }
    const res = await this.db(() => this.col.updateOne({ _id: id, eTag, expiresAt: { $gt: new Date(now) } }, { $set: fields }));
    if (res.matchedCount === 1) return;
    // No live item with that eTag: either it never existed (or expired) — then
    // this is a first write — or another writer changed it: a conflict.
    const current = await this.db(() => this.col.findOne({ _id: id }));
    if (current && current.expiresAt.getTime() > now) throw new ETagConflictError();
    await this.replaceOrCreate(id, current, fields);
  }

  /** Replaces an expired item, or creates a missing one; another writer in between is a conflict. */
  private async replaceOrCreate(id: string, current: BotStateDoc | null, fields: Fields): Promise<void> {
    try {
      if (current) {
        const replaced = await this.db(() => this.model.updateOne({ _id: id, eTag: current.eTag }, { $set: fields }).exec());
        if (replaced.matchedCount !== 1) throw new ETagConflictError();
      } else {
        await this.db(() => this.model.create({ _id: id, ...fields }));
      }
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw new ETagConflictError();
      throw err;
    }
  }

  /** The database is away: checks the eTag against the copy here and keeps the new version for later. */
  private keep(key: string, id: string, eTag: string | undefined, fields: Fields): void {
    const now = this.now();
    const cached = this.cache.get(key);
    const live = cached && !cached.deleted && cached.expiresAt > now ? cached : undefined;
    if (eTag !== undefined) {
      // A turn read this conversation, so it is here unless evicted; without it nothing can be checked.
      if (!cached) throw new DatabaseUnavailableError();
      if (live && live.eTag !== eTag) throw new ETagConflictError();
    }
    const base = cached?.pending ? cached.pending.base : (cached?.eTag ?? null);
    const tried = [...(cached?.pending?.tried ?? []), fields.eTag].slice(-20);
    this.cache.delete(key);
    this.cache.set(key, { id, data: fields.data, eTag: fields.eTag, expiresAt: fields.expiresAt.getTime(), pending: { base, tried } });
    this.pendingKeys.add(key);
  }

  /** Writes one kept version; true when written. Runs under the key's lock. */
  private async flushOne(key: string): Promise<boolean> {
    const cached = this.cache.get(key);
    if (!cached?.pending) {
      this.pendingKeys.delete(key);
      return false;
    }
    const now = this.now();
    const id = cached.id;
    const done = (): void => {
      this.pendingKeys.delete(key);
      if (cached.deleted) this.cache.delete(key);
      else delete cached.pending;
    };
    if (cached.expiresAt <= now) {
      this.cache.delete(key);
      this.pendingKeys.delete(key);
      return false;
    }
    const current = await this.db(() => this.model.findById(id).lean<BotStateDoc>().exec());
    const ours = [...cached.pending.tried, ...(cached.pending.base ? [cached.pending.base] : [])];
    if (current && current.expiresAt.getTime() > now && !ours.includes(current.eTag)) {
      // Another instance carried the conversation on meanwhile: its version wins.
      this.opts.log?.warn({ event: 'state.flush_conflict' }, 'conversation state kept during the outage was changed elsewhere meanwhile; the stored version wins');
      this.pendingKeys.delete(key);
      this.cache.delete(key);
      return false;
    }
    if (cached.deleted) {
      await this.db(() => this.model.deleteOne({ _id: id }).exec());
      done();
      return true;
    }
    const fields: Fields = { data: cached.data, eTag: cached.eTag, expiresAt: new Date(cached.expiresAt), updatedAt: new Date(now) };
    if (this.opts.singleWriter) {
      await this.db(() => this.model.updateOne({ _id: id }, { $set: fields }, { upsert: true }).exec());
    } else if (current) {
      const res = await this.db(() => this.model.updateOne({ _id: id, eTag: current.eTag }, { $set: fields }).exec());
      if (res.matchedCount !== 1) {
        this.opts.log?.warn({ event: 'state.flush_conflict' }, 'conversation state kept during the outage was changed elsewhere meanwhile; the stored version wins');
        this.pendingKeys.delete(key);
        this.cache.delete(key);
        return false;
      }
    } else {
      try {
        await this.db(() => this.model.create({ _id: id, ...fields }));
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        this.pendingKeys.delete(key);
        this.cache.delete(key);
        return false;
      }
    }
    done();
    return true;
  }

  /** Marks a copy most recently used. */
  private touch(key: string, item: Cached): void {
    this.cache.delete(key);
    this.cache.set(key, item);
  }

  /** Keeps the database's version here (most recently used last), dropping the least recently used clean copies beyond the limit. */
  private remember(key: string, item: Cached): void {
    if (!this.caching) return;
    this.cache.delete(key);
    this.cache.set(key, item);
    const max = this.opts.cacheItems ?? 0;
    if (this.cache.size <= max) return;
    for (const [k, v] of this.cache) {
      if (this.cache.size <= max) break;
      if (!v.pending) this.cache.delete(k);
    }
  }
}


/** The item as stored: its JSON without the eTag. */
function jsonWithoutETag(item: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = item;
  return JSON.stringify(rest);
}

/** The stored form of a botbuilder key: its SHA-256, so no id is readable. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
