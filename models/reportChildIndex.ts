import type { Model, QueryFilter, Types } from 'mongoose';
import { forgetFill } from './fillOnce';
import type { Database, DatabaseMode } from './database';
import { ReportChildren, listsFill } from './embedded/reportChildren';
import type { ChildKind } from './reportChildren';

/** A report's id as its documents hold it (an id, or its text for acknowledgements). */
export type ReportKey = Types.ObjectId | string;

/**
 * How the repositories find a report's thread messages, notices and
 * acknowledgements (documents of their own, each with a `reportId`). On the
 * embedded database through the report's lists of ids
 * (models/embedded/reportChildren.ts); on MongoDB and Cosmos DB with one
 * query on `reportId` through the collection's index
 * ({@link ChildrenByReportId}). Chosen by {@link reportChildIndex}.
 */
export interface ReportChildIndex {
  /** Called before a document of a report is stored. */
  add(kind: ChildKind, reportId: ReportKey, childId: Types.ObjectId): Promise<void>;
  /** A report's stored documents of one kind, oldest listed first. */
  read<T>(kind: ChildKind, reportId: ReportKey, model: Model<T>): Promise<T[]>;
  /** Deletes a report's documents of one kind (retention); returns how many went. */
  deleteAll<T>(kind: ChildKind, reportId: ReportKey, model: Model<T>): Promise<number>;
  /** Brings documents stored before this way of reading them in; returns how many. */
  init<T>(kind: ChildKind, model: Model<T>): Promise<number>;
}

/**
 * MongoDB and Cosmos DB: a report's documents are read with one query on
 * `reportId` (each of these collections has an index that begins with it:
 * models/caseMessage.ts, models/notification.ts, models/reportAck.ts), and
 * nothing is written beside them.
 */
export class ChildrenByReportId implements ReportChildIndex {
  constructor(private readonly conn: Database) {}

  async add(): Promise<void> {
    // The document's own `reportId` is its index entry.
  }

  async read<T>(_kind: ChildKind, reportId: ReportKey, model: Model<T>): Promise<T[]> {
    // In `_id` order: the order the ids were made, as the embedded database's lists keep them.
    return model.find({ reportId } as QueryFilter<T>).sort({ _id: 1 }).lean<T[]>().exec();
  }

  async deleteAll<T>(_kind: ChildKind, reportId: ReportKey, model: Model<T>): Promise<number> {
    return (await model.deleteMany({ reportId } as QueryFilter<T>).exec()).deletedCount;
  }

  /**
   * Lists nothing; forgets that the embedded database's fill of this kind
   * ran, so a database later run as an embedded one lists the documents
   * stored meanwhile.
   */
  async init(kind: ChildKind): Promise<number> {
    await forgetFill(this.conn, listsFill(kind));
    return 0;
  }
}

/** The way a repository finds a report's documents on this database. */
export function reportChildIndex(db: Database, mode: DatabaseMode): ReportChildIndex {
  return mode.embedded ? new ReportChildren(db) : new ChildrenByReportId(db);
}
