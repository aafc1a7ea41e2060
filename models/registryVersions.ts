import type { Connection, Model } from 'mongoose';
import { authorityModel, type DataSource } from './authority';
import { routingRuleModel } from './routingRule';

/** An entry's version (for a conditional edit) and who last wrote it. */
export interface EntryVersion {
  version: number;
  source: DataSource;
}

/** The stored fields every registry document has. */
interface Versioned {
  _id: string;
  version: number;
  source: DataSource;
}

/** Reads each entry's version and provenance (one projection read) of one registry collection. */
async function versionsOf<T extends Versioned>(model: Model<T>): Promise<Map<string, EntryVersion>> {
  const docs = await model.find({}, { _id: 1, version: 1, source: 1 }).lean<Versioned[]>().exec();
  return new Map(docs.map((d) => [d._id, { version: d.version, source: d.source }]));
}

/**
 * The versions and provenance of the authority registry and the routing
 * rules, by id: what the dashboard shows beside each entry and sends back
 * with an edit. The registry's content itself comes from the routing
 * service (which may answer from its cache); this reads only the two
 * bookkeeping fields.
 */
export class RegistryVersions {
  constructor(private readonly conn: Connection) {}

  authorities(): Promise<Map<string, EntryVersion>> {
    return versionsOf(authorityModel(this.conn));
  }

  rules(): Promise<Map<string, EntryVersion>> {
    return versionsOf(routingRuleModel(this.conn));
  }
}
