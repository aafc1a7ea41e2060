import type { Connection } from 'mongoose';
import { retryOnDuplicate } from '../core/duplicateKey';

/** Where a one-off fill records that it ran: a collection, a document id in it, and the fill's version. */
export interface FillMarker {
  collection: string;
  /** Default `built`. */
  id?: string;
  version: number;
}

/**
 * Runs `fill` once per database: a marker document records that it ran (a
 * restart does not repeat it; a higher version runs it again). Returns what
 * `fill` returned, or `skipped` when it had already run. No TTL index and no
 * transaction: a fill that stops half-way is recorded only when it finished,
 * so the next start runs it again — each fill must be safe to repeat, also
 * while another instance runs the same fill (inserts that meet the other's
 * documents skip them).
 */
export async function fillOnce<T>(conn: Connection, marker: FillMarker, fill: () => Promise<T>, skipped: T): Promise<T> {
  const meta = conn.collection<{ _id: string; version: number; at: Date }>(marker.collection);
  const id = marker.id ?? 'built';
  const built = await meta.findOne({ _id: id });
  if (built?.version === marker.version) return skipped;
  const result = await fill();
  // Another instance starting at the same moment may record the same fill.
  await retryOnDuplicate(() => meta.replaceOne({ _id: id }, { version: marker.version, at: new Date() }, { upsert: true }));
  return result;
}

/** Forgets that a fill ran, so the next {@link fillOnce} with this marker runs it again. */
export async function forgetFill(conn: Connection, marker: FillMarker): Promise<void> {
  await conn.collection<{ _id: string }>(marker.collection).deleteOne({ _id: marker.id ?? 'built' });
}
