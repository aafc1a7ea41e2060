import { num, str } from './field';

/**
 * Variables more than one section reads. Each is declared once here and the
 * sections name the same field, so the one schema has one rule per variable.
 */
export const shared = {
  /** `production` switches on the production requirements of every section. */
  NODE_ENV: str((s) => s.empty('')).default('development'),
  /** Where the embedded database, development keys and the spool live. */
  DATA_DIR: str().default('.data'),
  /** Servers sharing the database; more than one needs MONGODB_URI and DIRECTLINE_TOKEN_SECRET. */
  INSTANCES: num((n) => n.integer().min(1).max(1000)).default(1),
  /** Proxies of this deployment in front of the server (X-Forwarded-For hops to skip). */
  TRUSTED_PROXY_HOPS: num((n) => n.integer().min(0).max(10)),
};
