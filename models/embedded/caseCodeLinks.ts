/**
 * Why this exists: the reporter's follow-up finds a report by its case code.
 * On MongoDB that is an index lookup on the report's own `caseCode`, but
 * FerretDB 1.24 on SQLite — the embedded database — reads every report for
 * it; lookups by `_id` are the only ones its launcher indexes
 * (tools/ferretdb/idindex.go). So each code gets a link document keyed by
 * the code itself (`reportcodes`, models/caseCodeLink.ts), written before
 * its report.
 *
 * What it costs: one more write per stored report (an upsert before the
 * report), one more read per follow-up verification, and a one-off fill at
 * the first start of a database that has reports from before links existed.
 *
 * Used on the embedded database only (DatabaseMode in models/database.ts;
 * ReportRepository builds it when `mode.embedded`). On MongoDB and Cosmos
 * DB the unique `caseCode` index of the reports answers the same lookup and
 * refuses a colliding code when the report is inserted (ReportStore turns
 * the duplicate key into CaseCodeCollisionError, and the submitter tries a
 * new code), so no link is written and nothing is filled there; the fill's
 * record is forgotten instead, so a database later run as an embedded one
 * links the reports stored meanwhile.
 */
import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import { caseCodeLinkModel } from '../caseCodeLink';
import type { CaseCodeLinkDoc } from '../caseCodeLink';
import type { Database } from '../database';
import { reportModel } from '../report';
import type { ReportDoc } from '../report';
import { isDuplicateKey } from '../../core/duplicateKey';
import { fillOnce, forgetFill } from '../fillOnce';
import { AppError } from '../../core/errors';

/** Raised in the astronomically unlikely case that a new case code already exists. */
export class CaseCodeCollisionError extends AppError<'CaseCodeCollision'> {
  constructor() {
    super('CaseCodeCollision', 'case code already in use');
  }
}

/** Bumped when links must be derived again from the reports at the next start. */
const LINKS_VERSION = 1;
/** Links inserted per batch by the one-off fill. */
const FILL_BATCH = 500;
/** Where the fill records that it ran. */
const FILL_COLLECTION = 'reportcodes_meta';

/** The `reportcodes` collection (models/caseCodeLink.ts): link, look up, and a one-off fill for reports stored before it existed. */
export class CaseCodeLinks {
  private readonly links: Model<CaseCodeLinkDoc>;

  constructor(private readonly conn: Database) {
    this.links = caseCodeLinkModel(conn);
  }

  /**
   * Records that `code` belongs to `reportId`. Repeating it is harmless (a
   * retried submission); a code that already belongs to another report
   * throws {@link CaseCodeCollisionError}.
   */
  async link(code: string, reportId: Types.ObjectId): Promise<void> {
    const before = await this.links
      .findOneAndUpdate({ _id: code }, { $setOnInsert: { reportId } }, { upsert: true, returnDocument: 'before' })
      .lean<CaseCodeLinkDoc>()
      .exec()
      .catch((err: unknown) => {
        // Two first writers of one code: the loser reads what the winner wrote.
        if (isDuplicateKey(err)) return this.links.findById(code).lean<CaseCodeLinkDoc>().exec();
        throw err;
      });
    if (before && !before.reportId.equals(reportId)) throw new CaseCodeCollisionError();
  }

  /** The report a code belongs to, or null. */
  async reportIdOf(code: string): Promise<Types.ObjectId | null> {
    const link = await this.links.findById(code).lean<CaseCodeLinkDoc>().exec();
    return link?.reportId ?? null;
  }

  /** Links every report stored before links existed, once per database (recorded, so a restart does not read the reports again). */
  init(): Promise<number> {
    return fillOnce(this.conn, { collection: FILL_COLLECTION, version: LINKS_VERSION }, () => this.linkAll(), 0);
  }

  /** Forgets that the fill ran (MongoDB writes reports without links): the next start on the embedded database links them. */
  static async forgetFill(conn: Database): Promise<void> {
    await forgetFill(conn, { collection: FILL_COLLECTION, version: LINKS_VERSION });
  }

  private async linkAll(): Promise<number> {
    let linked = 0;
    let batch: CaseCodeLinkDoc[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length) linked += await this.insertMissing(batch);
      batch = [];
    };
    for await (const r of reportModel(this.conn).find({}, { caseCode: 1 }).lean<Pick<ReportDoc, '_id' | 'caseCode'>>().cursor()) {
      batch.push({ _id: r.caseCode, reportId: new Types.ObjectId(r._id) });
      if (batch.length >= FILL_BATCH) await flush();
    }
    await flush();
    return linked;
  }

  /**
   * Inserts links in one batch; a code that is already linked keeps its link
   * if it names the same report (a submission stored since), and is taken
   * over if it names a report that was never stored (a link written before a
   * store that failed) — a stored report's code always finds it.
   */
  private async insertMissing(batch: CaseCodeLinkDoc[]): Promise<number> {
    try {
      await this.conn.collection<CaseCodeLinkDoc>(this.links.collection.collectionName).insertMany(batch, { ordered: false });
      return batch.length;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    let linked = 0;
    for (const want of batch) {
      const have = await this.links.findById(want._id).lean<CaseCodeLinkDoc>().exec();
      if (!have) {
        await this.link(want._id, want.reportId);
      } else if (!have.reportId.equals(want.reportId)) {
        if (await reportModel(this.conn).exists({ _id: have.reportId })) throw new CaseCodeCollisionError();
        await this.links.replaceOne({ _id: want._id, reportId: have.reportId }, { reportId: want.reportId }).exec();
      }
      linked++;
    }
    return linked;
  }
}
