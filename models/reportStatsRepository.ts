import type { Model, PipelineStage } from 'mongoose';
import type { Database } from './database';
import { reportModel, type ReportDoc } from './report';

/** Reports created in `[from, before)`; either end may be open. */
export interface CreatedRange {
  from?: Date;
  before?: Date;
}

/** The report fields a count can be grouped by; an array field counts each of its values. */
export type StatField = 'category' | 'urgency' | 'victimAge' | 'reporterRole' | 'municipality' | 'platforms' | 'routing.authorityId';

/** The array each grouped field lives in (unwound before grouping, so a report counts once per value). */
const UNWIND: Partial<Record<StatField, string>> = { platforms: 'platforms', 'routing.authorityId': 'routing' };

/** What the statistics read of each report in one pass (two or three small fields each). */
export type StatSource = Pick<ReportDoc, 'createdAt' | 'statusHistory' | 'flags' | 'answers' | 'due' | 'accountLinks'>;

/**
 * The reports as the statistics read them. Only what every supported server
 * runs: `$match`, `$unwind`, `$group` with `$sum`; what needs more (months,
 * review times: FerretDB has no `$month`, `$dateToString` or `$avg`) is
 * computed by the caller over {@link sources}, a cursor that reads a few
 * fields per report.
 */
export class ReportStatsRepository {
  private readonly reports: Model<ReportDoc>;

  constructor(db: Database) {
    this.reports = reportModel(db);
  }

  /** Reports per value of `field` (null or missing as `null`), in no order. */
  async countBy(range: CreatedRange, field: StatField): Promise<Array<{ value: unknown; count: number }>> {
    const pipeline: PipelineStage[] = [{ $match: matchOf(range) }];
    const unwind = UNWIND[field];
    if (unwind) pipeline.push({ $unwind: `$${unwind}` });
    pipeline.push({ $group: { _id: `$${field}`, count: { $sum: 1 } } });
    const rows = await this.reports.aggregate<{ _id: unknown; count: number }>(pipeline).exec();
    return rows.map((r) => ({ value: r._id ?? null, count: r.count }));
  }

  /** Every report of the range, as {@link StatSource}, read in batches. */
  sources(range: CreatedRange): AsyncIterable<StatSource> {
    return this.reports.find(matchOf(range), { createdAt: 1, statusHistory: 1, flags: 1, answers: 1, due: 1, accountLinks: 1 }).lean<StatSource[]>().cursor({ batchSize: 1000 }) as AsyncIterable<StatSource>;
  }
}

function matchOf(range: CreatedRange): Record<string, unknown> {
  const match: Record<string, unknown> = {};
  if (range.from || range.before) {
    const r: Record<string, Date> = {};
    if (range.from) r.$gte = range.from;
    if (range.before) r.$lt = range.before;
    match.createdAt = r;
  }
  return match;
}
