import type { Model } from 'mongoose';
import type { AuthorityDef } from '../core/domain/authorityDef';
import type { RoutingRuleDef } from '../core/domain/ruleDef';
import { retryOnDuplicate } from '../core/duplicateKey';
import { authorityModel, listAuthorities, type AuthorityDoc } from './authority';
import type { Database } from './database';
import { listRoutingRules, routingRuleModel } from './routingRule';

/** The two registry collections: authorities and routing rules. */
export type RegistryKind = 'authority' | 'rule';

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

/** One seed entry and the fingerprint of its content (services/routing/routingSeed.ts). */
export interface SeedEntry {
  entry: { id: string } & object;
  hash: string;
}

/** A directory entry for a centre for social work (services/routing/cswDirectory.ts). */
export interface ImportedContact {
  /** The entry's name (sr-Latn); the English name stays the generic one. */
  name: string;
  contact: { email?: string; phone?: string; webhook?: string; configured: boolean };
}

/** The stored fields every registry document has. */
type Provenance = { _id: string; source: string; version: number; seedHash?: string };

/**
 * The routing registry's repository: the authorities and the routing rules,
 * with their provenance (`source`: seed, admin or import) and a version
 * bumped on every write. Every write is a single-document conditional
 * update, so two seeders, or a seeder and an editor, racing cannot
 * overwrite each other without notice. Plain objects in and out.
 */
export class RoutingRegistry {
  private readonly authorities: Model<AuthorityDoc>;

  constructor(private readonly db: Database) {
    this.authorities = authorityModel(db);
  }

  /** Creates the collections' indexes (the connection runs with autoIndex off); by default both. */
  async init(kinds: readonly RegistryKind[] = ['authority', 'rule']): Promise<void> {
    for (const kind of kinds) await this.model(kind).createIndexes();
  }

  /** Every rule in evaluation order and every authority in id order, as plain routing objects. */
  async list(): Promise<{ rules: RoutingRuleDef[]; authorities: AuthorityDef[] }> {
    const [rules, authorities] = await Promise.all([listRoutingRules(this.db), listAuthorities(this.db)]);
    return { rules, authorities };
  }

  /** One stored authority (provenance included), or null. */
  authority(id: string): Promise<AuthorityDoc | null> {
    return this.authorities.findById(id).lean<AuthorityDoc>().exec();
  }

  /**
   * Writes an edited entry as the administrator's: from then on the seed
   * leaves it alone. With `expectedVersion`, the write happens only if
   * nobody changed the entry since that version was read. Returns the new
   * version, or `conflict`.
   */
  async saveAsAdmin(kind: RegistryKind, def: { id: string } & object, expectedVersion?: number): Promise<number | 'conflict'> {
    const { id, ...fields } = def;
    const model = this.model(kind);
    const filter = expectedVersion === undefined ? { _id: id } : { _id: id, version: expectedVersion };
    const update = { $set: { ...fields, source: 'admin', updatedAt: new Date() }, $inc: { version: 1 } };
    if (expectedVersion === undefined) {
      await model.updateOne(filter, update, { upsert: true });
    } else if ((await model.updateOne(filter, update)).matchedCount !== 1) {
      return 'conflict';
    }
    const saved = await model.findById(id, { version: 1 }).lean<{ version: number }>();
    return saved?.version ?? 1;
  }

  /**
   * Writes one collection's seed entries. Idempotent: an entry is inserted if
   * absent, rewritten only if it still comes from the seed and the seed
   * changed (its hash differs), and never touched once an administrator or
   * the import wrote it. Seed entries no longer given are deleted (`delete`)
   * or deactivated (`deactivate`).
   */
  async writeSeed(kind: RegistryKind, entries: SeedEntry[], fileVersion: number, retire: 'delete' | 'deactivate'): Promise<SeedCounts> {
    const model = this.model(kind);
    const counts: SeedCounts = { inserted: 0, updated: 0, unchanged: 0, keptEdited: 0, retired: 0 };
    const existing = new Map(
      (await model.find({}, { _id: 1, source: 1, version: 1, seedHash: 1 }).lean<Provenance[]>()).map((d) => [d._id, d]),
    );
    const now = new Date();
    for (const { entry, hash } of entries) {
      const { id, ...fields } = entry;
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
    const ids = entries.map((e) => e.entry.id);
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
   * Writes an imported directory entry as authority `id` (source `import`,
   * so the seed leaves it alone): its name and contact replace the stored
   * ones; `base` supplies the rest when the entry was never stored.
   */
  async importContact(id: string, imported: ImportedContact, base: AuthorityDef): Promise<'inserted' | 'updated'> {
    const res = await this.authorities.updateOne(
      { _id: id },
      {
        $set: { 'name.sr-Latn': imported.name, contact: imported.contact, source: 'import', updatedAt: new Date() },
        $inc: { version: 1 },
        $setOnInsert: {
          kind: base.kind,
          'name.en': base.name.en,
          jurisdiction: base.jurisdiction,
          actsOn: base.actsOn,
          active: true,
        },
      },
      { upsert: true },
    );
    return res.upsertedCount === 1 ? 'inserted' : 'updated';
  }

  /** One code path for both collections; their documents share the provenance fields. */
  private model(kind: RegistryKind): Model<Provenance> {
    return (kind === 'rule' ? routingRuleModel(this.db) : this.authorities) as unknown as Model<Provenance>;
  }
}
