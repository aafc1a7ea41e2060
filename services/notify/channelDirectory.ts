import type { RoutingRegistry } from '../../models/routingRegistry';

/** Where an authority's notices go; absent channels are not used. */
export interface AuthorityEndpoints {
  webhook?: string;
  email?: string;
}

/**
 * The on-duty channel: fixed endpoints, or a function that reads them when
 * needed (the rota kept in the dashboard, services/notify/rotaService.ts).
 */
export type OnDutyEndpoints = AuthorityEndpoints | (() => Promise<AuthorityEndpoints>);

/** The on-duty endpoints now. */
export function resolveOnDuty(e: OnDutyEndpoints): Promise<AuthorityEndpoints> {
  return typeof e === 'function' ? e() : Promise.resolve(e);
}

/** Resolves an authority id to its configured endpoints (undefined: none configured). */
export type ChannelDirectory = (authorityId: string) => Promise<AuthorityEndpoints | undefined>;

/**
 * Endpoints from the authority registry (models/authority.ts). Only entries
 * marked `configured` are used: the seed ships example.org placeholders, and
 * nothing may be delivered to an address the deploying organisation has not
 * confirmed.
 */
export function registryDirectory(registry: RoutingRegistry): ChannelDirectory {
  return async (authorityId) => {
    const doc = await registry.authority(authorityId);
    if (!doc || !doc.active || !doc.contact?.configured) return undefined;
    const endpoints: AuthorityEndpoints = {};
    if (doc.contact.webhook) endpoints.webhook = doc.contact.webhook;
    if (doc.contact.email) endpoints.email = doc.contact.email;
    return endpoints.webhook || endpoints.email ? endpoints : undefined;
  };
}
