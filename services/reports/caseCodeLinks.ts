import type { Connection, Model } from 'mongoose';
import { Types } from 'mongoose';
import { caseCodeLinkModel } from '../../models/caseCodeLink';
import type { CaseCodeLinkDoc } from '../../models/caseCodeLink';
import { reportModel } from '../../models/report';
import type { ReportDoc } from '../../models/report';
import { isDuplicateKey } from './dbAvailability';

/** Raised in the astronomically unlikely case that a new case code already exists. */
export class CaseCodeCollisionError extends Error {
  constructor() {
    super('case code already in use');
    this.name = 'CaseCodeCollisionError';
  }
}

/** Bumped when links must be derived again from the reports at the next start. */
const LINKS_VERSION = 1;

/** The `reportcodes` collection (models/caseCodeLink.ts): link, look up, and a one-off fill for reports stored before it existed. */
export class CaseCodeLinks {
  private readonly links: Model<CaseCodeLinkDoc>;

  constructor(private readonly conn: Connection) {
    this.links = caseCodeLinkModel(conn);
  }

  /**
   * Records that `code` belongs to `reportId`. Repeating it is harmless (a
   * retried submission); a code that already belongs to another report
   * throws {@link CaseCodeCollisionError}.
   */
  async link(code: string, reportId: Types.ObjectId): Promise<void> {
    const before = await this.links
      .findOneAndUpdate({ _id: code }, { $setOnInsert: { reportId } }, { upsert: true, returnDocument: 'before' })
      .lean<CaseCodeLinkDoc>()
      .exec()
      .catch((err: unknown) => {
        // Two first writers of one code: the loser reads what the winner wrote.
        if (isDuplicateKey(err)) return this.links.findById(code).lean<CaseCodeLinkDoc>().exec();
        throw err;
      });
    if (before && !before.reportId.equals(reportId)) throw new CaseCodeCollisionError();
  }

  /** The report a code belongs to, or null. */
  async reportIdOf(code: string): Promise<Types.ObjectId | null> {
    const link = await this.links.findById(code).lean<CaseCodeLinkDoc>().exec();
    return link?.reportId ?? null;
  }

  /** Links every report stored before links existed, once per database (recorded, so a restart does not read the reports again). */
  async init(): Promise<number> {
    const meta = this.conn.collection<{ _id: string; version: number; at: Date }>('reportcodes_meta');
    const built = await meta.findOne({ _id: 'built' });
    if (built?.version === LINKS_VERSION) return 0;
    let linked = 0;
    for await (const r of reportModel(this.conn).find({}, { caseCode: 1 }).lean<Pick<ReportDoc, '_id' | 'caseCode'>>().cursor()) {
      await this.link(r.caseCode, new Types.ObjectId(r._id));
      linked++;
    }
    await meta.replaceOne({ _id: 'built' }, { version: LINKS_VERSION, at: new Date() }, { upsert: true });
    return linked;
  }
}
