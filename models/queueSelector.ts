import type { ReportQueueEntryDoc } from './reportQueueEntry';
import type { ReportStatus } from './report';
import type { Category } from '../core/domain/routing';

/**
 * Which queue entries a request selects, said once and read two ways: as a
 * MongoDB filter on the `reportqueue` collection ({@link toMongoFilter}) and
 * as a test on an entry held in memory ({@link matchesSelector}). Both
 * readings must select the same entries: test/dashboard/queue.test.ts runs
 * every queue test against each, and test/dashboard/queueMirror.test.ts
 * compares them on random data.
 */
export interface QueueSelector {
  /** Only entries whose status is open (new, in review, forwarded). */
  open?: true;
  status?: ReportStatus;
  category?: Category;
  /** Only entries routed to this authority (an authority's scope, or the contact centre's filter). */
  authority?: string;
  /** `queueKey` in [gte, lt): one urgency. */
  keyRange?: { gte: string; lt: string };
  /** `createdAt` in [from, to). */
  created?: { from?: Date; to?: Date };
  caseCode?: string;
  /** Only immediate reports not yet passed on (the banner). */
  alert?: true;
  /** Only entries with this situation flag (`selfHarmRisk`, `threatsOfViolence`…). */
  flag?: string;
  /** Only entries with this answer, `<field>:<value>` (`paidOrSent:yes`). */
  answer?: string;
  /** Only entries with a failed notice nobody has acted on yet. */
  noticeFailed?: true;
  /** Only entries that share an account with another report. */
  linked?: true;
}

/** The selector as a filter on `reportqueue`; `after` adds the keyset cursor (`queueKey > after`). */
export function toMongoFilter(s: QueueSelector, after?: string): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (s.open) f.open = true;
  if (s.alert) f.alert = true;
  if (s.status) f.status = s.status;
  if (s.category) f.category = s.category;
  if (s.authority !== undefined) f.authorities = s.authority;
  if (s.caseCode !== undefined) f.caseCode = s.caseCode;
  if (s.flag !== undefined) f.flags = s.flag;
  if (s.answer !== undefined) f.answers = s.answer;
  if (s.noticeFailed) f.noticeFailed = true;
  if (s.linked) f.linked = true;
  if (s.created) {
    const range: Record<string, Date> = {};
    if (s.created.from) range.$gte = s.created.from;
    if (s.created.to) range.$lt = s.created.to;
    f.createdAt = range;
  }
  const key: Record<string, string> = {};
  if (s.keyRange) Object.assign(key, { $gte: s.keyRange.gte, $lt: s.keyRange.lt });
  if (after !== undefined) key.$gt = after;
  if (Object.keys(key).length) f.queueKey = key;
  return f;
}

/** Whether an entry is selected (the in-memory reading of {@link toMongoFilter}; the key range and cursor are the caller's walk). */
export function matchesSelector(s: QueueSelector, e: ReportQueueEntryDoc): boolean {
  if (s.open && !e.open) return false;
  if (s.alert && !e.alert) return false;
  if (s.status && e.status !== s.status) return false;
  if (s.category && e.category !== s.category) return false;
  if (s.authority !== undefined && !e.authorities.includes(s.authority)) return false;
  if (s.caseCode !== undefined && e.caseCode !== s.caseCode) return false;
  if (s.flag !== undefined && !(e.flags ?? []).includes(s.flag)) return false;
  if (s.answer !== undefined && !(e.answers ?? []).includes(s.answer)) return false;
  if (s.noticeFailed && !e.noticeFailed) return false;
  if (s.linked && !e.linked) return false;
  if (s.created?.from && e.createdAt.getTime() < s.created.from.getTime()) return false;
  if (s.created?.to && e.createdAt.getTime() >= s.created.to.getTime()) return false;
  if (s.keyRange && (e.queueKey < s.keyRange.gte || e.queueKey >= s.keyRange.lt)) return false;
  return true;
}
