import { Types } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { ReportAckDoc, reportAckModel } from '../../models/reportAck';
import { ReportChildren } from '../reports/reportChildren';

export type AckState = ReportAckDoc['state'];

/**
 * Acknowledgements by authorities ("received", "acted on"), kept apart from
 * the report and read through the report's list of them (models/reportChildren.ts).
 */
export class ReportAcks {
  private readonly model: Model<ReportAckDoc>;
  private readonly children: ReportChildren;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = reportAckModel(conn);
    this.children = new ReportChildren(conn);
  }

  /** Creates the indexes; lists the acknowledgements stored before lists existed (once). */
  async init(): Promise<void> {
    await this.model.createIndexes();
    await this.children.init('acks', this.model);
  }

  /** Records an acknowledgement once; repeating it is a no-op. */
  async record(reportId: string, authorityId: string, state: AckState, by: string): Promise<void> {
    const _id = new Types.ObjectId();
    await this.children.add('acks', reportId, _id);
    try {
      await this.model.create({ _id, reportId, authorityId, state, at: this.now(), by });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  /** Acknowledgements of a report, oldest first, optionally of one authority only. */
  async list(reportId: string, authorityId?: string): Promise<Array<{ authorityId: string; state: string; at: Date }>> {
    const docs = (await this.children.read('acks', reportId, this.model))
      .filter((d) => !authorityId || d.authorityId === authorityId)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    return docs.map((d) => ({ authorityId: d.authorityId, state: d.state, at: d.at }));
  }
}
