import fs from 'node:fs';
import YAML from 'yaml';
import Joi from 'joi';
import { fromRoot } from '../../core/paths';
import { latinToCyrillic } from '../text/transliterate';
import { Locale } from '../i18n/locales';
import { RedactionType } from './types';

const TYPES: readonly RedactionType[] = [
  'name', 'phone', 'email', 'jmbg', 'address', 'school', 'birthdate', 'ip', 'iban', 'card', 'handle', 'url',
];

const words = Joi.object(Object.fromEntries(TYPES.map((t) => [t, Joi.string().min(1).required()])));
const schema = Joi.object({
  'sr-Latn': words.required(),
  en: words.required(),
  'sr-Cyrl': Joi.object(Object.fromEntries(TYPES.map((t) => [t, Joi.string().min(1)]))).default({}),
});

type Table = Record<Locale, Record<RedactionType, string>>;

let table: Table | undefined;

function load(): Table {
  const doc = YAML.parse(fs.readFileSync(fromRoot('content', 'anonymise', 'placeholders.yaml'), 'utf8')) as unknown;
  const { error, value } = schema.validate(doc);
  if (error) throw new Error(`content/anonymise/placeholders.yaml: ${error.message}`);
  const v = value as { 'sr-Latn': Record<RedactionType, string>; en: Record<RedactionType, string>; 'sr-Cyrl': Partial<Record<RedactionType, string>> };
  const cyrl = Object.fromEntries(TYPES.map((t) => [t, v['sr-Cyrl'][t] ?? latinToCyrillic(v['sr-Latn'][t])])) as Record<RedactionType, string>;
  return { 'sr-Latn': v['sr-Latn'], 'sr-Cyrl': cyrl, en: v.en };
}

/** The bracketed placeholder for a redaction type in a locale: `[ime]`, `[име]`, `[name]`. */
export function placeholder(type: RedactionType, locale: Locale): string {
  table ??= load();
  return `[${table[locale][type]}]`;
}
