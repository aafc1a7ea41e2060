import { toRecordId } from '../../models/database';
import type { ReportDoc } from '../../models/report';
import type { ReporterContactDoc } from '../../models/reporterContact';

/**
 * A report ready to insert: anonymised, routed, encrypted, with its case
 * code and passphrase hash. The same object goes to the database or, when
 * the database is down, to the spool — so a spooled report is stored later
 * exactly as it would have been at once.
 */
export interface PreparedReport {
  report: ReportDoc;
  contact?: ReporterContactDoc;
}

/** JSON form for the spool (record ids as hex, dates as ISO strings). */
export function serialisePrepared(p: PreparedReport): string {
  return JSON.stringify(p);
}

const date = (v: unknown): Date => new Date(v as string);
const optDate = (v: unknown): Date | null => (v ? new Date(v as string) : null);

/** Rebuilds a {@link PreparedReport} from {@link serialisePrepared}'s output. */
export function deserialisePrepared(json: string): PreparedReport {
  const raw = JSON.parse(json) as { report: Record<string, unknown> & ReportDoc; contact?: Record<string, unknown> & ReporterContactDoc };
  const r = raw.report;
  const report: ReportDoc = {
    ...r,
    _id: toRecordId(String(r._id)),
    access: { ...r.access, lockedUntil: optDate(r.access.lockedUntil), lastVerifiedAt: optDate(r.access.lastVerifiedAt) },
    statusHistory: r.statusHistory.map((s) => ({ ...s, at: date(s.at) })),
    forwards: r.forwards.map((f) => ({ ...f, at: date(f.at) })),
    notes: r.notes.map((n) => ({ ...n, _id: toRecordId(String(n._id)), at: date(n.at) })),
    retention: { closedAt: optDate(r.retention.closedAt), purgedAt: optDate(r.retention.purgedAt) },
    ...(r.due ? { due: { ...r.due, at: date(r.due.at) } } : {}),
    createdAt: date(r.createdAt),
    updatedAt: date(r.updatedAt),
  };
  const c = raw.contact;
  const contact: ReporterContactDoc | undefined = c
    ? { ...c, _id: toRecordId(String(c._id)), reportId: toRecordId(String(c.reportId)), createdAt: date(c.createdAt) }
    : undefined;
  return { report, contact };
}
