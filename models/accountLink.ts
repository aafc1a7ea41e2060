import { Connection, Model, Schema, Types } from 'mongoose';
import { retryOnDuplicate } from '../core/duplicateKey';
import { KeyedMutex } from '../core/keyedMutex';

/**
 * One account named as evidence, and the reports that name it: keyed by the
 * account's link id — the matching key's id and a keyed hash of the
 * normalised account (services/reports/accountMatcher.ts) — so it holds no
 * name, link or number, and is found by one lookup by `_id` on every
 * database (the embedded one indexes only those).
 */
export interface AccountLinkDoc {
  /** `<key id>:<HMAC-SHA-256, base64url>`. */
  _id: string;
  /** The matching key's id (also the prefix of `_id`): a rotation drops the ids of a retired key. */
  kid: string;
  reportIds: Types.ObjectId[];
  updatedAt: Date;
}

const linkSchema = new Schema<AccountLinkDoc>(
  {
    _id: { type: String, required: true },
    kid: { type: String, required: true },
    reportIds: { type: [Schema.Types.ObjectId], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'accountlinks', versionKey: false, strict: 'throw' },
);

/** The account-link model bound to a connection. */
export function accountLinkModel(conn: Connection): Model<AccountLinkDoc> {
  return (conn.models.AccountLink as Model<AccountLinkDoc> | undefined) ?? conn.model<AccountLinkDoc>('AccountLink', linkSchema);
}

/**
 * One write per link id at a time in this process: FerretDB applies even
 * `$addToSet` as read-modify-write (twenty reports linked at once kept
 * three), and the embedded database's one server is its only writer.
 */
const perLink = new KeyedMutex();

/**
 * The `accountlinks` collection. Every write is one update of one document
 * by `_id` — `$addToSet` with upsert to add a report, `$pull` to remove one,
 * then a delete only while the list is empty — so on MongoDB and Cosmos DB
 * any number of instances can link at once (the `_id` is unique: two first
 * writers of one account meet as a duplicate key, and the loser's retry
 * adds to the winner's document), and on the embedded database, where one
 * server is the only writer and writes of one link id take turns, nothing
 * needs more than a lookup by `_id`.
 */
export class AccountLinkRepository {
  private readonly links: Model<AccountLinkDoc>;
  private readonly meta;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.links = accountLinkModel(conn);
    this.meta = conn.collection<{ _id: string; kids: string[]; at: Date }>('accountlinks_meta');
  }

  /** The matching key ids the links were last derived under (`accountlinks_meta`), or undefined when never. */
  async derivedUnder(): Promise<string[] | undefined> {
    return (await this.meta.findOne({ _id: 'keys' }))?.kids;
  }

  /** Records the matching key ids the links are now derived under. */
  async recordDerivedUnder(kids: readonly string[]): Promise<void> {
    await retryOnDuplicate(() => this.meta.replaceOne({ _id: 'keys' }, { kids: [...kids], at: new Date() }, { upsert: true }));
  }

  /** Lists `reportId` under each link id; returns the documents as they are after the write. */
  async add(linkIds: readonly string[], reportId: Types.ObjectId): Promise<AccountLinkDoc[]> {
    const after: AccountLinkDoc[] = [];
    for (const id of linkIds) {
      const kid = id.slice(0, id.indexOf(':'));
      const doc = await perLink.run(id, () => retryOnDuplicate(() => this.links
        .findOneAndUpdate({ _id: id }, { $addToSet: { reportIds: reportId }, $set: { kid, updatedAt: this.now() } }, { upsert: true, returnDocument: 'after' })
        .lean<AccountLinkDoc>()
        .exec()));
      if (doc) after.push(doc);
    }
    return after;
  }

  /** Takes `reportId` off each link id (one left with no report is deleted); returns the documents as they are after the write. */
  async remove(linkIds: readonly string[], reportId: Types.ObjectId): Promise<AccountLinkDoc[]> {
    const after: AccountLinkDoc[] = [];
    for (const id of linkIds) {
      const doc = await perLink.run(id, async () => {
        const after = await this.links
          .findOneAndUpdate({ _id: id }, { $pull: { reportIds: reportId }, $set: { updatedAt: this.now() } }, { returnDocument: 'after' })
          .lean<AccountLinkDoc>()
          .exec();
        if (after?.reportIds.length === 0) await this.links.deleteOne({ _id: id, reportIds: { $size: 0 } }).exec();
        return after;
      });
      if (!doc) continue;
      after.push(doc);
    }
    return after;
  }

  /** The documents of these link ids (one lookup by `_id` each; missing ones are left out). */
  async read(linkIds: readonly string[]): Promise<AccountLinkDoc[]> {
    const docs = await Promise.all([...new Set(linkIds)].map((id) => this.links.findById(id).lean<AccountLinkDoc>().exec()));
    return docs.filter((d): d is AccountLinkDoc => d !== null);
  }

  /** The ids of every report that shares an account with another (a read of the whole collection: the queue rebuild). */
  async linkedReportIds(): Promise<Set<string>> {
    const linked = new Set<string>();
    for await (const doc of this.links.find({}, { reportIds: 1 }).lean<AccountLinkDoc>().cursor()) {
      if ((doc.reportIds ?? []).length > 1) for (const id of doc.reportIds) linked.add(id.toHexString());
    }
    return linked;
  }

  /** Every document (a repair reads them all). */
  async all(): Promise<AccountLinkDoc[]> {
    return this.links.find({}).lean<AccountLinkDoc[]>().exec();
  }

  /** Link ids under keys that are no longer configured (left after a re-link), deleted. */
  async dropRetired(kids: readonly string[]): Promise<number> {
    return (await this.links.deleteMany({ kid: { $nin: [...kids] } }).exec()).deletedCount;
  }
}

/** True when any of these documents lists a report other than `reportId`. */
export function sharesAccount(docs: readonly AccountLinkDoc[], reportId: Types.ObjectId): boolean {
  return docs.some((d) => d.reportIds.some((id) => !id.equals(reportId)));
}
