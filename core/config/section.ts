import Joi from 'joi';
import { ConfigError, type ConfigProblem } from './configError';
import type { Field } from './field';

/** The variables a section reads, by name. */
export type Vars = Record<string, Field<unknown>>;

/** The parsed values of a section's variables, typed from their fields. */
export type Values<V extends Vars> = { readonly [K in keyof V]: V[K]['parsed'] };

/**
 * One part's configuration: the variables it reads (some shared with other
 * sections, the same field object) and how their values become the settings
 * that part receives, with the checks that span several variables (each
 * throws a {@link ConfigError} naming a variable).
 */
export interface Section<V extends Vars, C> {
  readonly vars: V;
  readonly schema: Joi.ObjectSchema;
  readonly build: (values: Values<V>) => C;
}

/** Declares a section; its settings' type is what `build` returns. */
export function section<V extends Vars, C>(vars: V, build: (values: Values<V>) => C): Section<V, C> {
  const keys = Object.fromEntries(Object.entries(vars).map(([name, field]) => [name, field.schema]));
  return { vars, schema: Joi.object(keys).unknown(true), build };
}

/** The settings a section gives. */
export type SettingsOf<S> = S extends { readonly build: (values: never) => infer C } ? C : never;

/**
 * What is wrong with one value, in words. A secret's value is never echoed
 * (joi's own message may quote it, as a pattern mismatch does): only the kind
 * of error is said.
 */
function problemOf(detail: Joi.ValidationErrorItem, vars: Vars): ConfigProblem {
  const variable = String(detail.context?.key ?? detail.path.join('.'));
  const secret = vars[variable]?.isSecret === true;
  return { variable, detail: secret && detail.type !== 'any.required' ? `is not valid (${detail.type})` : detail.message };
}

/**
 * Validates the section's variables in `env` and builds its settings.
 * Every wrong variable of the section is named at once (one ConfigError);
 * the checks across variables run once the values themselves are right.
 */
export function readSection<V extends Vars, C>(s: Section<V, C>, env: NodeJS.ProcessEnv): C {
  const { value, error } = s.schema.validate(env, { abortEarly: false, convert: true });
  if (error) throw new ConfigError(error.details.map((d) => problemOf(d, s.vars)));
  // joi returns `any`; the schema was built from these very fields, so the values have their types.
  const values: Values<V> = value;
  return s.build(values);
}

/** Throws a ConfigError naming the first of `names` that is missing unless all or none are set. */
export function allOrNone(values: Readonly<Record<string, unknown>>, names: readonly string[], detail: string): void {
  const missing = names.filter((n) => values[n] === undefined || values[n] === '');
  if (missing.length > 0 && missing.length < names.length) throw new ConfigError(missing[0]!, detail);
}
