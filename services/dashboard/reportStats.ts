import type { CreatedRange, ReportStatsRepository, StatField } from '../../models/reportStatsRepository';
import { ANSWER_MARKS, answerMarks } from '../../core/domain/reportAnswerSet';
import { loadMunicipalities } from '../routing/municipalities';
import { DeadlineTally, percentile, type DeadlineStatistics } from './deadlineStats';
import { kidOfLink } from '../reports/accountMatcher';

/** One row of a breakdown. */
export interface CountRow {
  key: string;
  count: number;
}

/** Raw statistics (exact counts; suppression happens when they are shown). */
export interface ReportStatistics {
  total: number;
  byCategory: CountRow[];
  byMonth: CountRow[];
  byUrgency: CountRow[];
  byPlatform: CountRow[];
  byVictimAge: CountRow[];
  byReporterRole: CountRow[];
  byRegion: CountRow[];
  byAuthority: CountRow[];
  /** Reports per situation flag (crisis flags included). */
  byFlag: CountRow[];
  /** Reports per answer, keyed `<field>:<value>` (`paidOrSent:yes`, `victim:self`). */
  byAnswer: CountRow[];
  /** Time from submission to the first step a reviewer took. */
  firstReview: { count: number; medianHours: number | null; p90Hours: number | null };
  /** Reports with a due time: first review before or after it (services/dashboard/deadlineStats.ts). */
  deadlines: DeadlineStatistics;
  /** Accounts (a profile, a link, a number kept as evidence) named in more than one report of the period. */
  repeatAccounts: number;
}

export const STAT_DIMENSIONS = ['byCategory', 'byMonth', 'byUrgency', 'byPlatform', 'byVictimAge', 'byReporterRole', 'byRegion', 'byAuthority', 'byFlag', 'byAnswer'] as const;

const MONTH = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', year: 'numeric', month: '2-digit' });

/**
 * Statistics for monitoring and public reporting: simple counts are grouped
 * by the database (models/reportStatsRepository.ts); months and review
 * times (FerretDB has no `$month`, `$dateToString` or `$avg`) are computed
 * here over a cursor that reads a few fields per report.
 */
export class ReportStats {
  private districtOf?: Map<string, string>;

  constructor(private readonly reports: ReportStatsRepository, private readonly now: () => Date = () => new Date()) {}

  /** Statistics of the reports created from `range.from` to the end of the day `range.to` (either may be left open). */
  async compute(range: { from?: Date; to?: Date } = {}): Promise<ReportStatistics> {
    const created: CreatedRange = { from: range.from, before: range.to ? new Date(range.to.getTime() + 86_400_000) : undefined };
    const group = async (field: StatField): Promise<CountRow[]> => {
      const rows = await this.reports.countBy(created, field);
      return sortRows(rows.map((r) => ({ key: r.value === null || r.value === undefined ? 'unknown' : String(r.value), count: r.count })));
    };
    const [byCategory, byUrgency, byVictimAge, byReporterRole, byMunicipality, byPlatform, byAuthority] = await Promise.all([
      group('category'),
      group('urgency'),
      group('victimAge'),
      group('reporterRole'),
      group('municipality'),
      group('platforms'),
      group('routing.authorityId'),
    ]);

    const months = new Map<string, number>();
    const flags = new Map<string, number>();
    const answers = new Map<string, number>();
    const count = (m: Map<string, number>, key: string): void => {
      m.set(key, (m.get(key) ?? 0) + 1);
    };
    const reviewHours: number[] = [];
    let total = 0;
    // Flags and answers are counted in this one pass too: an answer set is an object, which `$unwind` cannot count.
    const deadlines = new DeadlineTally(this.now());
    // Accounts are counted from the reports' own link ids (keyed hashes), so the period applies to them too.
    const accountReports = new Map<string, number>();
    for await (const doc of this.reports.sources(created)) {
      total++;
      for (const id of new Set(doc.accountLinks ?? [])) count(accountReports, id);
      deadlines.add(doc);
      for (const f of new Set(doc.flags ?? [])) count(flags, f);
      for (const a of answerMarks(doc.answers)) count(answers, a);
      const month = MONTH.format(doc.createdAt).slice(0, 7);
      months.set(month, (months.get(month) ?? 0) + 1);
      const first = (doc.statusHistory ?? []).find((s) => s.by && s.status !== 'new');
      if (first) reviewHours.push((new Date(first.at).getTime() - doc.createdAt.getTime()) / 3_600_000);
    }
    reviewHours.sort((a, b) => a - b);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

    return {
      total,
      byCategory,
      byMonth: [...months.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, count]) => ({ key, count })),
      byUrgency,
      byPlatform,
      byVictimAge,
      byReporterRole,
      byRegion: this.toDistricts(byMunicipality),
      byAuthority,
      byFlag: sortRows([...flags.entries()].map(([key, n]) => ({ key, count: n }))),
      byAnswer: orderAnswers([...answers.entries()].map(([key, n]) => ({ key, count: n }))),
      firstReview: { count: reviewHours.length, medianHours: round(percentile(reviewHours, 50)), p90Hours: round(percentile(reviewHours, 90)) },
      deadlines: deadlines.result(),
      repeatAccounts: repeatAccounts(accountReports),
    };
  }

  /** Municipality counts folded into administrative districts. */
  private toDistricts(rows: CountRow[]): CountRow[] {
    this.districtOf ??= new Map(loadMunicipalities().map((m) => [m.slug, m.district]));
    const out = new Map<string, number>();
    for (const r of rows) {
      const district = r.key === 'unknown' ? 'unknown' : this.districtOf.get(r.key) ?? 'unknown';
      out.set(district, (out.get(district) ?? 0) + r.count);
    }
    return sortRows([...out.entries()].map(([key, count]) => ({ key, count })));
  }
}

/**
 * Accounts named in two reports or more. Each report is linked under every
 * matching key, so each key counts the same accounts; the key that sees the
 * most is taken (after a key is added, the reports stored before it are
 * linked under it at the next start).
 */
function repeatAccounts(reportsPerLink: Map<string, number>): number {
  const perKid = new Map<string, number>();
  for (const [id, n] of reportsPerLink) if (n > 1) perKid.set(kidOfLink(id), (perKid.get(kidOfLink(id)) ?? 0) + 1);
  return Math.max(0, ...perKid.values());
}

/** Answers in asking order (field, then value), so each question's answers stand together. */
function orderAnswers(rows: CountRow[]): CountRow[] {
  const rank = (key: string): number => ANSWER_MARKS.indexOf(key);
  return rows.sort((a, b) => rank(a.key) - rank(b.key));
}

function sortRows(rows: CountRow[]): CountRow[] {
  return rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}
