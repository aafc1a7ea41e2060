import { Connection, Model, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import { EMBEDDED_DATABASE, type Database, type DatabaseMode } from './database';
import { reportChildIndex, type ReportChildIndex } from './reportChildIndex';

/** An authority's acknowledgement of a report routed to it: received, then acted on. */
export interface ReportAckDoc {
  reportId: string;
  authorityId: string;
  state: 'received' | 'acted';
  at: Date;
  by: string;
}

const reportAckSchema = new Schema<ReportAckDoc>(
  {
    reportId: { type: String, required: true },
    authorityId: { type: String, required: true },
    state: { type: String, required: true, enum: ['received', 'acted'] },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  { collection: 'reportacks', versionKey: false },
);
// One row per report, authority and state: acknowledging twice changes nothing.
reportAckSchema.index({ reportId: 1, authorityId: 1, state: 1 }, { unique: true });

/** The acknowledgement model bound to a connection. */
export function reportAckModel(conn: Connection): Model<ReportAckDoc> {
  return (conn.models.ReportAck as Model<ReportAckDoc> | undefined) ?? conn.model<ReportAckDoc>('ReportAck', reportAckSchema);
}

/**
 * Acknowledgements, kept apart from the report and read, on the embedded
 * database, through the report's list of them
 * (models/embedded/reportChildren.ts: an id is listed before its
 * acknowledgement is stored), on MongoDB by the `reportId` index (`mode`,
 * models/reportChildIndex.ts).
 */
export class ReportAckRepository {
  private readonly acks: Model<ReportAckDoc>;
  private readonly children: ReportChildIndex;

  constructor(db: Database, mode: DatabaseMode = EMBEDDED_DATABASE) {
    this.acks = reportAckModel(db);
    this.children = reportChildIndex(db, mode);
  }

  /** Creates the indexes; lists the acknowledgements stored before lists existed (once). */
  async init(): Promise<void> {
    await this.acks.createIndexes();
    await this.children.init('acks', this.acks);
  }

  /** Stores an acknowledgement once: one of the same report, authority and state already stored leaves it as it was. */
  async record(ack: ReportAckDoc): Promise<void> {
    const _id = new Types.ObjectId();
    await this.children.add('acks', ack.reportId, _id);
    try {
      await this.acks.create({ _id, ...ack });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** A report's acknowledgements, oldest listed first. */
  list(reportId: string): Promise<ReportAckDoc[]> {
    return this.children.read('acks', reportId, this.acks);
  }
}
