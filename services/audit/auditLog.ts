import type { AuditDetails, AuditEventDoc } from '../../models/auditEvent';
import type { AuditEventRepository, AuditQuery } from '../../models/auditEventRepository';
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

/** The head of an empty log: no event yet, the first links to the genesis hash. */
const EMPTY_CHAIN = { seq: 0, hash: GENESIS_HASH };

/**
 * The append-only, hash-chained audit log. The repository
 * (models/auditEventRepository.ts) stores each event on the chain's head
 * without a transaction and retries a lost race; this builds and hashes
 * the links, and queues the appends of this process, so they rarely race.
 */
export class AuditLog {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly events: AuditEventRepository, private readonly now: () => Date = () => new Date()) {}

  /** Creates the indexes (the unique seq index is required for safety). */
  async init(): Promise<void> {
    await this.events.init();
  }

  /** Appends one event and returns it. Throws if it could not be written. */
  append(actor: AuditActor, entry: AuditEntry): Promise<AuditEvent> {
    const run = this.tail.then(() => this.appendNow(actor, entry));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private appendNow(actor: AuditActor, entry: AuditEntry): Promise<AuditEvent> {
    return this.events.append((head) => {
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
      return { ...link, hash: auditHash(link) };
    }, EMPTY_CHAIN);
  }

  /** Newest first, keyset-paged by seq; optionally for one target or actor. */
  async list(opts: AuditQuery): Promise<AuditEvent[]> {
    return this.events.list(opts);
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
    for await (const ev of this.events.inSeqOrder()) {
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
