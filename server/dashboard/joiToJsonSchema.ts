import type Joi from 'joi';

/** A JSON Schema object (the OpenAPI 3.0 dialect). */
export type JsonSchema = Record<string, unknown>;

interface Description {
  type?: string;
  flags?: { presence?: string; only?: boolean; default?: unknown; description?: string };
  allow?: unknown[];
  keys?: Record<string, Description>;
  items?: Description[];
  rules?: Array<{ name: string; args?: Record<string, unknown> }>;
  matches?: Array<{ schema?: Description; then?: Description }>;
  whens?: Array<{ then?: Description; otherwise?: Description }>;
}

/**
 * Converts a joi schema to JSON Schema from `describe()`: enough of joi's
 * vocabulary for the dashboard's shapes (objects, strings with length,
 * pattern and enum, numbers, booleans, dates, arrays).
 */
export function joiToJsonSchema(schema: Joi.Schema): JsonSchema {
  return convert(schema.describe() as Description);
}

function convert(d: Description): JsonSchema {
  const out: JsonSchema = {};
  const rules = d.rules ?? [];
  const arg = (name: string): unknown => rules.find((r) => r.name === name)?.args;
  switch (d.type) {
    case 'object': {
      out.type = 'object';
      if (d.keys) {
        const props: Record<string, JsonSchema> = {};
        const required: string[] = [];
        for (const [k, v] of Object.entries(d.keys)) {
          if (v.flags?.presence === 'forbidden') continue;
          props[k] = convert(v);
          if (v.flags?.presence === 'required') required.push(k);
        }
        out.properties = props;
        if (required.length) out.required = required;
      }
      break;
    }
    case 'string': {
      out.type = 'string';
      const min = arg('min') as { limit?: number } | undefined;
      const max = arg('max') as { limit?: number } | undefined;
      const pattern = arg('pattern') as { regex?: string } | undefined;
      if (min?.limit !== undefined) out.minLength = min.limit;
      if (max?.limit !== undefined) out.maxLength = max.limit;
      if (pattern?.regex) out.pattern = pattern.regex.replace(/^\/|\/[a-z]*$/g, '');
      if (rules.some((r) => r.name === 'email')) out.format = 'email';
      break;
    }
    case 'number': {
      out.type = rules.some((r) => r.name === 'integer') ? 'integer' : 'number';
      const min = arg('min') as { limit?: number } | undefined;
      const max = arg('max') as { limit?: number } | undefined;
      if (min?.limit !== undefined) out.minimum = min.limit;
      if (max?.limit !== undefined) out.maximum = max.limit;
      break;
    }
    case 'boolean':
      out.type = 'boolean';
      break;
    case 'date':
      out.type = 'string';
      out.format = 'date-time';
      break;
    case 'array':
      out.type = 'array';
      out.items = d.items?.[0] ? convert(d.items[0]) : {};
      break;
    case 'alternatives':
      out.oneOf = (d.matches ?? []).map((m) => convert(m.schema ?? m.then ?? {}));
      break;
    default:
      break;
  }
  if (d.flags?.only && d.allow) out.enum = d.allow.filter((v) => v !== null);
  else if (d.allow?.includes(null)) out.nullable = true;
  if (d.flags?.default !== undefined && typeof d.flags.default !== 'function') out.default = d.flags.default;
  if (d.flags?.description) out.description = d.flags.description;
  return out;
}
