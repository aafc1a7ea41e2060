import type { ReportAckDoc, ReportAckRepository } from '../../models/reportAck';

export type AckState = ReportAckDoc['state'];

/**
 * Acknowledgements by authorities ("received", "acted on"), kept apart from
 * the report (models/reportAck.ts).
 */
export class ReportAcks {
  constructor(private readonly acks: ReportAckRepository, private readonly now: () => Date = () => new Date()) {}

  /** Creates the indexes; on the embedded database lists the acknowledgements stored before lists existed (once). */
  init(): Promise<void> {
    return this.acks.init();
  }

  /** Records an acknowledgement once; repeating it is a no-op. */
  async record(reportId: string, authorityId: string, state: AckState, by: string): Promise<void> {
    await this.acks.record({ reportId, authorityId, state, at: this.now(), by });
  }

  /** Acknowledgements of a report, oldest first, optionally of one authority only. */
  async list(reportId: string, authorityId?: string): Promise<Array<{ authorityId: string; state: string; at: Date }>> {
    const docs = (await this.acks.list(reportId))
      .filter((d) => !authorityId || d.authorityId === authorityId)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    return docs.map((d) => ({ authorityId: d.authorityId, state: d.state, at: d.at }));
  }
}
