import type { Connection } from 'mongoose';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import type { ReportCase, NameLookup, ReportView } from '../../services/dashboard/reportCase';
import { reportAcksOn, reportCasesOn } from '../../server/dashboard/dashboardServices';
import type { Viewer } from '../../services/dashboard/reportScope';
import type { StatusChangeRequest } from '../../services/dashboard/statusWorkflow';

/** A contact-centre reviewer (may see notes and messages, and change status). */
export const REVIEWER: Viewer = { userId: 'aaaaaaaaaaaaaaaaaaaaaaaa', role: 'reviewer' };

/** Names as ids: tests assert ids, not display names. */
export const ID_NAMES: NameLookup = {
  staff: (id) => id,
  authority: (id) => id,
  municipality: (slug) => slug,
  platform: (id) => id,
  routing: (entry) => ({ id: entry.authorityId, name: entry.authorityId, reason: entry.reason, reasons: [{ text: entry.reason }] }),
};

/** The staff side of reports as the dashboard builds it (services/dashboard/reportCase.ts). */
export function staffCases(conn: Connection, cipher: FieldCipher, now?: () => Date): ReportCase {
  return reportCasesOn(conn, cipher, reportAcksOn(conn), now);
}

/** A report as a reviewer opens it in the dashboard. */
export function openAsReviewer(conn: Connection, cipher: FieldCipher, reportId: string): Promise<ReportView> {
  return staffCases(conn, cipher).view(REVIEWER, reportId, ID_NAMES);
}

/**
 * Moves a report through workflow steps as a reviewer would, one request
 * each (`reason` defaults to a short workflow word).
 */
export async function moveReport(cases: ReportCase, reportId: string, ...steps: Array<Omit<StatusChangeRequest, 'reason'> & { reason?: string }>): Promise<void> {
  for (const step of steps) await cases.changeStatus(REVIEWER, reportId, { reason: 'test step', ...step }, () => true);
}

/**
 * Brings a report to `to` (`in_review` or `closed`) from whatever status it
 * has, by allowed steps: one step, or two when it is there already (through
 * the other), so the call always writes.
 */
export async function moveReportTo(cases: ReportCase, reportId: string, to: 'in_review' | 'closed'): Promise<void> {
  const from = (await cases.load(REVIEWER, reportId)).status;
  const step = (s: 'in_review' | 'closed') => (s === 'closed' ? { to: s, resolution: 'duplicate' as const } : { to: s });
  if (from === to) await moveReport(cases, reportId, step(to === 'closed' ? 'in_review' : 'closed'));
  await moveReport(cases, reportId, step(to));
}
