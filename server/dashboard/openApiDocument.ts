import type { ApiRoute } from './apiRoute';
import { joiToJsonSchema, JsonSchema } from './joiToJsonSchema';

const METHOD: Record<ApiRoute['method'], string> = { get: 'get', post: 'post', put: 'put', patch: 'patch', del: 'delete' };

const errorSchema = { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] };

/** `/a/:id/b` → `/a/{id}/b`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/**
 * The OpenAPI 3.0 document, generated from the same route table that mounts
 * the routes: every route appears, with its access rule, CSRF requirement
 * and joi schemas converted to JSON Schema.
 */
export function openApiDocument(routes: readonly ApiRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = (paths[toOpenApiPath(r.path)] ??= {});
    const parameters: JsonSchema[] = [];
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      if (!schema) continue;
      const js = joiToJsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
      }
    }
    const stateChanging = r.method !== 'get';
    const csrf = r.csrf ?? (r.access === 'public' ? 'presession' : 'session');
    if (stateChanging && csrf !== 'none') {
      parameters.push({ name: 'X-CSRF-Token', in: 'header', required: true, schema: { type: 'string' }, description: csrf === 'session' ? 'The session CSRF token (GET /api/dashboard/session).' : 'The pre-login CSRF token (GET /api/dashboard/session), matching the bz_csrf cookie.' });
    }
    const ok: Record<string, unknown> = r.produces
      ? { description: 'A file', content: { [r.produces]: { schema: { type: 'string' } } } }
      : { description: 'Success', content: { 'application/json': { schema: r.response ? joiToJsonSchema(r.response) : { type: 'object' } } } };
    const responses: Record<string, unknown> = { [r.method === 'post' && /\/users$/.test(r.path) ? '201' : '200']: ok, '400': { description: 'Invalid input', content: { 'application/json': { schema: errorSchema } } } };
    if (r.access !== 'public') {
      responses['401'] = { description: 'No session', content: { 'application/json': { schema: errorSchema } } };
      responses['403'] = { description: 'Role not allowed, report outside the authority\'s scope, or CSRF token missing', content: { 'application/json': { schema: errorSchema } } };
    }
    p[METHOD[r.method]] = {
      tags: [r.tag],
      summary: r.summary,
      operationId: `${METHOD[r.method]}${toOpenApiPath(r.path).replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      'x-roles': r.access === 'public' ? ['public'] : [...r.access],
      ...(r.access === 'public' ? { security: [] } : {}),
      parameters,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: joiToJsonSchema(r.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Bezbedno contact-centre dashboard API',
      version: '1.0.0',
      description: 'Session cookie authentication (HttpOnly, SameSite=Strict). Every state-changing request carries X-CSRF-Token. Errors are {code, message}.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bz_session' } } },
    security: [{ session: [] }],
    paths,
  };
}
