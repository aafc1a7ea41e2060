import Joi from 'joi';
import { buildCatalog } from '../../../services/i18n/catalog';
import type { ApiRoute, RouteContext } from '../apiRoute';
import { openApiDocument } from '../openApiDocument';

/** The dashboard's UI strings for one locale: every `dashboard.*` resource key. */
export function dashboardStrings(): Record<string, Record<string, string>> {
  const catalog = buildCatalog();
  const out: Record<string, Record<string, string>> = {};
  for (const [locale, messages] of Object.entries(catalog)) {
    out[locale] = Object.fromEntries(Object.entries(messages).filter(([k]) => k.startsWith('dashboard.')).map(([k, v]) => [k.slice('dashboard.'.length), v]));
  }
  return out;
}

/** UI strings and the OpenAPI document (public: they hold no data). */
export function metaRoutes(allRoutes: () => readonly ApiRoute[]): ApiRoute[] {
  const strings = dashboardStrings();
  return [
    {
      method: 'get',
      path: '/api/dashboard/i18n/:locale',
      tag: 'meta',
      summary: 'The UI strings of the dashboard in one locale (sr-Latn, sr-Cyrl, en).',
      access: 'public',
      params: Joi.object({ locale: Joi.string().valid('sr-Latn', 'sr-Cyrl', 'en').required() }),
      response: Joi.object().unknown(true),
      handler: async (ctx: RouteContext<{ locale: string }>) => ({ json: strings[ctx.params.locale] ?? {} }),
    },
    {
      method: 'get',
      path: '/api/docs/openapi.json',
      tag: 'meta',
      summary: 'This OpenAPI 3 document.',
      access: 'public',
      response: Joi.object().unknown(true),
      handler: async () => ({ json: openApiDocument(allRoutes()) }),
    },
  ];
}
