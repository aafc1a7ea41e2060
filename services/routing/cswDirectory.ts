import Joi from 'joi';
import type { RoutingRegistry } from '../../models/routingRegistry';
import type { AuthorityDef } from '../../core/domain/authorityDef';
import { parseCsv } from './csv';
import type { Municipality } from './municipalities';
import { municipalitySlug } from './municipalitySlug';

/** The columns of the centres-for-social-work directory, in this order. */
export const CSW_COLUMNS = ['municipality', 'name', 'email', 'phone', 'webhook'] as const;

/** One valid directory row, resolved to a municipality. */
export interface CswEntry {
  line: number;
  slug: string;
  name: string;
  email?: string;
  phone?: string;
  webhook?: string;
}

/** A row that was not imported, and why (never silently dropped). */
export interface CswRejection {
  line: number;
  reason: string;
}

const rowSchema = Joi.object({
  municipality: Joi.string().trim().min(2).max(80).required(),
  name: Joi.string().trim().min(3).max(200).required(),
  email: Joi.string().trim().email({ tlds: false }).max(200).empty(''),
  phone: Joi.string().trim().pattern(/^[0-9 +/()-]{3,30}$/).empty(''),
  // The webhook rule (services/notify/webhookUrl.ts); an imported directory is for production: https only.
  webhook: Joi.string().trim().uri({ scheme: ['https'] }).max(500).empty(''),
});

/** Every way a municipality may be written in the directory → its slug. */
function municipalityIndex(municipalities: Municipality[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const m of municipalities) {
    for (const n of [m.slug, m.name, ...(m.aliases ?? [])]) index.set(municipalitySlug(n), m.slug);
  }
  return index;
}

/**
 * Reads the directory CSV (header row `municipality,name,email,phone,webhook`).
 * Rows are validated; a row whose municipality is unknown, repeated or whose
 * fields are invalid is rejected with its line number and reason.
 */
export function parseCswDirectory(
  text: string,
  municipalities: Municipality[],
): { entries: CswEntry[]; rejected: CswRejection[] } {
  const rows = parseCsv(text);
  const header = rows.shift();
  const names = header?.fields.map((h) => h.trim().toLowerCase()) ?? [];
  if (names.join(',') !== CSW_COLUMNS.join(',')) {
    throw new Error(`the first row must be the header ${CSW_COLUMNS.join(',')}`);
  }
  const index = municipalityIndex(municipalities);
  const entries: CswEntry[] = [];
  const rejected: CswRejection[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    if (fields.length !== CSW_COLUMNS.length) {
      rejected.push({ line, reason: `expected ${CSW_COLUMNS.length} columns, found ${fields.length}` });
      continue;
    }
    const raw = Object.fromEntries(CSW_COLUMNS.map((c, i) => [c, fields[i]]));
    const { value, error } = rowSchema.validate(raw, { abortEarly: false });
    if (error) {
      rejected.push({ line, reason: error.details.map((d) => d.message).join('; ') });
      continue;
    }
    const row = value as Omit<CswEntry, 'line' | 'slug'> & { municipality: string };
    const slug = index.get(municipalitySlug(row.municipality));
    if (!slug) {
      rejected.push({ line, reason: `unknown municipality "${row.municipality}" (not in content/geo/municipalities.yaml)` });
      continue;
    }
    const earlier = seen.get(slug);
    if (earlier !== undefined) {
      rejected.push({ line, reason: `municipality ${slug} already given on line ${earlier}` });
      continue;
    }
    seen.set(slug, line);
    const { municipality: _m, ...contact } = row;
    entries.push({ line, slug, ...contact });
  }
  return { entries, rejected };
}

/**
 * Writes directory entries into the registry as `csw-<slug>` authorities
 * (source `import`, so the seed leaves them alone). The entry's name and
 * contact replace the generic ones; an entry with an e-mail or webhook is
 * marked configured. `generic` supplies the rest when the registry was
 * never seeded. Returns how many were created and updated.
 */
export async function importCswDirectory(
  registry: RoutingRegistry,
  entries: CswEntry[],
  generic: (slug: string) => AuthorityDef | undefined,
): Promise<{ inserted: number; updated: number }> {
  await registry.init(['authority']);
  let inserted = 0;
  let updated = 0;
  for (const e of entries) {
    const id = `csw-${e.slug}`;
    const base = generic(e.slug);
    if (!base) throw new Error(`no generic centre for social work for ${e.slug}`);
    const contact = {
      ...(e.email ? { email: e.email } : {}),
      ...(e.phone ? { phone: e.phone } : {}),
      ...(e.webhook ? { webhook: e.webhook } : {}),
      configured: Boolean(e.email || e.webhook),
    };
    if ((await registry.importContact(id, { name: e.name, contact }, base)) === 'inserted') inserted++;
    else updated++;
  }
  return { inserted, updated };
}
