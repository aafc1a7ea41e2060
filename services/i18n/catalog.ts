import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { fromRoot } from '../../core/paths';
import { latinToCyrillic } from '../text/transliterate';
import { DEFAULT_LOCALE, Locale } from './locales';

export type Messages = Readonly<Record<string, string>>;
export type Vars = Readonly<Record<string, string | number>>;

/**
 * Reads every `*.yaml` resource of an authored locale folder into one flat
 * map. Nested YAML keys are joined with dots (`welcome.pupil`).
 */
export function loadAuthored(dir: string): Messages {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as unknown;
    flatten(doc, '', out, `${path.basename(dir)}/${file}`);
  }
  return out;
}

function flatten(node: unknown, prefix: string, out: Record<string, string>, source: string): void {
  if (node === null || node === undefined) return;
  if (typeof node === 'string') {
    if (prefix in out) throw new Error(`duplicate resource key ${prefix} in ${source}`);
    out[prefix] = node;
    return;
  }
  if (typeof node === 'object' && !Array.isArray(node)) {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      flatten(v, prefix ? `${prefix}.${k}` : k, out, source);
    }
    return;
  }
  throw new Error(`resource ${prefix} in ${source} must be a string`);
}

/** Serbian is authored once in Latin script; Cyrillic is derived from it. */
export function buildCatalog(root = fromRoot('content', 'locales')): Record<Locale, Messages> {
  const srLatn = loadAuthored(path.join(root, 'sr-Latn'));
  const en = loadAuthored(path.join(root, 'en'));
  const srCyrl: Record<string, string> = {};
  for (const [k, v] of Object.entries(srLatn)) srCyrl[k] = latinToCyrillic(v);
  return { 'sr-Latn': srLatn, 'sr-Cyrl': srCyrl, en };
}

let catalog: Record<Locale, Messages> | undefined;

function current(): Record<Locale, Messages> {
  catalog ??= buildCatalog();
  return catalog;
}

/**
 * Whom a message speaks to. Serbian addresses a child with "ti" and an adult
 * (a teacher, a parent, anyone else) with "Vi"; English mostly needs no
 * difference, but may say something else to an adult.
 */
export type Audience = 'child' | 'adult';

/**
 * A message's adult variant is authored beside it as `<key>@adult`
 * (`reportFlow.intro` and `reportFlow.intro@adult`). A message without one is
 * the same for everyone. Tests and channelData name the base key.
 */
export const ADULT_VARIANT = '@adult';

/** The key to render for `audience`: the adult variant where `locale` has one, else `key`. */
export function variantKey(locale: Locale, key: string, audience: Audience): string {
  return audience === 'adult' && hasKey(locale, key + ADULT_VARIANT) ? key + ADULT_VARIANT : key;
}

/** True when the key exists in the given locale. */
export function hasKey(locale: Locale, key: string): boolean {
  return key in current()[locale];
}

/**
 * The message for `key` in `locale` with `{placeholders}` filled in. A key
 * missing from a locale falls back to the default locale, then to the key
 * itself (the parity test keeps that from happening in a release).
 */
export function t(locale: Locale, key: string, vars: Vars = {}): string {
  const all = current();
  const template = all[locale][key] ?? all[DEFAULT_LOCALE][key] ?? key;
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}
