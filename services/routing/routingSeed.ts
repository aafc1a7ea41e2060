import fs from 'node:fs';
import { createHash } from 'node:crypto';
import Joi from 'joi';
import YAML from 'yaml';
import { fromRoot } from '../../core/paths';
import { AUTHORITY_KINDS, AuthorityDef } from '../../core/domain/authorityDef';
import { loadMunicipalities, MUNICIPALITIES_FILE, Municipality } from './municipalities';
import type { RoutingRuleDef } from '../../core/domain/ruleDef';
import { authoritySchema, localisedTextSchema, routingRuleSchema } from './routingSchemas';
import type { LocalisedText } from '../../core/domain/routing';

/** The routing data as shipped in content/: what the seed writes and the CLI routes with. */
export interface RoutingSeed {
  authorities: AuthorityDef[];
  rules: RoutingRuleDef[];
  /** The `version` of each file, recorded with the seeded documents. */
  version: { authorities: number; rules: number };
}

/** Where the seed files are; tests point these at fixtures. */
export interface RoutingSeedFiles {
  authorities: string;
  rules: string;
  municipalities: string;
}

export const DEFAULT_SEED_FILES: RoutingSeedFiles = {
  authorities: fromRoot('content', 'routing', 'authorities.yaml'),
  rules: fromRoot('content', 'routing', 'rules.yaml'),
  municipalities: MUNICIPALITIES_FILE,
};

const authoritiesFileSchema = Joi.object({
  version: Joi.number().integer().min(1).required(),
  // Municipality lists are derived from districts, never authored.
  authorities: Joi.array()
    .items(authoritySchema.fork(['jurisdiction.municipalities'], (s) => s.forbidden()))
    .min(1)
    .unique('id')
    .required(),
  municipal: Joi.array()
    .items(
      Joi.object({
        idPrefix: Joi.string().pattern(/^[a-z]+-$/).required(),
        kind: Joi.string().valid(...AUTHORITY_KINDS).required(),
        name: localisedTextSchema.required(),
        actsOn: localisedTextSchema.required(),
      }),
    )
    .default([]),
});

const rulesFileSchema = Joi.object({
  version: Joi.number().integer().min(1).required(),
  rules: Joi.array()
    .items(routingRuleSchema.keys({ order: Joi.forbidden() }))
    .min(1)
    .unique('id')
    .required(),
});

interface MunicipalTemplate {
  idPrefix: string;
  kind: AuthorityDef['kind'];
  name: LocalisedText;
  actsOn: LocalisedText;
}

function readYaml(file: string): unknown {
  return YAML.parse(fs.readFileSync(file, 'utf8'));
}

function validated<T>(schema: Joi.Schema, value: unknown, file: string): T {
  const { value: v, error } = schema.validate(value, { abortEarly: true });
  if (error) throw new Error(`${file}: ${error.message}`);
  return v as T;
}

function fill(text: LocalisedText, municipality: string): LocalisedText {
  return {
    'sr-Latn': text['sr-Latn'].replaceAll('{municipality}', municipality),
    en: text.en.replaceAll('{municipality}', municipality),
  };
}

function municipalAuthorities(templates: MunicipalTemplate[], municipalities: Municipality[]): AuthorityDef[] {
  return templates.flatMap((t) =>
    municipalities.map((m) => ({
      id: `${t.idPrefix}${m.slug}`,
      kind: t.kind,
      name: fill(t.name, m.name),
      jurisdiction: {
        scope: 'municipality' as const,
        area: { 'sr-Latn': m.name, en: m.name },
        municipality: m.slug,
      },
      actsOn: t.actsOn,
      contact: { configured: false },
      active: true,
    })),
  );
}

/** Regions are authored as districts; routing needs the municipalities in them. */
function expandRegion(a: AuthorityDef, municipalities: Municipality[], file: string): AuthorityDef {
  if (a.jurisdiction.scope !== 'region') return a;
  const districts = a.jurisdiction.districts ?? [];
  const covered = municipalities.filter((m) => districts.includes(m.district)).map((m) => m.slug);
  const unknown = districts.filter((d) => !municipalities.some((m) => m.district === d));
  if (unknown.length > 0) throw new Error(`${file}: ${a.id} names unknown districts: ${unknown.join(', ')}`);
  return { ...a, jurisdiction: { ...a.jurisdiction, municipalities: covered } };
}

/** Rules may only name authorities and kinds that exist, or a typo would silently route nowhere. */
function checkReferences(rules: RoutingRuleDef[], authorities: AuthorityDef[], file: string): void {
  const ids = new Set(authorities.map((a) => a.id));
  const kinds = new Set(authorities.map((a) => a.kind));
  for (const rule of rules) {
    for (const t of rule.add) {
      const missing = [
        t.authority && !ids.has(t.authority) ? t.authority : undefined,
        t.kind && !kinds.has(t.kind) ? `kind ${t.kind}` : undefined,
        t.otherwise && !ids.has(t.otherwise.authority) ? t.otherwise.authority : undefined,
      ].filter(Boolean);
      if (missing.length > 0) throw new Error(`${file}: rule ${rule.id} names unknown ${missing.join(', ')}`);
    }
  }
}

/**
 * Reads, validates and expands the routing seed: the authority registry (with
 * one generic `csw-<slug>` per municipality and each regional unit's
 * municipalities), and the rules in file order. Throws naming the file.
 */
export function loadRoutingSeed(files: RoutingSeedFiles = DEFAULT_SEED_FILES): RoutingSeed {
  const municipalities = loadMunicipalities(files.municipalities);
  const authFile = validated<{ version: number; authorities: AuthorityDef[]; municipal: MunicipalTemplate[] }>(
    authoritiesFileSchema,
    readYaml(files.authorities),
    files.authorities,
  );
  const rulesFile = validated<{ version: number; rules: Omit<RoutingRuleDef, 'order'>[] }>(
    rulesFileSchema,
    readYaml(files.rules),
    files.rules,
  );
  const authorities = [
    ...authFile.authorities.map((a) => expandRegion(a, municipalities, files.authorities)),
    ...municipalAuthorities(authFile.municipal, municipalities),
  ];
  const duplicate = authorities.find((a, i) => authorities.findIndex((b) => b.id === a.id) !== i);
  if (duplicate) throw new Error(`${files.authorities}: authority id ${duplicate.id} is defined twice`);
  // Gaps of ten leave room for an administrator to insert a rule in between.
  const rules = rulesFile.rules.map((r, i) => ({ ...r, order: (i + 1) * 10 }));
  checkReferences(rules, authorities, files.rules);
  return { authorities, rules, version: { authorities: authFile.version, rules: rulesFile.version } };
}

/** A stable fingerprint of a seed entry, so re-seeding can tell what changed. */
export function seedHash(entry: object): string {
  return createHash('sha256').update(stableJson(entry)).digest('hex').slice(0, 16);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
