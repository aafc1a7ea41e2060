import type { Connection, Model } from 'mongoose';
import { AuditDetails, AuditEventDoc, auditEventModel } from '../../models/auditEvent';
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

/**
 * The append-only, hash-chained audit log. Appending needs no transaction:
 * the next seq is read, the event inserted, and a unique index on seq turns
 * a lost race (another writer took that seq) into error 11000 — then re-read
 * and retry. Appends from this process are also queued, so they rarely race.
 */
export class AuditLog {
  private readonly model: Model<AuditEventDoc>;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = auditEventModel(conn);
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
      const last = await this.model.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean().exec();
      const link = {
        seq: (last?.seq ?? 0) + 1,
        at: this.now(),
        actorId: actor.id,
        actorRole: actor.role,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        details: entry.details ?? {},
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const event = { ...link, hash: auditHash(link) };
      try {
        await this.model.collection.insertOne({ ...event });
        return event;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000 || attempt >= MAX_APPEND_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
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
