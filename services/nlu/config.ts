import Joi from 'joi';
import { ConfigError } from '../../core/config';

/**
 * Settings for a LUIS (v3 prediction API) or LUIS-compatible endpoint.
 * Microsoft retired LUIS on 31 March 2026; new deployments use CLU ({@link CluConfig}).
 */
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
  LUIS_KEY: Joi.string().trim().empty('').meta({ secret: true }),
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

/** Settings for Azure AI Language Conversational Language Understanding (CLU), the successor of LUIS. */
export interface CluConfig {
  /** The Language resource, e.g. https://bezbedno-lang.cognitiveservices.azure.com */
  endpoint: string;
  /** The CLU project (created from `npm run nlu:export-clu`). */
  project: string;
  /** The deployment of the trained model the bot asks. */
  deployment: string;
  key: string;
  /** The runtime API version (analyze-conversations). */
  apiVersion: string;
  /** After this long the embedded recognizer answers instead. */
  timeoutMs: number;
}

const CLU_REQUIRED = ['CLU_ENDPOINT', 'CLU_PROJECT', 'CLU_DEPLOYMENT', 'CLU_KEY'] as const;
const CLU_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** The CLU_* variables: the four connection settings all or none, the rest optional. */
export const cluEnvSchema = Joi.object({
  CLU_ENDPOINT: Joi.string().trim().uri({ scheme: ['https', 'http'] }).empty(''),
  CLU_PROJECT: Joi.string().trim().pattern(CLU_NAME).empty(''),
  CLU_DEPLOYMENT: Joi.string().trim().pattern(CLU_NAME).empty(''),
  CLU_KEY: Joi.string().trim().empty('').meta({ secret: true }),
  CLU_API_VERSION: Joi.string().trim().pattern(/^\d{4}-\d{2}-\d{2}(-preview)?$/).empty('').default('2023-04-01'),
  CLU_TIMEOUT_MS: Joi.number().integer().min(50).max(30000).empty('').default(1500),
})
  .and(...CLU_REQUIRED)
  .unknown(true);

/**
 * Reads the CLU settings: undefined when none of the four connection
 * variables is set, a {@link ConfigError} naming the variable when only some
 * are or a value is wrong.
 */
export function loadCluConfig(env: NodeJS.ProcessEnv = process.env): CluConfig | undefined {
  const { value, error } = cluEnvSchema.validate(env, { abortEarly: true, convert: true });
  if (error) {
    const detail = error.details[0];
    if (detail?.type === 'object.and') {
      const missing = (detail.context?.missing as string[] | undefined)?.[0] ?? 'CLU_KEY';
      throw new ConfigError(missing, `${CLU_REQUIRED.join(', ')} must be set together`);
    }
    // Never echo the value: CLU_KEY is a secret.
    throw new ConfigError(String(detail?.context?.key ?? 'CLU'), detail?.type ?? 'invalid');
  }
  const v = value as Record<string, unknown>;
  if (v.CLU_ENDPOINT === undefined) return undefined;
  return {
    endpoint: (v.CLU_ENDPOINT as string).replace(/\/+$/, ''),
    project: v.CLU_PROJECT as string,
    deployment: v.CLU_DEPLOYMENT as string,
    key: v.CLU_KEY as string,
    apiVersion: v.CLU_API_VERSION as string,
    timeoutMs: v.CLU_TIMEOUT_MS as number,
  };
}

/** Every NLU environment schema, by recognizer (the deployment templates are held against them). */
export const nluEnvSchemas = { luis: luisEnvSchema, clu: cluEnvSchema };

/** The cloud recognizers configured (at most one). */
export interface NluConfig {
  clu?: CluConfig;
  /** LUIS was retired by Microsoft on 31 March 2026; kept for LUIS-compatible endpoints. */
  luis?: LuisConfig;
}

/** Validates every NLU variable; throws a ConfigError naming the first wrong one, or when both CLU and LUIS are set. */
export function loadNluConfig(env: NodeJS.ProcessEnv = process.env): NluConfig {
  const clu = loadCluConfig(env);
  const luis = loadLuisConfig(env);
  if (clu && luis) throw new ConfigError('LUIS_APP_ID', 'set either CLU_* or LUIS_*, not both (LUIS is retired: use CLU)');
  return { clu, luis };
}
