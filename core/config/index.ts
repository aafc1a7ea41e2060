/**
 * The configuration: one schema (joi) for every environment variable, read
 * once by the composition root (server/main.ts, the CLI entry points) and
 * handed down, each part receiving only its section's settings. The types
 * of the settings are inferred from the schema (core/config/field.ts).
 * .env.example documents every variable (test/core/config.test.ts holds it
 * against the schema).
 */
import Joi from 'joi';
import { ConfigError, type ConfigProblem } from './configError';
import { dashboardSection } from './dashboard';
import { directLineSection } from './directLine';
import type { Field } from './field';
import { nluSection } from './nlu';
import { reportsSection } from './reports';
import { readSection, type SettingsOf } from './section';
import { serverSection } from './server';

export { ConfigError, type ConfigProblem } from './configError';
export { DEFAULT_CARE_CATEGORIES } from './dashboard';

/** Every section, by the name of the part that receives it. */
export const SECTIONS = {
  server: serverSection,
  directLine: directLineSection,
  dashboard: dashboardSection,
  nlu: nluSection,
  reports: reportsSection,
};

export type SectionName = keyof typeof SECTIONS;

/** The whole configuration, one member per section. */
export type Config = { readonly [K in SectionName]: SettingsOf<(typeof SECTIONS)[K]> };

export type ServerConfig = Config['server'];
/** The web channel's settings (the development token key is added by server/directline/tokenKey.ts). */
export type DirectLineSettings = Config['directLine'];
export type DashboardConfig = Config['dashboard'];
export type NluConfig = Config['nlu'];
export type CluConfig = NonNullable<NluConfig['clu']>;
export type LuisConfig = NonNullable<NluConfig['luis']>;
export type ReportConfig = Config['reports'];
type SmtpSettings = NonNullable<ReportConfig['smtp']>;
/** The SMTP transport as the e-mail channel takes it (user and password may be left out, as without SMTP_USER). */
export type SmtpConfig = Omit<SmtpSettings, 'user' | 'password'> & Partial<Pick<SmtpSettings, 'user' | 'password'>>;

/** Every variable of every section, each once (a name two sections read is the same field). */
function allFields(): Record<string, Field<unknown>> {
  const fields: Record<string, Field<unknown>> = {};
  for (const [name, s] of Object.entries(SECTIONS)) {
    for (const [variable, field] of Object.entries<Field<unknown>>(s.vars)) {
      if (fields[variable] && fields[variable] !== field) throw new Error(`core/config: ${variable} is declared twice (section ${name}); declare it once in shared.ts`);
      fields[variable] = field;
    }
  }
  return fields;
}

/** The one schema of the environment: every variable, its rule, secrets marked (`.meta({ secret: true })`). */
export const envSchema: Joi.ObjectSchema = Joi.object(
  Object.fromEntries(Object.entries(allFields()).map(([name, field]) => [name, field.schema])),
).unknown(true);

/** The names of every variable the schema knows. */
export const ENV_VARIABLES: readonly string[] = Object.keys(allFields());

/** Each section's reader (one per section, so each keeps its own types). */
const READERS: { readonly [K in SectionName]: (env: NodeJS.ProcessEnv) => Config[K] } = {
  server: (env) => readSection(serverSection, env),
  directLine: (env) => readSection(directLineSection, env),
  dashboard: (env) => readSection(dashboardSection, env),
  nlu: (env) => readSection(nluSection, env),
  reports: (env) => readSection(reportsSection, env),
};

/** The prefix of an App Service Key Vault reference; the platform replaces it with the secret when it can. */
const KEY_VAULT_REFERENCE = '@Microsoft.KeyVault(';

/**
 * An app setting that still reads "@Microsoft.KeyVault(...)" was not
 * resolved (the secret is missing, or the app's identity may not read it):
 * App Service then passes the reference text itself, which would pass for a
 * secret (a 60-character HMAC key, say). Refused by name instead.
 */
function unresolvedKeyVaultReferences(env: NodeJS.ProcessEnv): ConfigProblem[] {
  return Object.entries(env)
    .filter(([, value]) => value?.startsWith(KEY_VAULT_REFERENCE))
    .map(([variable]) => ({ variable, detail: 'is an unresolved Key Vault reference: create the secret in the vault and let the app\'s identity read it' }));
}

/**
 * Validates the whole environment once and returns every section's
 * settings, or throws one {@link ConfigError} naming every wrong variable
 * (in each section, every wrong value; then the first failed check across
 * variables).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const refs = unresolvedKeyVaultReferences(env);
  if (refs.length > 0) throw new ConfigError(refs);
  const problems: ConfigProblem[] = [];
  const read = <K extends SectionName>(name: K): Config[K] | undefined => {
    try {
      return READERS[name](env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const server = read('server');
  const directLine = read('directLine');
  const dashboard = read('dashboard');
  const nlu = read('nlu');
  const reports = read('reports');
  if (!server || !directLine || !dashboard || !nlu || !reports) throw new ConfigError(problems);
  return { server, directLine, dashboard, nlu, reports };
}

/**
 * One section's settings from `env` (the other sections are not read): for a
 * command that needs only some parts, and for tests of one part.
 */
export function loadSection<K extends SectionName>(name: K, env: NodeJS.ProcessEnv = process.env): Config[K] {
  const refs = unresolvedKeyVaultReferences(env);
  if (refs.length > 0) throw new ConfigError(refs);
  return READERS[name](env);
}
