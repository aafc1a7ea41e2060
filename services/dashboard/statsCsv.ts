import type { CountRow, ReportStatistics } from './reportStats';
import { STAT_DIMENSIONS } from './reportStats';
import { suppressDeadlines } from './deadlineStats';

/** Counts below this are never published exactly (small-cell suppression). */
export const SUPPRESS_BELOW = 5;

/** A count as it may be shown: exact from 5 up, `<5` below (0 never appears: empty cells are absent). */
export function suppressed(count: number): number | '<5' {
  return count < SUPPRESS_BELOW ? '<5' : count;
}

/** The statistics with every small count suppressed (what the UI and the CSV show). */
export function suppressStats(s: ReportStatistics): Record<string, unknown> {
  const dims = Object.fromEntries(STAT_DIMENSIONS.map((d) => [d, s[d].map((r: CountRow) => ({ key: r.key, count: suppressed(r.count) }))]));
  const fewReviews = s.firstReview.count < SUPPRESS_BELOW;
  return {
    total: suppressed(s.total),
    ...dims,
    firstReview: fewReviews ? { count: '<5', medianHours: null, p90Hours: null } : s.firstReview,
    deadlines: suppressDeadlines(s.deadlines, SUPPRESS_BELOW),
    repeatAccounts: suppressed(s.repeatAccounts),
  };
}

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
function cell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The CSV export: `dimension,key,count`, one row per cell, counts below 5
 * as `<5`; review times only when at least 5 reports were reviewed.
 */
export function statsCsv(s: ReportStatistics, range: { from?: Date; to?: Date }): string {
  const lines: string[] = ['dimension,key,count'];
  const day = (d?: Date) => (d ? d.toISOString().slice(0, 10) : '');
  lines.push(['period', `${day(range.from)}..${day(range.to)}`, ''].map(cell).join(','));
  lines.push(['total', 'all', suppressed(s.total)].map(cell).join(','));
  for (const d of STAT_DIMENSIONS) {
    const name = d.replace(/^by/, '').replace(/^./, (c) => c.toLowerCase());
    for (const r of s[d]) lines.push([name, r.key, suppressed(r.count)].map(cell).join(','));
  }
  if (s.firstReview.count >= SUPPRESS_BELOW) {
    lines.push(['firstReviewHours', 'median', s.firstReview.medianHours ?? ''].map(cell).join(','));
    lines.push(['firstReviewHours', 'p90', s.firstReview.p90Hours ?? ''].map(cell).join(','));
  }
  lines.push(['firstReviewHours', 'reviewed', suppressed(s.firstReview.count)].map(cell).join(','));
  // Reports with a due time: first review before or after it; medians only when 5 or more stand behind them.
  for (const [key, value] of Object.entries(suppressDeadlines(s.deadlines, SUPPRESS_BELOW))) {
    if (value !== null) lines.push(['deadlines', key, value].map(cell).join(','));
  }
  lines.push(['repeatAccounts', 'accounts', suppressed(s.repeatAccounts)].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
