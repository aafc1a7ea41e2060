import type { Connection, Model, PipelineStage } from 'mongoose';
import { ReportDoc, reportModel } from '../../models/report';
import { ANSWER_MARKS, answerMarks } from '../../core/domain/reportAnswerSet';
import { loadMunicipalities } from '../routing/municipalities';
import { DeadlineTally, type DeadlineStatistics } from './deadlineStats';

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
}

export const STAT_DIMENSIONS = ['byCategory', 'byMonth', 'byUrgency', 'byPlatform', 'byVictimAge', 'byReporterRole', 'byRegion', 'byAuthority', 'byFlag', 'byAnswer'] as const;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const MONTH = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', year: 'numeric', month: '2-digit' });

/**
 * Statistics for monitoring and public reporting. Only what every supported
 * server runs: `$match`, `$unwind`, `$group` with `$sum`; months and review
 * times (FerretDB has no `$month`, `$dateToString` or `$avg`) are computed
 * here over a cursor that reads two fields per report.
 */
export class ReportStats {
  private readonly model: Model<ReportDoc>;
  private districtOf?: Map<string, string>;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = reportModel(conn);
  }

  async compute(range: { from?: Date; to?: Date } = {}): Promise<ReportStatistics> {
    const match: Record<string, unknown> = {};
    if (range.from || range.to) {
      const r: Record<string, Date> = {};
      if (range.from) r.$gte = range.from;
      if (range.to) r.$lt = new Date(range.to.getTime() + 86_400_000);
      match.createdAt = r;
    }
    const group = async (field: string, unwind?: string): Promise<CountRow[]> => {
      const pipeline: PipelineStage[] = [{ $match: match }];
      if (unwind) pipeline.push({ $unwind: `$${unwind}` });
      pipeline.push({ $group: { _id: `$${field}`, count: { $sum: 1 } } });
      const rows = await this.model.aggregate<{ _id: unknown; count: number }>(pipeline).exec();
      return sortRows(rows.map((r) => ({ key: r._id === null || r._id === undefined ? 'unknown' : String(r._id), count: r.count })));
    };
    const [byCategory, byUrgency, byVictimAge, byReporterRole, byMunicipality, byPlatform, byAuthority] = await Promise.all([
      group('category'),
      group('urgency'),
      group('victimAge'),
      group('reporterRole'),
      group('municipality'),
      group('platforms', 'platforms'),
      group('routing.authorityId', 'routing'),
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
    const cursor = this.model.find(match, { createdAt: 1, statusHistory: 1, flags: 1, answers: 1, due: 1 }).lean<ReportDoc[]>().cursor({ batchSize: 1000 });
    for await (const doc of cursor) {
      total++;
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

/** Answers in asking order (field, then value), so each question's answers stand together. */
function orderAnswers(rows: CountRow[]): CountRow[] {
  const rank = (key: string): number => ANSWER_MARKS.indexOf(key);
  return rows.sort((a, b) => rank(a.key) - rank(b.key));
}

function sortRows(rows: CountRow[]): CountRow[] {
  return rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}
