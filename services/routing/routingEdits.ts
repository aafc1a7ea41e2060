import type { Connection } from 'mongoose';
import { authorityModel } from '../../models/authority';
import { routingRuleModel } from '../../models/routingRule';
import type { AuthorityDef } from '../../core/domain/authorityDef';
import type { RoutingRuleDef } from '../../core/domain/ruleDef';
import { authoritySchema, routingRuleSchema } from './routingSchemas';
import { AppError } from '../../core/errors';

/** Raised when an edit is invalid, or was based on a version someone else has changed since. */
export class RoutingEditError extends AppError<'invalid' | 'conflict'> {
  constructor(code: 'invalid' | 'conflict', detail: string) {
    super(code, detail);
  }
}

function check<T>(schema: { validate(v: unknown, o: object): { value: unknown; error?: Error } }, input: unknown): T {
  const { value, error } = schema.validate(input, { abortEarly: false });
  if (error) throw new RoutingEditError('invalid', error.message);
  return value as T;
}

/**
 * Writes an edited entry as the administrator's: from then on the seed leaves
 * it alone. With `expectedVersion`, the write happens only if nobody changed
 * the entry since that version was read; returns the new version.
 */
async function saveAsAdmin(
  conn: Connection,
  which: 'authority' | 'rule',
  def: { id: string } & object,
  expectedVersion?: number,
): Promise<number> {
  const { id, ...fields } = def;
  // One code path for both collections; their documents share the provenance fields.
  const model = (which === 'rule' ? routingRuleModel(conn) : authorityModel(conn)) as unknown as ReturnType<
    typeof routingRuleModel
  >;
  const filter = expectedVersion === undefined ? { _id: id } : { _id: id, version: expectedVersion };
  const update = { $set: { ...fields, source: 'admin', updatedAt: new Date() }, $inc: { version: 1 } };
  if (expectedVersion === undefined) {
    await model.updateOne(filter, update, { upsert: true });
  } else if ((await model.updateOne(filter, update)).matchedCount !== 1) {
    throw new RoutingEditError('conflict', `${which} ${id} changed since version ${expectedVersion}`);
  }
  const saved = await model.findById(id, { version: 1 }).lean<{ version: number }>();
  return saved?.version ?? 1;
}

/** Saves an administrator's rule edit (validated); see {@link saveAsAdmin}. */
export function saveRuleEdit(conn: Connection, rule: RoutingRuleDef, expectedVersion?: number): Promise<number> {
  return saveAsAdmin(conn, 'rule', check<RoutingRuleDef>(routingRuleSchema, rule), expectedVersion);
}

/** Saves an administrator's authority edit (validated); see {@link saveAsAdmin}. */
export function saveAuthorityEdit(conn: Connection, authority: AuthorityDef, expectedVersion?: number): Promise<number> {
  return saveAsAdmin(conn, 'authority', check<AuthorityDef>(authoritySchema, authority), expectedVersion);
}
