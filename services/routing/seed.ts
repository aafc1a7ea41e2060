import type { RoutingRegistry, SeedCounts, SeedEntry } from '../../models/routingRegistry';
import { loadRoutingSeed, RoutingSeed, seedHash } from './routingSeed';

export type { SeedCounts };

export interface SeedResult {
  authorities: SeedCounts;
  rules: SeedCounts;
}

/** Each entry with the fingerprint the registry compares to decide whether the seed changed. */
function hashed(entries: Array<{ id: string } & object>): SeedEntry[] {
  return entries.map((entry) => ({ entry, hash: seedHash(entry) }));
}

/**
 * Creates the routing collections' indexes and writes the seed (by default
 * the files in content/) into the registry (see RoutingRegistry#writeSeed:
 * entries an administrator or the import wrote are kept). Safe to run on every start or deploy.
 * Authorities that left the seed are deactivated, not deleted, because
 * stored reports may name them.
 */
export async function seedRouting(registry: RoutingRegistry, seed: RoutingSeed = loadRoutingSeed()): Promise<SeedResult> {
  await registry.init();
  return {
    authorities: await registry.writeSeed('authority', hashed(seed.authorities), seed.version.authorities, 'deactivate'),
    rules: await registry.writeSeed('rule', hashed(seed.rules), seed.version.rules, 'delete'),
  };
}
