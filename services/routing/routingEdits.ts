import type { RegistryKind, RoutingRegistry } from '../../models/routingRegistry';
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

/** Throws a conflict when the registry refused the write; the saved version otherwise. */
function saved(which: RegistryKind, id: string, result: number | 'conflict', expectedVersion?: number): number {
  if (result === 'conflict') throw new RoutingEditError('conflict', `${which} ${id} changed since version ${expectedVersion}`);
  return result;
}

/**
 * Saves an administrator's rule edit (validated); from then on the seed
 * leaves it alone. With `expectedVersion`, only if nobody changed the rule
 * since that version was read; returns the new version.
 */
export async function saveRuleEdit(registry: Pick<RoutingRegistry, 'saveAsAdmin'>, rule: RoutingRuleDef, expectedVersion?: number): Promise<number> {
  const valid = check<RoutingRuleDef>(routingRuleSchema, rule);
  return saved('rule', valid.id, await registry.saveAsAdmin('rule', valid, expectedVersion), expectedVersion);
}

/** Saves an administrator's authority edit (validated); see {@link saveRuleEdit}. */
export async function saveAuthorityEdit(registry: Pick<RoutingRegistry, 'saveAsAdmin'>, authority: AuthorityDef, expectedVersion?: number): Promise<number> {
  const valid = check<AuthorityDef>(authoritySchema, authority);
  return saved('authority', valid.id, await registry.saveAsAdmin('authority', valid, expectedVersion), expectedVersion);
}
