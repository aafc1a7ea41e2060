import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type Joi from 'joi';
import YAML from 'yaml';
import { envSchema, loadConfig } from '../../core/config';
import { fromRoot } from '../../core/paths';

/**
 * What the deployment templates are held against: the one configuration
 * schema (core/config: every section's variables, joi) and the loader the
 * server starts with. A variable added to the schema is checked here with
 * nothing else to do.
 */
export const SCHEMAS: Record<string, Joi.ObjectSchema> = { environment: envSchema };

/** The server reads its whole configuration with one call (server/main.ts). */
export const LOADERS: ((env: NodeJS.ProcessEnv) => unknown)[] = [loadConfig];

/** Variables a schema requires when NODE_ENV=production (read from the schemas, not listed by hand). */
export function requiredInProduction(): string[] {
  const names = new Set<string>();
  for (const schema of Object.values(SCHEMAS)) {
    const { error } = schema.validate({ NODE_ENV: 'production' }, { abortEarly: false });
    for (const d of error?.details ?? []) if (d.type === 'any.required') names.add(String(d.context?.key));
  }
  return [...names].sort();
}

/** Every variable any schema knows, and those it marks `.meta({ secret: true })`. */
export function knownVariables(): { all: Set<string>; secrets: Set<string> } {
  const all = new Set<string>();
  const secrets = new Set<string>();
  for (const schema of Object.values(SCHEMAS)) {
    const keys = (schema.describe() as { keys?: Record<string, { metas?: { secret?: boolean }[] }> }).keys ?? {};
    for (const [name, d] of Object.entries(keys)) {
      all.add(name);
      if (d.metas?.some((m) => m.secret)) secrets.add(name);
    }
  }
  return { all, secrets };
}

/** A value of the right shape for a secret the template takes from Key Vault or .env. */
export function sampleSecret(name: string): string {
  if (name === 'REPORT_ENCRYPTION_KEYS') return `k1:${randomBytes(32).toString('base64')}`;
  if (name === 'DASHBOARD_TOTP_KEY') return randomBytes(32).toString('base64');
  if (name === 'MONGODB_URI') return 'mongodb+srv://user:password@cluster.example.org/bezbedno?tls=true';
  return randomBytes(32).toString('hex');
}

/** One app setting: its name, its value as written, and whether it is a secret reference. */
export interface Setting {
  name: string;
  /** The source text of the value. */
  raw: string;
  /** Key Vault secret name (Bicep) or .env variable (compose), when the value comes from there. */
  secretRef?: string;
  /** Environment value the setting would have, for the loaders (references → sample secrets). */
  value: string;
}

export interface Template {
  file: string;
  /** Set in every deployment. */
  base: Setting[];
  /** Set only with a feature switched on (SMTP, CLU, …), by block. */
  optional: Record<string, Setting[]>;
}

const read = (rel: string): string => fs.readFileSync(fromRoot(rel), 'utf8');

// ---------------------------------------------------------------- Bicep

/** `var`/`param` literals of a Bicep file, to resolve identifiers used as values. */
function bicepLiterals(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^(?:var|param) (\w+)(?: \w+)? = '([^']*)'$/gm)) out.set(m[1]!, m[2]!);
  for (const m of text.matchAll(/^param (\w+) int = (\d+)$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

/** `@metadata({ example: '…' })` of each parameter: what a switched-on feature is given in the checks. */
function bicepExamples(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let example: string | undefined;
  for (const line of text.split('\n')) {
    const ex = /^@metadata\(\{ example: '([^']*)' \}\)$/.exec(line)?.[1];
    if (ex !== undefined) example = ex;
    const param = /^param (\w+) /.exec(line)?.[1];
    if (param) {
      if (example !== undefined) out.set(param, example);
      example = undefined;
    }
  }
  return out;
}

function bicepValue(raw: string, literals: Map<string, string>): string {
  const lit = /^'(.*)'$/.exec(raw);
  if (lit) {
    // Interpolations: a leading one is the service's base URL; others stand for a word.
    return lit[1]!.replace(/\$\{([^}]*)\}/g, (_m, expr: string, at: number) =>
      literals.has(expr) ? bicepValue(`'${literals.get(expr)!}'`, literals) : at === 0 ? 'https://bezbedno.example.org' : 'example');
  }
  if (/^\w+$/.test(raw) && literals.has(raw)) return literals.get(raw)!;
  const asString = /^string\((\w+)\)$/.exec(raw)?.[1];
  if (asString && literals.has(asString)) return literals.get(asString)!;
  // `cond ? 'a' : 'b'`: the value when the switch is off.
  const ternary = /^.+ \? '[^']*' : '([^']*)'$/.exec(raw)?.[1];
  if (ternary !== undefined) return ternary;
  return 'bicep-expression'; // an id, a tenant, a ternary: some non-empty string at deployment time
}

/** Reads `var <name>Settings = … { NAME: value … }` blocks; `appSettings` is the base block. */
export function readBicep(rel = 'deploy/azure/main.bicep'): Template & { text: string } {
  const text = read(rel);
  const literals = bicepLiterals(text);
  const examples = bicepExamples(text);
  const template: Template & { text: string } = { file: rel, base: [], optional: {}, text };
  for (const block of text.matchAll(/^var (\w*Settings) = ([\s\S]*?)\n\n/gm)) {
    const settings: Setting[] = [];
    for (const line of block[2]!.matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_]*): (.+)$/gm)) {
      const [, name, raw] = line as unknown as [string, string, string];
      const ref = /^kvRef\(keyVaultName, '([a-z0-9-]+)'\)$/.exec(raw)?.[1];
      // In a feature's block, a parameter that is empty by default has its example (the feature is on).
      const value = ref ? sampleSecret(name) : block[1] !== 'appSettings' && examples.has(raw) ? examples.get(raw)! : bicepValue(raw, literals);
      settings.push({ name, raw, secretRef: ref, value });
    }
    if (block[1] === 'appSettings') template.base = settings;
    else if (settings.length) template.optional[block[1]!] = settings;
  }
  return template;
}

// ---------------------------------------------------------------- compose

/** `${NAME:?msg}` (required from .env), `${NAME:-default}` (optional), `${NAME}`. */
const INTERPOLATION = /\$\{(\w+)(?:(:\?|:-)([^}]*))?\}/g;

function composeValue(raw: string, env: Record<string, string>): string {
  return raw.replace(INTERPOLATION, (_m, name: string, op?: string, arg?: string) => {
    if (op === ':?') return sampleSecret(name);
    return env[name] || (op === ':-' ? arg ?? '' : '');
  });
}

/** A .env file's NAME=value lines. */
export function readEnvFile(rel: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of read(rel).matchAll(/^([A-Za-z_]\w*)=(.*)$/gm)) out[m[1]!] = m[2]!.trim();
  return out;
}

export interface ComposeFile {
  services: Record<string, { build?: { context?: string; dockerfile?: string }; image?: string; environment?: Record<string, string | number | boolean>; volumes?: string[] }>;
  volumes?: Record<string, unknown>;
}

/** The compose file (YAML merge keys resolved) and each bot service's settings. */
export function readCompose(rel = 'deploy/docker-compose.yml'): { doc: ComposeFile; bots: Record<string, Template> } {
  const doc = YAML.parse(read(rel), { merge: true }) as ComposeFile;
  const example = readEnvFile('deploy/.env.example');
  const bots: Record<string, Template> = {};
  for (const [name, service] of Object.entries(doc.services)) {
    if (service.build?.dockerfile !== 'deploy/Dockerfile') continue;
    const base = Object.entries(service.environment ?? {}).map(([key, v]) => {
      const raw = String(v);
      const ref = [...raw.matchAll(INTERPOLATION)].find((m) => m[1] === key)?.[1];
      return { name: key, raw, secretRef: ref, value: composeValue(raw, example) };
    });
    bots[name] = { file: `${rel} (${name})`, base, optional: {} };
  }
  return { doc, bots };
}

// ---------------------------------------------------------------- the checks

/** The environment a template gives the server (optional blocks included when asked). */
export function envOf(t: Template, withOptional: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const s of [...t.base, ...(withOptional ? Object.values(t.optional).flat() : [])]) env[s.name] = s.value;
  return env;
}

/**
 * What is wrong with a template, in words (empty = nothing): a variable the
 * schemas require in production that the base settings lack, a secret whose
 * value is not a reference, a variable no schema knows (a typo), and any
 * loader refusing the environment the template gives.
 */
export function problemsOf(t: Template, secretRef: (s: Setting) => boolean): string[] {
  const problems: string[] = [];
  const { all, secrets } = knownVariables();
  const base = new Set(t.base.map((s) => s.name));
  for (const name of requiredInProduction()) if (!base.has(name)) problems.push(`${t.file}: ${name} is required in production but not set`);
  for (const s of [...t.base, ...Object.values(t.optional).flat()]) {
    if (secrets.has(s.name) && !secretRef(s)) problems.push(`${t.file}: ${s.name} is a secret but its value is not a reference (${s.raw})`);
    if (!all.has(s.name) && !PLATFORM_SETTINGS.has(s.name)) problems.push(`${t.file}: ${s.name} is read by no configuration schema`);
  }
  for (const withOptional of [false, true]) {
    for (const load of LOADERS) {
      try {
        load(envOf(t, withOptional));
      } catch (err) {
        problems.push(`${t.file}${withOptional ? ' (all features on)' : ''}: ${(err as Error).message}`);
      }
    }
  }
  return problems;
}

/** Settings read by the hosting platform, not by the app. */
const PLATFORM_SETTINGS = new Set(['WEBSITES_PORT', 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', 'NODE_ENV']);
