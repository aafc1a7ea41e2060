import type { Connection, Model } from 'mongoose';
import { ReportAckDoc, reportAckModel } from '../../models/reportAck';

export type AckState = ReportAckDoc['state'];

/** Acknowledgements by authorities ("received", "acted on"), kept apart from the report. */
export class ReportAcks {
  private readonly model: Model<ReportAckDoc>;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = reportAckModel(conn);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Records an acknowledgement once; repeating it is a no-op. */
  async record(reportId: string, authorityId: string, state: AckState, by: string): Promise<void> {
    try {
      await this.model.create({ reportId, authorityId, state, at: this.now(), by });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  /** Acknowledgements of a report, optionally of one authority only. */
  async list(reportId: string, authorityId?: string): Promise<Array<{ authorityId: string; state: string; at: Date }>> {
    const docs = await this.model.find({ reportId, ...(authorityId ? { authorityId } : {}) }).sort({ at: 1 }).lean<ReportAckDoc[]>().exec();
    return docs.map((d) => ({ authorityId: d.authorityId, state: d.state, at: d.at }));
  }
}
