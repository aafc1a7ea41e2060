import type { Model, QueryFilter, Types, UpdateQuery } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import { KeyedMutex } from '../core/keyedMutex';
import { AccountLinkRepository, type AccountLinkDoc } from './accountLink';
import { EMBEDDED_DATABASE, type Database, type DatabaseMode, type RecordId } from './database';
import { CaseCodeCollisionError, CaseCodeLinks } from './embedded/caseCodeLinks';
import { reportModel, type AddedEvidence, type CrisisFlag, type ReportDoc, type StatusChange } from './report';
import { QUEUE_SOURCE_FIELDS, syncReportQueueEntry } from './reportQueueEntry';

/** Thrown by {@link ReportRepository.linkCaseCode} when the code belongs to another report. */
export { CaseCodeCollisionError };

/** What a conditional update did. */
export interface ReportUpdateResult {
  matchedCount: number;
  modifiedCount: number;
}

const QUEUE_FIELDS: ReadonlySet<string> = new Set(Object.keys(QUEUE_SOURCE_FIELDS));

/** True when an update writes a field the review queue shows (so its entry must follow). */
function touchesQueue(update: UpdateQuery<ReportDoc>): boolean {
  return Object.entries(update).some(([key, value]) =>
    key.startsWith('$') && value && typeof value === 'object'
      ? Object.keys(value as object).some((path) => QUEUE_FIELDS.has(path.split('.')[0]!))
      : QUEUE_FIELDS.has(key.split('.')[0]!),
  );
}

/**
 * Updates of one report in this process take turns. FerretDB applies an
 * update as read-modify-write, so two updates of one report at once (the
 * delivery worker recording a failed notice while a spool flush adopts a
 * reissued passphrase) can lose one of them; on MongoDB this costs nothing
 * measurable (one promise per write).
 */
const perReport = new KeyedMutex();

/** The sealed fields of a report that key rotation re-seals. */
export type SealedFields = Partial<Pick<ReportDoc, 'narrative' | 'evidence' | 'notes' | 'evidenceAdded'>>;

/**
 * What a re-sealing write requires to still hold: the ciphertext read of the
 * narrative and evidence, the number of notes and of added evidence read
 * (a note or a follow-up message appends, so the list read is the list replaced).
 */
export interface SealedAsRead {
  narrativeCt?: string;
  evidenceCt?: string;
  notes?: number;
  evidenceAdded?: number;
}

/** The fields the retention purge reads of a closed report. */
export type PurgeCandidate = Pick<ReportDoc, '_id' | 'resolution' | 'retention' | 'statusHistory' | 'updatedAt' | 'accountLinks'>;

/**
 * The reports: reads by id, case code and submission, and writes that keep
 * the derived queue entry (models/reportQueueEntry.ts) in step — after an
 * insert, and after an update that writes a field the queue shows, the
 * entry is re-derived from the stored report. Callers never sync the queue
 * themselves, so a new write cannot forget it. On the embedded database a
 * report's case code is linked before the report is stored
 * (models/embedded/caseCodeLinks.ts); on MongoDB and Cosmos DB (`mode`)
 * the report's unique `caseCode` index finds it and refuses a collision.
 */
export class ReportRepository {
  private readonly reports: Model<ReportDoc>;
  private readonly links: AccountLinkRepository;
  /** The case-code links: on the embedded database only. */
  private readonly codes: CaseCodeLinks | undefined;

  constructor(private readonly conn: Database, now?: () => Date, mode: DatabaseMode = EMBEDDED_DATABASE) {
    this.reports = reportModel(conn);
    this.links = new AccountLinkRepository(conn, now);
    this.codes = mode.embedded ? new CaseCodeLinks(conn) : undefined;
  }

  /** Creates the reports' indexes (the connection runs with autoIndex off). */
  async createIndexes(): Promise<void> {
    await this.reports.createIndexes();
  }

  /**
   * On the embedded database, links the case codes of reports stored before
   * case-code links existed, once per database; returns how many. On
   * MongoDB nothing is linked, and the fill's record is forgotten, so a
   * database later run as an embedded one links what was stored meanwhile.
   */
  async fillCaseCodeLinks(): Promise<number> {
    if (this.codes) return this.codes.init();
    await CaseCodeLinks.forgetFill(this.conn);
    return 0;
  }

  /** A report by id, or null. */
  async findById(id: RecordId | string): Promise<ReportDoc | null> {
    return this.reports.findById(id).lean<ReportDoc>().exec();
  }

  /** A stored report by any of its submission digests (see FieldCipher#digests), or null. */
  async findBySubmission(keys: readonly string[]): Promise<ReportDoc | null> {
    return this.reports.findOne({ submissionKey: { $in: [...keys] } }).lean<ReportDoc>().exec();
  }

  /**
   * The report a case code belongs to, or null: on the embedded database
   * through the code's link (lookups by `_id` only), on MongoDB through the
   * report's `caseCode` index.
   */
  async findByCaseCode(code: string): Promise<ReportDoc | null> {
    if (!this.codes) return this.reports.findOne({ caseCode: code }).lean<ReportDoc>().exec();
    const reportId = await this.codes.reportIdOf(code);
    const found = reportId ? await this.findById(reportId) : null;
    return found?.caseCode === code ? found : null;
  }

  /**
   * Records that `code` belongs to `reportId`, before the report is stored;
   * repeating it is harmless, a code that belongs to another report throws
   * CaseCodeCollisionError (models/embedded/caseCodeLinks.ts). On MongoDB
   * it writes nothing: inserting the report meets the unique `caseCode`
   * index instead (a duplicate key, which ReportStore turns into the
   * collision when no copy of the same submission is stored).
   */
  async linkCaseCode(code: string, reportId: RecordId): Promise<void> {
    await this.codes?.link(code, reportId);
  }

  /**
   * Lists a stored report under the link ids of the accounts it names
   * (repeating it is harmless), then brings in step the queue entries whose
   * `linked` mark changes: this report's, and another's that was alone with
   * an account until now.
   */
  async linkAccounts(reportId: Types.ObjectId, linkIds: readonly string[]): Promise<void> {
    const after = linkIds.length ? await this.links.add(linkIds, reportId) : [];
    await this.syncQueueEntries([reportId, ...othersWhere(after, reportId, 2)]);
  }

  /** Takes a report off these link ids (erased, or re-linked); a report left alone with an account may lose its mark. */
  async unlinkAccounts(reportId: Types.ObjectId, linkIds: readonly string[]): Promise<void> {
    const after = linkIds.length ? await this.links.remove(linkIds, reportId) : [];
    await this.syncQueueEntries([reportId, ...othersWhere(after, reportId, 1)]);
  }

  private async syncQueueEntries(ids: readonly Types.ObjectId[]): Promise<void> {
    const seen = new Set<string>();
    for (const id of ids) {
      const key = id.toHexString();
      if (seen.has(key)) continue;
      seen.add(key);
      await syncReportQueueEntry(this.conn, id);
    }
  }

  /**
   * Stores a new report and its queue entry. When a report with this `_id`
   * is stored already (an earlier attempt landed: a write that timed out, a
   * flush interrupted), its queue entry is completed instead; any other
   * duplicate key (the case code or submission key of another report) is
   * thrown, and nothing else is written. A failed entry write fails the
   * call, so a retry completes it.
   */
  async insert(doc: ReportDoc): Promise<void> {
    try {
      await this.reports.create([doc]);
    } catch (err) {
      if (!isDuplicateKey(err) || !(await this.reports.exists({ _id: doc._id }))) throw err;
    }
    await syncReportQueueEntry(this.conn, doc._id);
  }

  /**
   * Applies `update` to the report `filter` names by `_id`, if the rest of
   * `filter` still holds (a conditional write), then brings its queue entry
   * in step when the update writes a field the queue shows.
   */
  async updateOne(filter: QueryFilter<ReportDoc> & { _id: Types.ObjectId }, update: UpdateQuery<ReportDoc>): Promise<ReportUpdateResult> {
    const res = await perReport.run(filter._id.toHexString(), () => this.reports.updateOne(filter, update).exec());
    if (touchesQueue(update)) await syncReportQueueEntry(this.conn, filter._id);
    return { matchedCount: res.matchedCount, modifiedCount: res.modifiedCount };
  }

  /**
   * Makes a stored report's passphrase the one in `hash` while it was never
   * used and is not that one already (a spool entry reissued meanwhile); true when it changed.
   */
  async adoptPassphrase(id: RecordId, hash: string): Promise<boolean> {
    const res = await this.updateOne(
      { _id: id, 'access.lastVerifiedAt': null, passphraseHash: { $ne: hash } },
      { $set: { passphraseHash: hash, 'access.failures': 0 } },
    );
    return res.modifiedCount === 1;
  }

  /** Gives a report a new passphrase if its passphrase was never used (a reissue: a verification racing it wins); true when it matched. */
  async reissuePassphrase(id: RecordId, hash: string, at: Date): Promise<boolean> {
    const res = await this.updateOne({ _id: id, 'access.lastVerifiedAt': null }, { $set: { passphraseHash: hash, 'access.failures': 0, updatedAt: at } });
    return res.matchedCount === 1;
  }

  /** Records a verified follow-up: failures and lockouts cleared, the time kept. */
  async recordVerified(id: RecordId, at: Date): Promise<void> {
    await this.updateOne({ _id: id }, { $set: { 'access.failures': 0, 'access.lockouts': 0, 'access.lockedUntil': null, 'access.lastVerifiedAt': at } });
  }

  /** Locks a report's follow-up until `until` (its `lockouts`th lock), its failures counted afresh. */
  async lockFollowUp(id: RecordId, lockouts: number, until: Date): Promise<void> {
    await this.updateOne({ _id: id }, { $set: { 'access.failures': 0, 'access.lockouts': lockouts, 'access.lockedUntil': until } });
  }

  /**
   * Records a reporter's message on its report in one update: the staff's
   * unread count goes up; sealed evidence it added is appended (`$push`,
   * never read and written back) and the link ids of the accounts it names
   * are added, so messages posted through several instances at once all
   * keep theirs on MongoDB and Cosmos DB.
   */
  async addReporterMessage(id: RecordId, at: Date, added: { evidence?: AddedEvidence; linkIds?: readonly string[] } = {}): Promise<void> {
    const update: UpdateQuery<ReportDoc> = { $set: { updatedAt: at }, $inc: { unreadByStaff: 1 } };
    if (added.evidence) update.$push = { evidenceAdded: { $each: [added.evidence] } };
    if (added.linkIds?.length) update.$addToSet = { accountLinks: { $each: [...added.linkIds] } };
    await this.updateOne({ _id: id }, update);
  }

  /** Marks a report changed at `at` (a staff message). */
  async touch(id: RecordId, at: Date): Promise<void> {
    await this.updateOne({ _id: id }, { $set: { updatedAt: at } });
  }

  /** Clears the staff's unread count of a report (its thread was read). */
  async clearUnreadByStaff(id: RecordId): Promise<void> {
    await this.updateOne({ _id: id }, { $set: { unreadByStaff: 0 } });
  }

  /**
   * Puts a crisis flag on a report with the urgency and routing it now has;
   * `reopenAt`: the report was closed and is opened again (in review) at that time.
   */
  async flagCrisis(id: RecordId, flag: CrisisFlag, change: Pick<ReportDoc, 'urgency' | 'urgencyRank' | 'routing' | 'updatedAt'>, reopenAt?: Date): Promise<void> {
    const set: Record<string, unknown> = { ...change };
    const update: UpdateQuery<ReportDoc> = { $set: set, $addToSet: { flags: flag } };
    if (reopenAt) {
      set.status = 'in_review';
      set['retention.closedAt'] = null;
      update.$push = { statusHistory: { status: 'in_review', at: reopenAt } };
    }
    await this.updateOne({ _id: id }, update);
  }

  /**
   * Erases a closed report's content (retention): narrative, evidence,
   * link ids, notes, passphrase, the contact mark and the unread count go,
   * the status history is replaced by `history` (without the staff's
   * reasons), and it is marked purged at `at`, closed at `closedAt`.
   * Conditional on it still being closed and unpurged (a report reopened
   * meanwhile keeps its content) and on its history still having
   * `historyLength` steps (a step appended meanwhile is not lost); true when it was erased.
   */
  async purgeContent(id: RecordId, historyLength: number, history: StatusChange[], closedAt: Date, at: Date): Promise<boolean> {
    const res = await this.updateOne(
      { _id: id, status: 'closed', 'retention.purgedAt': null, statusHistory: { $size: historyLength } },
      {
        $set: {
          narrative: null, evidence: null, evidenceAdded: [], accountLinks: [], notes: [], passphraseHash: null, hasContact: false, unreadByStaff: 0,
          statusHistory: history, 'retention.purgedAt': at, 'retention.closedAt': closedAt,
        },
      },
    );
    return res.modifiedCount === 1;
  }

  /** Replaces a report's status history if it still has `historyLength` steps; true when it changed. */
  async replaceHistory(id: RecordId, historyLength: number, history: StatusChange[]): Promise<boolean> {
    const res = await this.updateOne({ _id: id, statusHistory: { $size: historyLength } }, { $set: { statusHistory: history } });
    return res.modifiedCount === 1;
  }

  /**
   * Counts one failed follow-up attempt on a report (`$inc`, atomic on
   * MongoDB across instances); returns the report as it is after, or null
   * when it is gone.
   */
  async countFailedAttempt(id: RecordId): Promise<ReportDoc | null> {
    return perReport.run(id.toHexString(), () =>
      this.reports.findOneAndUpdate({ _id: id }, { $inc: { 'access.failures': 1 } }, { returnDocument: 'after' }).lean<ReportDoc>().exec());
  }

  /**
   * Every report with the fields account matching reads (evidence, added
   * evidence, platforms, link ids), one at a time.
   */
  withAccountEvidence(): AsyncIterable<Pick<ReportDoc, '_id' | 'evidence' | 'evidenceAdded' | 'platforms' | 'accountLinks'>> {
    return this.reports.find({}, { evidence: 1, evidenceAdded: 1, platforms: 1, accountLinks: 1 }).lean<ReportDoc>().cursor();
  }

  /** The link ids a report names (none when it is gone). */
  async accountLinksOf(id: RecordId): Promise<string[]> {
    return (await this.reports.findById(id, { accountLinks: 1 }).lean<ReportDoc>().exec())?.accountLinks ?? [];
  }

  /**
   * Replaces a report's link ids if they are still `read` (undefined: the
   * report had none, not even an empty list); true when it matched. The
   * queue entries follow when the caller links and unlinks the ids
   * ({@link linkAccounts}, {@link unlinkAccounts}).
   */
  async replaceAccountLinks(id: RecordId, read: readonly string[] | undefined, links: readonly string[]): Promise<boolean> {
    const filter: QueryFilter<ReportDoc> = { _id: id, accountLinks: read ? [...read] : { $exists: false } };
    const res = await perReport.run(id.toHexString(), () => this.reports.updateOne(filter, { $set: { accountLinks: [...links] } }).exec());
    return res.matchedCount === 1;
  }

  /** Every key id the sealed fields of reports name (one `distinct` per field: narrative, evidence, added evidence, notes). */
  async keyIds(): Promise<unknown[]> {
    const kids: unknown[] = [];
    for (const field of ['narrative.kid', 'evidence.kid', 'evidenceAdded.body.kid', 'notes.body.kid']) kids.push(...(await this.reports.distinct(field).exec()));
    return kids;
  }

  /** The reports with a sealed field not under `kid`, one at a time. */
  sealedNotUnder(kid: string): AsyncIterable<ReportDoc> {
    return this.reports
      .find({ $or: [{ 'narrative.kid': { $ne: kid, $exists: true } }, { 'evidence.kid': { $ne: kid, $exists: true } }, { 'notes.body.kid': { $ne: kid } }, { 'evidenceAdded.body.kid': { $ne: kid } }] })
      .lean<ReportDoc>()
      .cursor();
  }

  /** Writes re-sealed fields if the report's sealed fields are still as read; true when it changed. */
  async replaceSealed(id: RecordId, read: SealedAsRead, fields: SealedFields): Promise<boolean> {
    const filter: Record<string, unknown> = { _id: id };
    if (read.narrativeCt !== undefined) filter['narrative.ct'] = read.narrativeCt;
    if (read.evidenceCt !== undefined) filter['evidence.ct'] = read.evidenceCt;
    if (read.notes !== undefined) filter['notes'] = { $size: read.notes };
    if (read.evidenceAdded !== undefined) filter['evidenceAdded'] = { $size: read.evidenceAdded };
    const res = await perReport.run(id.toHexString(), () => this.reports.updateOne(filter, { $set: fields }).exec());
    return res.modifiedCount === 1;
  }

  /** Closed reports not yet purged, last updated at or before `now`, one at a time (the retention job's candidates). */
  closedUnpurged(now: Date): AsyncIterable<PurgeCandidate> {
    return this.reports
      .find({ status: 'closed', 'retention.purgedAt': null, updatedAt: { $lte: now } })
      .select({ _id: 1, resolution: 1, retention: 1, statusHistory: 1, updatedAt: 1, accountLinks: 1 })
      .lean<PurgeCandidate[]>()
      .cursor() as AsyncIterable<PurgeCandidate>;
  }

  /** Purged reports whose status history still holds a reason, one at a time. */
  purgedWithReasons(): AsyncIterable<Pick<ReportDoc, '_id' | 'statusHistory'>> {
    return this.reports
      .find({ 'retention.purgedAt': { $ne: null }, 'statusHistory.reason': { $exists: true } })
      .select({ _id: 1, statusHistory: 1 })
      .lean<Pick<ReportDoc, '_id' | 'statusHistory'>[]>()
      .cursor() as AsyncIterable<Pick<ReportDoc, '_id' | 'statusHistory'>>;
  }
}

/** The reports other than `self` on link documents that now list exactly `size` reports. */
function othersWhere(docs: readonly AccountLinkDoc[], self: Types.ObjectId, size: number): Types.ObjectId[] {
  return docs.filter((d) => d.reportIds.length === size).flatMap((d) => d.reportIds.filter((id) => !id.equals(self)));
}
