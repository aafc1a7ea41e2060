import type { Connection, Model } from 'mongoose';
import { authorityModel, AuthorityDoc } from '../../models/authority';
import { routingRuleModel, RoutingRuleDoc } from '../../models/routingRule';
import { retryOnDuplicate } from '../../core/duplicateKey';
import { loadRoutingSeed, RoutingSeed, seedHash } from './routingSeed';

/** What one seeding pass did, per collection. */
export interface SeedCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Entries an administrator (or the directory import) changed: left as they are. */
  keptEdited: number;
  /** Seed entries no longer in the files: rules deleted, authorities deactivated. */
  retired: number;
}

export interface SeedResult {
  authorities: SeedCounts;
  rules: SeedCounts;
}

type Provenance = { _id: string; source: string; version: number; seedHash?: string };

/**
 * Writes one collection's seed entries. Idempotent: an entry is inserted if
 * absent, rewritten only if it still comes from the seed and the seed
 * changed, and never touched once an administrator or the import wrote it.
 * Every write is a single-document conditional update, so two seeders (or a
 * seeder and an editor) racing cannot overwrite each other without notice.
 */
async function seedCollection<D extends Provenance>(
  model: Model<D>,
  entries: Array<{ id: string } & object>,
  fileVersion: number,
  retire: 'delete' | 'deactivate',
): Promise<SeedCounts> {
  const counts: SeedCounts = { inserted: 0, updated: 0, unchanged: 0, keptEdited: 0, retired: 0 };
  const existing = new Map(
    (await model.find({}, { _id: 1, source: 1, version: 1, seedHash: 1 }).lean<Provenance[]>()).map((d) => [d._id, d]),
  );
  const now = new Date();
  for (const entry of entries) {
    const { id, ...fields } = entry;
    const hash = seedHash(entry);
    const doc = existing.get(id);
    const stamp = { seedHash: hash, seedVersion: fileVersion, updatedAt: now };
    if (!doc) {
      // Two instances seeding an empty database both upsert: the loser's
      // duplicate key means the other inserted it; once more, it matches.
      const res = await retryOnDuplicate(() => model.updateOne(
        { _id: id },
        { $setOnInsert: { _id: id, ...fields, ...stamp, source: 'seed', version: 1 } },
        { upsert: true },
      ));
      if (res.upsertedCount === 1) counts.inserted++;
      else counts.keptEdited++; // written meanwhile by someone else: theirs stands
    } else if (doc.source !== 'seed') {
      counts.keptEdited++;
    } else if (doc.seedHash === hash) {
      counts.unchanged++;
    } else {
      const res = await model.updateOne(
        { _id: id, source: 'seed', version: doc.version },
        { $set: { ...fields, ...stamp }, $inc: { version: 1 } },
      );
      if (res.modifiedCount === 1) counts.updated++;
      else counts.keptEdited++;
    }
  }
  const ids = entries.map((e) => e.id);
  const stale = { _id: { $nin: ids }, source: 'seed' };
  if (retire === 'delete') {
    counts.retired = (await model.deleteMany(stale)).deletedCount;
  } else {
    counts.retired = (
      await model.updateMany({ ...stale, active: true }, {
        // Forgetting the hash makes the entry be rewritten (and reactivated) if it returns to the seed.
        $set: { active: false, seedHash: 'retired', updatedAt: now },
        $inc: { version: 1 },
      })
    ).modifiedCount;
  }
  return counts;
}

/**
 * Creates the routing collections' indexes and writes the seed (by default
 * the files in content/) into MongoDB. Safe to run on every start or deploy.
 * Authorities that left the seed are deactivated, not deleted, because
 * stored reports may name them.
 */
export async function seedRouting(conn: Connection, seed: RoutingSeed = loadRoutingSeed()): Promise<SeedResult> {
  const authorities = authorityModel(conn);
  const rules = routingRuleModel(conn);
  await authorities.createIndexes();
  await rules.createIndexes();
  return {
    authorities: await seedCollection<AuthorityDoc>(authorities, seed.authorities, seed.version.authorities, 'deactivate'),
    rules: await seedCollection<RoutingRuleDoc>(rules, seed.rules, seed.version.rules, 'delete'),
  };
}
