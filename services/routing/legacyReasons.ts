import fs from 'node:fs';
import Joi from 'joi';
import YAML from 'yaml';
import { fromRoot } from '../../core/paths';
import type { AuthorityDef } from '../../core/domain/authorityDef';
import type { ReasonRef } from '../../core/domain/routing';

/** content/routing/legacy-reasons.yaml: the English texts reports stored before reasons were keys. */
export const LEGACY_REASONS_FILE = fromRoot('content', 'routing', 'legacy-reasons.yaml');

interface LegacyReason {
  key: string;
  en: string;
}

const fileSchema = Joi.object({
  reasons: Joi.array()
    .items(Joi.object({ key: Joi.string().pattern(/^routing\./).required(), en: Joi.string().min(1).required() }))
    .min(1)
    .required(),
});

let table: LegacyReason[] | undefined;

function legacyTable(): LegacyReason[] {
  if (!table) {
    const { value, error } = fileSchema.validate(YAML.parse(fs.readFileSync(LEGACY_REASONS_FILE, 'utf8')));
    if (error) throw new Error(`${LEGACY_REASONS_FILE}: ${error.message}`);
    table = (value as { reasons: LegacyReason[] }).reasons;
  }
  return table;
}

/**
 * The keys an English reason stored on an old report stands for. Such a
 * reason is the seeded sentences, filled with the authority's English name
 * and area and joined by spaces; it is taken apart sentence by sentence
 * (longest first). Returns undefined when any part is not a seeded sentence —
 * an administrator's own text, or a reason from an unknown version — and the
 * caller then shows the stored text as it is.
 */
export function legacyReasonRefs(stored: string, authority?: AuthorityDef): ReasonRef[] | undefined {
  const fill = (en: string): string =>
    authority ? en.replaceAll('{authority}', authority.name.en).replaceAll('{area}', authority.jurisdiction.area.en) : en;
  const candidates = legacyTable()
    .map((r) => ({ key: r.key, text: fill(r.en) }))
    .filter((c) => !/\{\w+\}/.test(c.text))
    .sort((a, b) => b.text.length - a.text.length);
  const refs: ReasonRef[] = [];
  let rest = stored.trim();
  while (rest) {
    const hit = candidates.find((c) => rest.startsWith(c.text) && (rest.length === c.text.length || rest[c.text.length] === ' '));
    if (!hit) return undefined;
    refs.push({ key: hit.key });
    rest = rest.slice(hit.text.length).trimStart();
  }
  return refs.length > 0 ? refs : undefined;
}
