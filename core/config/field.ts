import Joi from 'joi';

/**
 * One environment variable: its joi rule and, carried in the type
 * parameter, the TypeScript type of its parsed value. The builders below
 * start from a joi type (string, number, boolean, a list of words) and only
 * `default` removes `undefined`, so the type of a section's values is read
 * off the schema itself rather than written again next to it.
 */
export class Field<T> {
  /** Never set at run time: carries the parsed type for inference. */
  declare readonly parsed: T;

  /**
   * @param schema the joi rule
   * @param isSecret whether templates must take the value from Key Vault or .env and error messages must never echo it
   */
  constructor(readonly schema: Joi.Schema, readonly isSecret = false) {}

  /** The value when the variable is unset (or empty where the rule says `.empty('')`). */
  default(value: NonNullable<T>): Field<NonNullable<T>> {
    return new Field<NonNullable<T>>(this.schema.default(value), this.isSecret);
  }

  /** A secret: templates take it from Key Vault or .env, and a wrong value is never echoed. */
  secret(): Field<T> {
    return new Field<T>(this.schema.meta({ secret: true }), true);
  }

  /** Required when NODE_ENV=production; `why` is the message when it is missing. */
  requiredInProduction(why = 'required in production'): Field<T> {
    return new Field<T>(
      this.schema.when('NODE_ENV', { is: 'production', then: Joi.required() }).messages({ 'any.required': why }),
      this.isSecret,
    );
  }

  /** Required when NODE_ENV=production; elsewhere `value` when unset. */
  requiredInProductionElse(value: NonNullable<T>, why = 'required in production'): Field<NonNullable<T>> {
    return new Field<NonNullable<T>>(
      this.schema
        .when('NODE_ENV', { is: 'production', then: Joi.required(), otherwise: Joi.optional().default(value) })
        .messages({ 'any.required': why }),
      this.isSecret,
    );
  }
}

type Refine<S> = (schema: S) => S;

/** A text variable; `refine` adds joi rules (pattern, uri, hostname, `.empty('')`…). */
export function str(refine: Refine<Joi.StringSchema> = (s) => s): Field<string | undefined> {
  return new Field<string | undefined>(refine(Joi.string()));
}

/** A number variable (converted from its text); `refine` adds joi rules (integer, min, max…). */
export function num(refine: Refine<Joi.NumberSchema> = (n) => n): Field<number | undefined> {
  return new Field<number | undefined>(refine(Joi.number()));
}

/** `true` or `false`. */
export function bool(): Field<boolean | undefined> {
  return new Field<boolean | undefined>(Joi.boolean());
}

/** One of a few words; the type is their union. */
export function oneOf<const W extends readonly string[]>(words: W, refine: Refine<Joi.StringSchema> = (s) => s): Field<W[number] | undefined> {
  return new Field<W[number] | undefined>(refine(Joi.string().valid(...words)));
}

/** Text that matches any one of several string rules (a URL or a path, say). */
export function strEither(...rules: Joi.StringSchema[]): Field<string | undefined> {
  return new Field<string | undefined>(Joi.alternatives().try(...rules));
}
