import type { Collection, Connection, Model } from 'mongoose';
import { AuditDetails, AuditEventDoc, auditEventModel } from '../../models/auditEvent';
import { isDuplicateKey } from '../../core/duplicateKey';
import { auditHash, GENESIS_HASH } from './auditHash';

/** Who did it. */
export interface AuditActor {
  id: string;
  role: string;
}

/** What was done, to what. Details are identifiers and states only. */
export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  details?: AuditDetails;
}

/** An audit event as the API shows it. */
export type AuditEvent = Omit<AuditEventDoc, never>;

/** The first link that does not hold, if any. */
export interface ChainVerdict {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  reason?: string;
}

const MAX_APPEND_ATTEMPTS = 50;

/** The chain's last link, kept in one document so appending never searches the events. */
interface ChainHead {
  _id: string;
  seq: number;
  hash: string;
}
const HEAD_ID = 'head';

/**
 * The append-only, hash-chained audit log. Appending needs no transaction:
 * the chain head (last seq and hash) is read from one document by `_id`, the
 * event inserted, then the head advanced. A unique index on seq turns a lost
 * race (another writer took that seq) into error 11000; so does a head left
 * one behind by a process that stopped between its insert and the advance —
 * either way the head is brought up to the event holding that seq, and the
 * append retries. Appends from this process are also queued, so they rarely
 * race. (The head also makes a deleted last event show: the next event still
 * links to it, and verification reports the gap.)
 */
export class AuditLog {
  private readonly model: Model<AuditEventDoc>;
  private readonly heads: Collection<ChainHead>;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = auditEventModel(conn);
    this.heads = conn.collection<ChainHead>('auditevents_head');
  }

  /** Creates the indexes (the unique seq index is required for safety). */
  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Appends one event and returns it. Throws if it could not be written. */
  append(actor: AuditActor, entry: AuditEntry): Promise<AuditEvent> {
    const run = this.tail.then(() => this.appendNow(actor, entry));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendNow(actor: AuditActor, entry: AuditEntry): Promise<AuditEvent> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.readHead();
      const link = {
        seq: head.seq + 1,
        at: this.now(),
        actorId: actor.id,
        actorRole: actor.role,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        details: entry.details ?? {},
        prevHash: head.hash,
      };
      const event = { ...link, hash: auditHash(link) };
      try {
        await this.model.collection.insertOne({ ...event });
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= MAX_APPEND_ATTEMPTS) throw err;
        // That seq is taken: bring the head up to the event that holds it, then try the next one.
        const taken = await this.model.findOne({ seq: link.seq }, { seq: 1, hash: 1 }).lean<Pick<ChainHead, 'seq' | 'hash'>>().exec();
        if (taken) await this.advanceHead(head.seq, taken);
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
        continue;
      }
      // The event is in; a head left behind here is caught up by the next append (above).
      await this.advanceHead(head.seq, event).catch(() => undefined);
      return event;
    }
  }

  /** The last seq and hash; the first append on a database derives them from the events (once). */
  private async readHead(): Promise<Pick<ChainHead, 'seq' | 'hash'>> {
    const head = await this.heads.findOne({ _id: HEAD_ID });
    if (head) return head;
    const last = await this.model.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean().exec();
    const derived = { _id: HEAD_ID, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
    try {
      await this.heads.insertOne(derived);
      return derived;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await this.heads.findOne({ _id: HEAD_ID }))!;
    }
  }

  /** Moves the head from `fromSeq` to `to`, unless another writer already moved it. */
  private async advanceHead(fromSeq: number, to: Pick<ChainHead, 'seq' | 'hash'>): Promise<void> {
    await this.heads.updateOne({ _id: HEAD_ID, seq: fromSeq }, { $set: { seq: to.seq, hash: to.hash } });
  }

  /** Newest first, keyset-paged by seq; optionally for one target or actor. */
  async list(opts: { beforeSeq?: number; limit: number; targetId?: string; actorId?: string; action?: string }): Promise<AuditEvent[]> {
    const filter: Record<string, unknown> = {};
    if (opts.beforeSeq) filter.seq = { $lt: opts.beforeSeq };
    if (opts.targetId) filter.targetId = opts.targetId;
    if (opts.actorId) filter.actorId = opts.actorId;
    if (opts.action) filter.action = opts.action;
    const docs = await this.model.find(filter, { _id: 0 }).sort({ seq: -1 }).limit(opts.limit).lean().exec();
    return docs as AuditEvent[];
  }

  /**
   * Walks the chain from seq 1: every seq present and consecutive, every
   * prevHash equal to the previous hash, every hash recomputing. Reports the
   * first link that fails.
   */
  async verify(): Promise<ChainVerdict> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const cursor = this.model.find({}, { _id: 0 }).sort({ seq: 1 }).lean().cursor({ batchSize: 500 });
    for await (const doc of cursor) {
      const ev = doc as AuditEvent;
      if (ev.seq !== expectedSeq) {
        return { ok: false, checked, brokenAt: expectedSeq, reason: ev.seq > expectedSeq ? `event ${expectedSeq} is missing` : `sequence out of order at ${ev.seq}` };
      }
      if (ev.prevHash !== prevHash) {
        return { ok: false, checked, brokenAt: ev.seq, reason: `event ${ev.seq} does not link to event ${ev.seq - 1} (prevHash differs)` };
      }
      if (auditHash(ev) !== ev.hash) {
        return { ok: false, checked, brokenAt: ev.seq, reason: `event ${ev.seq} was altered (hash does not match its content)` };
      }
      prevHash = ev.hash;
      expectedSeq++;
      checked++;
    }
    return { ok: true, checked };
  }
}
