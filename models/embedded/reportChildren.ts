/**
 * Why this exists: a report's thread messages, notices and acknowledgements
 * live in collections of their own, and reading one report's is a filter on
 * `reportId` — an index lookup on MongoDB, but on FerretDB 1.24 on SQLite
 * (the embedded database) a read of every message, notice or
 * acknowledgement of every report. So each report keeps the ids of its
 * documents in one list document keyed by the report id
 * (`report_children`, models/reportChildren.ts), and they are read with
 * lookups by `_id`, the only ones the embedded database indexes.
 *
 * What it costs: one more write before each message, notice or
 * acknowledgement is stored (and its updates of one report take turns in the
 * process, as FerretDB applies `$addToSet` as read-modify-write), one read
 * per document when a thread is read instead of one query, and a one-off
 * fill per kind at the first start of a database that has documents from
 * before the lists existed.
 *
 * Used on the embedded database only (DatabaseMode in models/database.ts;
 * models/reportChildIndex.ts picks it when `mode.embedded`). On MongoDB and
 * Cosmos DB the `reportId` indexes answer the same reads in one query
 * (ChildrenByReportId), so no list is written there; the fill's record is
 * forgotten instead, so a database later run as an embedded one lists the
 * documents stored meanwhile.
 */
import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import type { Database } from '../database';
import { reportChildrenModel } from '../reportChildren';
import type { ChildKind, ReportChildrenDoc } from '../reportChildren';
import { KeyedMutex } from '../../core/keyedMutex';
import { fillOnce, type FillMarker } from '../fillOnce';
import { isDuplicateKey } from '../../core/duplicateKey';
import type { ReportChildIndex } from '../reportChildIndex';

/** Bumped when a kind's lists must be derived again from its collection at the next start. */
const LISTS_VERSION = 1;
const FILL_BATCH = 500;
/** Where the fill of one kind records that it ran. */
export const listsFill = (kind: ChildKind): FillMarker => ({ collection: 'report_children_meta', id: kind, version: LISTS_VERSION });

/** One report's lists change one at a time in this process (FerretDB applies an update as read, change, write). */
const perReport = new KeyedMutex();

const keyOf = (reportId: Types.ObjectId | string): string => (typeof reportId === 'string' ? reportId : reportId.toHexString());

/** A report's messages, notices and acknowledgements by id (models/reportChildren.ts). */
export class ReportChildren implements ReportChildIndex {
  private readonly lists: Model<ReportChildrenDoc>;

  constructor(private readonly conn: Database) {
    this.lists = reportChildrenModel(conn);
  }

  /** Lists a document of a report; call it before storing the document. */
  async add(kind: ChildKind, reportId: Types.ObjectId | string, childId: Types.ObjectId): Promise<void> {
    await this.addAll(kind, keyOf(reportId), [childId]);
  }

  private addAll(kind: ChildKind, key: string, ids: Types.ObjectId[]): Promise<unknown> {
    const update = { $addToSet: { [kind]: { $each: ids } } };
    return perReport.run(key, async () => {
      try {
        await this.lists.updateOne({ _id: key }, update, { upsert: true }).exec();
      } catch (err) {
        // Another writer created the document between the upsert's read and its insert.
        if (!isDuplicateKey(err)) throw err;
        await this.lists.updateOne({ _id: key }, update).exec();
      }
    });
  }

  /** The listed documents of a report that exist, in list order. */
  async read<T>(kind: ChildKind, reportId: Types.ObjectId | string, model: Model<T>): Promise<T[]> {
    const list = await this.lists.findById(keyOf(reportId)).lean<ReportChildrenDoc>().exec();
    const docs = await Promise.all((list?.[kind] ?? []).map((id) => model.findById(id).lean<T>().exec()));
    return docs.filter((d): d is NonNullable<typeof d> => d !== null) as T[];
  }

  /** Deletes a report's listed documents of one kind and forgets its list; returns how many went. */
  async deleteAll<T>(kind: ChildKind, reportId: Types.ObjectId | string, model: Model<T>): Promise<number> {
    let deleted = 0;
    for (const id of await this.clear(kind, reportId)) deleted += (await model.deleteOne({ _id: id }).exec()).deletedCount;
    return deleted;
  }

  /** Forgets a report's list of one kind (its documents are deleted by the caller). */
  async clear(kind: ChildKind, reportId: Types.ObjectId | string): Promise<Types.ObjectId[]> {
    const key = keyOf(reportId);
    return perReport.run(key, async () => {
      const before = await this.lists.findOneAndUpdate({ _id: key }, { $set: { [kind]: [] } }, { returnDocument: 'before' }).lean<ReportChildrenDoc>().exec();
      return before?.[kind] ?? [];
    });
  }

  /**
   * Lists the documents of `model` stored before lists existed (each with a
   * `reportId`), once per database and kind (recorded, so a restart does not
   * read them again); returns how many it listed.
   */
  init<T>(kind: ChildKind, model: Model<T>): Promise<number> {
    return fillOnce(this.conn, listsFill(kind), () => this.listAll(kind, model), 0);
  }

  private async listAll<T>(kind: ChildKind, model: Model<T>): Promise<number> {
    const byReport = new Map<string, Types.ObjectId[]>();
    let listed = 0;
    for await (const d of model.find({}, { reportId: 1 }).lean<{ _id: Types.ObjectId; reportId: Types.ObjectId | string }>().cursor() as AsyncIterable<{ _id: Types.ObjectId; reportId: Types.ObjectId | string }>) {
      const key = keyOf(d.reportId);
      const ids = byReport.get(key) ?? [];
      ids.push(new Types.ObjectId(d._id));
      byReport.set(key, ids);
      listed++;
    }
    const entries = [...byReport].map(([_id, ids]) => ({ _id, [kind]: ids }));
    const raw = this.conn.collection<Record<string, unknown> & { _id: string }>(this.lists.collection.collectionName);
    for (let i = 0; i < entries.length; i += FILL_BATCH) {
      const batch = entries.slice(i, i + FILL_BATCH);
      try {
        await raw.insertMany(batch, { ordered: false });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Some reports have a list already (another kind, or one begun since): add the older ids to it.
        for (const e of batch) await this.addAll(kind, e._id, e[kind] as Types.ObjectId[]);
      }
    }
    return listed;
  }
}
