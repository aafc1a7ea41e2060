import Joi from 'joi';
import { ConfigError } from '../../server/config';

/** Settings for a LUIS (v3 prediction API) or LUIS-compatible endpoint. */
export interface LuisConfig {
  appId: string;
  /** Protocol and host, e.g. https://westeurope.api.cognitive.microsoft.com */
  endpoint: string;
  key: string;
  /** The published slot: `production` or `staging`. */
  slot: string;
  /** After this long the embedded recognizer answers instead. */
  timeoutMs: number;
}

const REQUIRED = ['LUIS_APP_ID', 'LUIS_ENDPOINT', 'LUIS_KEY'] as const;

/** The LUIS_* variables: the three connection settings all or none, the rest optional. */
export const luisEnvSchema = Joi.object({
  LUIS_APP_ID: Joi.string().trim().pattern(/^[A-Za-z0-9-]+$/).empty(''),
  LUIS_ENDPOINT: Joi.string().trim().uri({ scheme: ['https', 'http'] }).empty(''),
  LUIS_KEY: Joi.string().trim().empty(''),
  LUIS_SLOT: Joi.string().trim().pattern(/^[A-Za-z0-9_-]+$/).empty('').default('production'),
  LUIS_TIMEOUT_MS: Joi.number().integer().min(50).max(30000).empty('').default(1500),
})
  .and(...REQUIRED)
  .unknown(true);

/**
 * Reads the LUIS settings from the environment: undefined when none of
 * LUIS_APP_ID, LUIS_ENDPOINT and LUIS_KEY is set (the embedded recognizer
 * is used), a {@link ConfigError} naming the variable when only some are
 * set or a value is wrong.
 */
export function loadLuisConfig(env: NodeJS.ProcessEnv = process.env): LuisConfig | undefined {
  const { value, error } = luisEnvSchema.validate(env, { abortEarly: true, convert: true });
  if (error) {
    const detail = error.details[0];
    if (detail?.type === 'object.and') {
      const missing = (detail.context?.missing as string[] | undefined)?.[0] ?? 'LUIS_KEY';
      throw new ConfigError(missing, 'LUIS_APP_ID, LUIS_ENDPOINT and LUIS_KEY must be set together');
    }
    throw new ConfigError(String(detail?.context?.key ?? 'LUIS'), detail?.message ?? error.message);
  }
  const v = value as Record<string, unknown>;
  if (v.LUIS_APP_ID === undefined) return undefined;
  return {
    appId: v.LUIS_APP_ID as string,
    endpoint: (v.LUIS_ENDPOINT as string).replace(/\/+$/, ''),
    key: v.LUIS_KEY as string,
    slot: v.LUIS_SLOT as string,
    timeoutMs: v.LUIS_TIMEOUT_MS as number,
  };
}
