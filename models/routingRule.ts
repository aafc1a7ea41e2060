import { Connection, Model, Schema } from 'mongoose';
import type { RoutingRuleDef } from '../core/domain/ruleDef';
import { URGENCIES } from '../core/domain/routing';
import { DATA_SOURCES, DataSource } from './authority';

/** A stored routing rule: the rule plus its provenance. `_id` is the rule id. */
export interface RoutingRuleDoc extends Omit<RoutingRuleDef, 'id'> {
  _id: string;
  source: DataSource;
  /** Bumped on every write; an edit can be made conditional on it. */
  version: number;
  seedHash?: string;
  /** The `version` of rules.yaml last written. */
  seedVersion?: number;
  updatedAt: Date;
}

const routingRuleSchema = new Schema<RoutingRuleDoc>(
  {
    _id: { type: String, required: true },
    order: { type: Number, required: true },
    // Conditions, targets and texts (a resource key or sr-Latn and en) are validated
    // by joi (services/routing/routingSchemas.ts) before they are written; here they are opaque.
    description: { type: Schema.Types.Mixed },
    when: { type: Schema.Types.Mixed },
    whenAny: { type: Schema.Types.Mixed },
    add: { type: Schema.Types.Mixed },
    urgency: { type: String, enum: URGENCIES },
    raiseUrgency: { type: Number },
    urgencyReason: { type: Schema.Types.Mixed },
    active: { type: Boolean, required: true, default: true },
    source: { type: String, required: true, enum: DATA_SOURCES },
    version: { type: Number, required: true },
    seedHash: { type: String },
    seedVersion: { type: Number },
    updatedAt: { type: Date, required: true },
  },
  // minimize off: an empty `when` ({}: always applies) must be stored as such.
  { collection: 'routingrules', versionKey: false, _id: false, minimize: false },
);
routingRuleSchema.index({ order: 1 });

/** The routing-rule model bound to a connection. */
export function routingRuleModel(conn: Connection): Model<RoutingRuleDoc> {
  return (
    (conn.models.RoutingRule as Model<RoutingRuleDoc> | undefined) ??
    conn.model<RoutingRuleDoc>('RoutingRule', routingRuleSchema)
  );
}

/** The routing view of a stored rule: a plain object, provenance dropped. */
export function toRuleDef(doc: RoutingRuleDoc): RoutingRuleDef {
  const { _id, source: _s, version: _v, seedHash: _h, seedVersion: _sv, updatedAt: _u, ...rest } = doc;
  // An empty `add` or `when` may come back absent (empty values are not kept by every server).
  const def: RoutingRuleDef = { ...rest, id: _id, when: rest.when ?? {}, add: rest.add ?? [] };
  return JSON.parse(JSON.stringify(def)) as RoutingRuleDef;
}

/** Every rule, as plain routing objects, in evaluation order. */
export async function listRoutingRules(conn: Connection): Promise<RoutingRuleDef[]> {
  const docs = await routingRuleModel(conn).find().sort({ order: 1, _id: 1 }).lean<RoutingRuleDoc[]>();
  return docs.map(toRuleDef);
}
