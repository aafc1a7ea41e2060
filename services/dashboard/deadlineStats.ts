import type { Due } from '../../core/domain/due';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * Reports with a due time (a blackmailer's deadline, a planned meeting) and
 * how the contact centre met them: time from the report to its first review
 * beside the time the due time allowed. Counts and medians only, nothing of
 * the reports.
 */
export interface DeadlineStatistics {
  /** Reports with a due time. */
  count: number;
  /** First reviewed before the due time, or after it. */
  reviewedBeforeDue: number;
  reviewedAfterDue: number;
  /** Not reviewed yet: the due time has passed, or is still ahead. */
  unreviewedOverdue: number;
  unreviewedPending: number;
  /** Median hours from the report to its first review (reviewed ones). */
  medianHoursToReview: number | null;
  /** Median hours from the report to its due time: the time the case allowed. */
  medianHoursAllowed: number | null;
}

/** What the tally reads of a report. */
export interface DeadlineSource {
  createdAt: Date;
  due?: Due;
  statusHistory?: Array<{ status: string; at: Date; by?: string }>;
}

const HOUR = 3_600_000;
const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/** Counts reports with a due time as the statistics' cursor passes them. */
export class DeadlineTally {
  private readonly s = { count: 0, reviewedBeforeDue: 0, reviewedAfterDue: 0, unreviewedOverdue: 0, unreviewedPending: 0 };
  private readonly toReview: number[] = [];
  private readonly allowed: number[] = [];

  constructor(private readonly now: Date) {}

  add(doc: DeadlineSource): void {
    if (!doc.due) return;
    const created = new Date(doc.createdAt).getTime();
    const due = new Date(doc.due.at).getTime();
    this.s.count++;
    this.allowed.push((due - created) / HOUR);
    // The first review is the first step a reviewer took (the same reading as "time to first review").
    const first = (doc.statusHistory ?? []).find((h) => h.by && h.status !== 'new');
    if (first) {
      const at = new Date(first.at).getTime();
      this.toReview.push((at - created) / HOUR);
      if (at <= due) this.s.reviewedBeforeDue++;
      else this.s.reviewedAfterDue++;
    } else if (this.now.getTime() > due) this.s.unreviewedOverdue++;
    else this.s.unreviewedPending++;
  }

  result(): DeadlineStatistics {
    const med = (v: number[]): number | null => round(percentile([...v].sort((a, b) => a - b), 50));
    return { ...this.s, medianHoursToReview: med(this.toReview), medianHoursAllowed: med(this.allowed) };
  }
}

/** As shown and exported: counts below `below` as `<5`; medians only with at least `below` reports behind each. */
export function suppressDeadlines(d: DeadlineStatistics, below: number): Record<string, number | string | null> {
  const c = (n: number): number | string => (n < below ? `<${below}` : n);
  const reviewed = d.reviewedBeforeDue + d.reviewedAfterDue;
  return {
    count: c(d.count),
    reviewedBeforeDue: c(d.reviewedBeforeDue),
    reviewedAfterDue: c(d.reviewedAfterDue),
    unreviewedOverdue: c(d.unreviewedOverdue),
    unreviewedPending: c(d.unreviewedPending),
    medianHoursToReview: reviewed >= below ? d.medianHoursToReview : null,
    medianHoursAllowed: d.count >= below ? d.medianHoursAllowed : null,
  };
}
