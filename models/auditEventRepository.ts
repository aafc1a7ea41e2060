import type { Model } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import { auditEventModel, type AuditEventDoc } from './auditEvent';
import type { Database } from './database';
import { AuditChainHead, type ChainLink } from './embedded/auditChainHead';

export type { ChainLink };

const MAX_APPEND_ATTEMPTS = 50;

/** Which events to list: newest first, before a seq, optionally for one target, actor or action. */
export interface AuditQuery {
  beforeSeq?: number;
  limit: number;
  targetId?: string;
  actorId?: string;
  action?: string;
}

/**
 * The audit log's repository: events in, plain events out. Appending needs
 * no transaction: the chain head (last seq and hash,
 * models/embedded/auditChainHead.ts) is read by `_id`, the event built on
 * it and inserted, then the head advanced. A unique index on seq turns a
 * lost race (another writer took that seq) into a duplicate key; so does a
 * head left one behind by a process that stopped between its insert and
 * the advance — either way the head is brought up to the event holding
 * that seq, and the append retries with a new link.
 */
export class AuditEventRepository {
  private readonly model: Model<AuditEventDoc>;
  private readonly head: AuditChainHead;

  constructor(db: Database) {
    this.model = auditEventModel(db);
    this.head = new AuditChainHead(db);
  }

  /** Creates the indexes (the unique seq index is required for safety). */
  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * Appends the event `link` builds on the current head (its seq must be
   * the head's + 1; on an empty log the head is `empty`); returns it.
   * Throws if it could not be written.
   */
  async append(link: (head: ChainLink) => AuditEventDoc, empty: ChainLink): Promise<AuditEventDoc> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.head.read(() => this.lastLink(empty));
      const event = link(head);
      try {
        await this.model.collection.insertOne({ ...event });
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= MAX_APPEND_ATTEMPTS) throw err;
        // That seq is taken: bring the head up to the event that holds it, then try the next one.
        const taken = await this.model.findOne({ seq: event.seq }, { seq: 1, hash: 1 }).lean<ChainLink>().exec();
        if (taken) await this.head.advance(head.seq, taken);
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
        continue;
      }
      // The event is in; a head left behind here is caught up by the next append (above).
      await this.head.advance(head.seq, event).catch(() => undefined);
      return event;
    }
  }

  /** The last event's seq and hash, from the events themselves (`empty` when there are none). */
  private async lastLink(empty: ChainLink): Promise<ChainLink> {
    const last = await this.model.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean<ChainLink>().exec();
    return last ? { seq: last.seq, hash: last.hash } : empty;
  }

  /** Newest first, keyset-paged by seq. */
  async list(query: AuditQuery): Promise<AuditEventDoc[]> {
    const filter: Record<string, unknown> = {};
    if (query.beforeSeq) filter.seq = { $lt: query.beforeSeq };
    if (query.targetId) filter.targetId = query.targetId;
    if (query.actorId) filter.actorId = query.actorId;
    if (query.action) filter.action = query.action;
    return this.model.find(filter, { _id: 0 }).sort({ seq: -1 }).limit(query.limit).lean<AuditEventDoc[]>().exec();
  }

  /** Every event in seq order, read in batches. */
  inSeqOrder(): AsyncIterable<AuditEventDoc> {
    return this.model.find({}, { _id: 0 }).sort({ seq: 1 }).lean<AuditEventDoc>().cursor({ batchSize: 500 });
  }
}
