import type { AccountLinkRepository } from '../../models/accountLink';
import type { RecordId } from '../../models/database';
import type { ReportDoc } from '../../models/report';
import type { ReportCaseRepository } from '../../models/reportCaseRepository';
import { kidOfLink } from '../reports/accountMatcher';
import { scopeAuthority, type Viewer } from './reportScope';

/** At most this many linked reports are read and listed in a report view; the count covers all of them. */
export const LINKED_LIST_MAX = 50;

/** Another report naming an account this one names, as a report view links to it. */
export interface LinkedReport {
  id: string;
  caseCode: string;
  status: string;
  urgency: string;
  createdAt: Date;
}

/**
 * What a report view says about the accounts its evidence names: how many
 * of them appear in other reports (`accounts`), in how many other reports
 * (`count`), those the viewer may open (`reports`, oldest first), and how
 * many of the others it may not (`hidden`: an authority sees only reports
 * routed to it, and learns only how many the rest are).
 */
export interface LinkedReports {
  accounts: number;
  count: number;
  reports: LinkedReport[];
  hidden: number;
}

/**
 * The other reports that share an account with `doc` (models/accountLink.ts):
 * one lookup by `_id` per link id of the report, then one per linked report
 * (at most {@link LINKED_LIST_MAX}) for its case code and routing — the
 * viewer's scope is checked on each, as on opening it. A report is linked
 * under every matching key, so accounts are counted under the key that
 * sees most of them (the same account under two keys counts once).
 */
export async function linkedReportsOf(
  stores: { links: AccountLinkRepository; reports: ReportCaseRepository },
  viewer: Viewer,
  doc: Pick<ReportDoc, '_id' | 'accountLinks'>,
): Promise<LinkedReports> {
  const none: LinkedReports = { accounts: 0, count: 0, reports: [], hidden: 0 };
  if (!doc.accountLinks?.length) return none;
  const docs = await stores.links.read(doc.accountLinks);
  const others = new Map<string, RecordId>();
  const sharedPerKid = new Map<string, number>();
  for (const d of docs) {
    const mine = d.reportIds.filter((id) => !id.equals(doc._id));
    if (mine.length === 0) continue;
    sharedPerKid.set(kidOfLink(d._id), (sharedPerKid.get(kidOfLink(d._id)) ?? 0) + 1);
    for (const id of mine) others.set(id.toHexString(), id);
  }
  if (others.size === 0) return none;
  const ids = [...others.values()].sort((a, b) => (a.toHexString() < b.toHexString() ? -1 : 1)).slice(0, LINKED_LIST_MAX);
  const found = await stores.reports.summaries(ids);
  const scope = scopeAuthority(viewer);
  const visible = found
    .filter((r) => scope === undefined || (r.routing ?? []).some((x) => x.authorityId === scope))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((r) => ({ id: r._id.toHexString(), caseCode: r.caseCode, status: r.status, urgency: r.urgency, createdAt: r.createdAt }));
  return { accounts: Math.max(...sharedPerKid.values()), count: others.size, reports: visible, hidden: others.size - visible.length };
}
