import { Connection, Model, Schema } from 'mongoose';
import type { AuthorityDef } from '../core/domain/authorityDef';
import { AUTHORITY_KINDS } from '../core/domain/authorityDef';

/** Who last wrote an entry: the seed may only overwrite its own. */
export const DATA_SOURCES = ['seed', 'admin', 'import'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

/** A stored authority: the registry entry plus its provenance. `_id` is the authority id. */
export interface AuthorityDoc extends Omit<AuthorityDef, 'id'> {
  _id: string;
  source: DataSource;
  /** Bumped on every write; an edit can be made conditional on it. */
  version: number;
  /** Fingerprint of the seed entry last written (seed source only). */
  seedHash?: string;
  /** The `version` of authorities.yaml last written. */
  seedVersion?: number;
  updatedAt: Date;
}

const localised = { 'sr-Latn': { type: String, required: true }, en: { type: String, required: true } };

const authoritySchema = new Schema<AuthorityDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: AUTHORITY_KINDS },
    name: localised,
    jurisdiction: {
      scope: { type: String, required: true, enum: ['national', 'region', 'municipality', 'school'] },
      area: localised,
      municipality: { type: String },
      districts: { type: [String], default: undefined },
      municipalities: { type: [String], default: undefined },
    },
    actsOn: localised,
    publicPhone: { type: String },
    website: { type: String },
    contact: {
      email: { type: String },
      webhook: { type: String },
      phone: { type: String },
      configured: { type: Boolean, required: true, default: false },
    },
    active: { type: Boolean, required: true, default: true },
    unconfirmed: { type: Boolean },
    source: { type: String, required: true, enum: DATA_SOURCES },
    version: { type: Number, required: true },
    seedHash: { type: String },
    seedVersion: { type: Number },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'authorities', versionKey: false, _id: false },
);
// Routing resolves a municipality's authority of a kind; the dashboard lists by kind.
authoritySchema.index({ kind: 1, 'jurisdiction.municipality': 1 });
authoritySchema.index({ source: 1 });

/** The authority model bound to a connection. */
export function authorityModel(conn: Connection): Model<AuthorityDoc> {
  return (conn.models.Authority as Model<AuthorityDoc> | undefined) ?? conn.model<AuthorityDoc>('Authority', authoritySchema);
}

/** The routing view of a stored authority: a plain object, provenance dropped. */
export function toAuthorityDef(doc: AuthorityDoc): AuthorityDef {
  const { _id, source: _s, version: _v, seedHash: _h, seedVersion: _sv, updatedAt: _u, ...rest } = doc;
  const def: AuthorityDef = { ...rest, id: _id };
  return JSON.parse(JSON.stringify(def)) as AuthorityDef;
}

/** Every authority, as plain routing objects, in id order. */
export async function listAuthorities(conn: Connection): Promise<AuthorityDef[]> {
  const docs = await authorityModel(conn).find().sort({ _id: 1 }).lean<AuthorityDoc[]>();
  return docs.map(toAuthorityDef);
}
