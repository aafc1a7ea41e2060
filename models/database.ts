import { Types, type Connection } from 'mongoose';

/**
 * The open database, as the layers above models/ hold it: a handle they pass
 * to repository constructors and never query themselves. Only models/ (and
 * the connection code in server/db) know it is a mongoose connection, so a
 * service or a route cannot reach a collection past its repository.
 */
export type Database = Connection;

/**
 * Which database the repositories run on, given once where they are composed
 * (server/index.ts: the server started an embedded FerretDB, or not). On the
 * embedded database the repositories use its accommodations in
 * models/embedded/ (case-code links, report-children lists); on MongoDB and
 * Cosmos DB they use the database's own indexes instead. Where none is
 * given, the embedded database's way is used (correct on both, only slower
 * to write on MongoDB).
 */
export interface DatabaseMode {
  /** The server owns an embedded FerretDB (no MONGODB_URI). */
  embedded: boolean;
}

/** The embedded FerretDB: models/embedded/'s case-code links and report-children lists on. */
export const EMBEDDED_DATABASE: DatabaseMode = Object.freeze({ embedded: true });
/** MongoDB or Cosmos DB: lookups by the report's `caseCode` and by `reportId` through their indexes. */
export const MONGODB_DATABASE: DatabaseMode = Object.freeze({ embedded: false });

/**
 * A stored record's id. Services hold and compare ids, and make new ones
 * for a record they are about to write (a report's id is chosen before it
 * is sealed, so the cipher can bind to it); they never build queries with them.
 */
export type RecordId = Types.ObjectId;

/** A fresh id for a record about to be written. */
export function newRecordId(): RecordId {
  return new Types.ObjectId();
}

/** True when `value` is the text of a record id (24 hexadecimal digits). */
export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value);
}

/** The id for its text (or the same id); throws on text that is not an id — check with {@link isRecordId} first. */
export function toRecordId(value: string | RecordId): RecordId {
  return typeof value === 'string' ? new Types.ObjectId(value) : value;
}

/**
 * Calls `listener` each time the driver reconnects to the database (after
 * an outage); returns what stops it. Lets a composition above models/ react
 * to a reconnect without holding the connection's events.
 */
export function onReconnected(db: Database, listener: () => void): () => void {
  db.on('reconnected', listener);
  return () => {
    db.off('reconnected', listener);
  };
}
