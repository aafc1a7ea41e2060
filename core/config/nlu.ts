import { ConfigError } from './configError';
import { num, str } from './field';
import { allOrNone, section } from './section';

const LUIS_REQUIRED = ['LUIS_APP_ID', 'LUIS_ENDPOINT', 'LUIS_KEY'] as const;
const CLU_REQUIRED = ['CLU_ENDPOINT', 'CLU_PROJECT', 'CLU_DEPLOYMENT', 'CLU_KEY'] as const;
const CLU_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * The cloud recognizer, at most one: Azure AI Language CLU (CLU_*; the four
 * connection settings all or none) or — for a LUIS-compatible endpoint, since
 * Microsoft retired LUIS on 31 March 2026 — LUIS (LUIS_*; the three all or
 * none). Neither: the embedded recognizer alone.
 */
export const nluSection = section(
  {
    CLU_ENDPOINT: str((s) => s.trim().uri({ scheme: ['https', 'http'] }).empty('')),
    CLU_PROJECT: str((s) => s.trim().pattern(CLU_NAME).empty('')),
    CLU_DEPLOYMENT: str((s) => s.trim().pattern(CLU_NAME).empty('')),
    CLU_KEY: str((s) => s.trim().empty('')).secret(),
    CLU_API_VERSION: str((s) => s.trim().pattern(/^\d{4}-\d{2}-\d{2}(-preview)?$/).empty('')).default('2023-04-01'),
    CLU_TIMEOUT_MS: num((n) => n.integer().min(50).max(30000).empty('')).default(1500),
    LUIS_APP_ID: str((s) => s.trim().pattern(/^[A-Za-z0-9-]+$/).empty('')),
    LUIS_ENDPOINT: str((s) => s.trim().uri({ scheme: ['https', 'http'] }).empty('')),
    LUIS_KEY: str((s) => s.trim().empty('')).secret(),
    LUIS_SLOT: str((s) => s.trim().pattern(/^[A-Za-z0-9_-]+$/).empty('')).default('production'),
    LUIS_TIMEOUT_MS: num((n) => n.integer().min(50).max(30000).empty('')).default(1500),
  },
  (v) => {
    allOrNone(v, CLU_REQUIRED, `${CLU_REQUIRED.join(', ')} must be set together`);
    allOrNone(v, LUIS_REQUIRED, 'LUIS_APP_ID, LUIS_ENDPOINT and LUIS_KEY must be set together');
    const clu = v.CLU_ENDPOINT && v.CLU_PROJECT && v.CLU_DEPLOYMENT && v.CLU_KEY
      ? {
          /** The Language resource, e.g. https://bezbedno-lang.cognitiveservices.azure.com */
          endpoint: v.CLU_ENDPOINT.replace(/\/+$/, ''),
          /** The CLU project (created from `npm run nlu:export-clu`). */
          project: v.CLU_PROJECT,
          /** The deployment of the trained model the bot asks. */
          deployment: v.CLU_DEPLOYMENT,
          key: v.CLU_KEY,
          /** The runtime API version (analyze-conversations). */
          apiVersion: v.CLU_API_VERSION,
          /** After this long the embedded recognizer answers instead. */
          timeoutMs: v.CLU_TIMEOUT_MS,
        }
      : undefined;
    const luis = v.LUIS_APP_ID && v.LUIS_ENDPOINT && v.LUIS_KEY
      ? {
          appId: v.LUIS_APP_ID,
          /** Protocol and host, e.g. https://westeurope.api.cognitive.microsoft.com */
          endpoint: v.LUIS_ENDPOINT.replace(/\/+$/, ''),
          key: v.LUIS_KEY,
          /** The published slot: `production` or `staging`. */
          slot: v.LUIS_SLOT,
          /** After this long the embedded recognizer answers instead. */
          timeoutMs: v.LUIS_TIMEOUT_MS,
        }
      : undefined;
    if (clu && luis) throw new ConfigError('LUIS_APP_ID', 'set either CLU_* or LUIS_*, not both (LUIS is retired: use CLU)');
    return { clu, luis };
  },
);
