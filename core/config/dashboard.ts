import { CATEGORIES, type Category } from '../domain/routing';
import { ConfigError } from './configError';
import { bool, num, oneOf, str } from './field';
import { section } from './section';
import { shared } from './shared';

/** The categories collapsed and counted by default: child sexual abuse material, sextortion, intimate images of a minor, grooming. */
export const DEFAULT_CARE_CATEGORIES: readonly Category[] = ['csam', 'sextortion', 'nudes', 'grooming'];

const isCategory = (c: string): c is Category => (CATEGORIES as readonly string[]).includes(c);

/** The validated DASHBOARD_CARE_CATEGORIES as a list, each once. */
function careCategories(value: string): Category[] {
  return value === 'none' ? [] : [...new Set(value.split(',').map((c) => c.trim()).filter(isCategory))];
}

/** The contact-centre dashboard. */
export const dashboardSection = section(
  {
    TRUSTED_PROXY_HOPS: shared.TRUSTED_PROXY_HOPS,
    DASHBOARD_ENABLED: bool().default(true),
    DASHBOARD_SECURE_COOKIES: bool().default(false),
    // Deprecated: true = one proxy hop (TRUSTED_PROXY_HOPS=1).
    DASHBOARD_TRUST_PROXY: bool().default(false),
    DASHBOARD_SESSION_IDLE_MINUTES: num((n) => n.positive().max(24 * 60)).default(30),
    DASHBOARD_SESSION_ABSOLUTE_HOURS: num((n) => n.positive().max(7 * 24)).default(10),
    DASHBOARD_SESSION_SWEEP_MINUTES: num((n) => n.positive().max(24 * 60)).default(5),
    DASHBOARD_LOCKOUT_THRESHOLD: num((n) => n.integer().min(2).max(100)).default(10),
    DASHBOARD_LOCKOUT_MINUTES: num((n) => n.positive().max(24 * 60)).default(15),
    DASHBOARD_CLIENT_MAX_FAILURES: num((n) => n.integer().min(1).max(10_000)).default(100),
    DASHBOARD_PAIR_MAX_FAILURES: num((n) => n.integer().min(1).max(100)).default(5),
    DASHBOARD_CLIENT_WINDOW_MINUTES: num((n) => n.positive().max(24 * 60)).default(15),
    DASHBOARD_ARGON_MEMORY_KIB: num((n) => n.integer().min(1024).max(1024 * 1024)).default(19456),
    DASHBOARD_ARGON_TIME_COST: num((n) => n.integer().min(1).max(20)).default(2),
    DASHBOARD_TOTP_KEY: str((s) => s.base64().length(44).empty('')).secret(),
    DASHBOARD_QUEUE_MODE: oneOf(['auto', 'memory', 'database'], (s) => s.empty('')).default('auto'),
    DASHBOARD_POLL_SECONDS: num((n) => n.min(1).max(600)).default(15),
    // Comma-separated category ids; "none" collapses and counts nothing.
    DASHBOARD_CARE_CATEGORIES: str((s) => s.trim().lowercase()
      .pattern(new RegExp(`^(none|(${CATEGORIES.join('|')})(\\s*,\\s*(${CATEGORIES.join('|')}))*)$`))
      .empty('')
      .messages({ 'string.pattern.base': `must be "none" or a comma-separated list of: ${CATEGORIES.join(', ')}` }))
      .default(DEFAULT_CARE_CATEGORIES.join(',')),
    DASHBOARD_CARE_PAUSE_AFTER: num((n) => n.integer().min(1).max(1000)).default(10),
  },
  (v) => {
    if (v.DASHBOARD_PAIR_MAX_FAILURES >= v.DASHBOARD_LOCKOUT_THRESHOLD) {
      throw new ConfigError('DASHBOARD_PAIR_MAX_FAILURES', 'must be lower than DASHBOARD_LOCKOUT_THRESHOLD, or failures from one address alone could lock any account');
    }
    return {
      enabled: v.DASHBOARD_ENABLED,
      /** Behind TLS: cookies get Secure and the __Host- prefix. */
      secureCookies: v.DASHBOARD_SECURE_COOKIES,
      /** Proxies of this deployment in front of the server (X-Forwarded-For hops to skip; 0 = none). */
      trustedProxyHops: v.TRUSTED_PROXY_HOPS ?? (v.DASHBOARD_TRUST_PROXY ? 1 : 0),
      sessionIdleMinutes: v.DASHBOARD_SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: v.DASHBOARD_SESSION_ABSOLUTE_HOURS,
      sessionSweepMinutes: v.DASHBOARD_SESSION_SWEEP_MINUTES,
      /** Failed logins (from any address) that lock an account, and for how long. */
      lockoutThreshold: v.DASHBOARD_LOCKOUT_THRESHOLD,
      lockoutMinutes: v.DASHBOARD_LOCKOUT_MINUTES,
      /** Failed logins allowed per client address per window, whatever the account. */
      clientMaxFailures: v.DASHBOARD_CLIENT_MAX_FAILURES,
      /** Failed logins allowed per address and account per window (below lockoutThreshold). */
      pairMaxFailures: v.DASHBOARD_PAIR_MAX_FAILURES,
      clientWindowMinutes: v.DASHBOARD_CLIENT_WINDOW_MINUTES,
      /** argon2id cost; lower only in tests. */
      argonMemoryKiB: v.DASHBOARD_ARGON_MEMORY_KIB,
      argonTimeCost: v.DASHBOARD_ARGON_TIME_COST,
      /** 32-byte key sealing TOTP secrets; absent = second factor cannot be enrolled. */
      totpKey: v.DASHBOARD_TOTP_KEY ? Buffer.from(v.DASHBOARD_TOTP_KEY, 'base64') : undefined,
      /**
       * Where the review queue is read (services/dashboard/reportQueue.ts):
       * `auto` = `memory` on the embedded database, else `database`. `memory` is
       * only right for a single instance (it does not see other instances' writes).
       */
      queueMode: v.DASHBOARD_QUEUE_MODE,
      /** How often an open report and the queue ask for changes (conditional requests; none while the tab is hidden). */
      pollSeconds: v.DASHBOARD_POLL_SECONDS,
      /**
       * Care for reviewers (services/dashboard/reviewerCare.ts): the categories
       * whose narrative and reporter messages stay collapsed until the reader asks
       * and whose openings are counted per person and day; and after how many
       * openings in a day the dashboard suggests a pause.
       */
      care: { categories: careCategories(v.DASHBOARD_CARE_CATEGORIES), pauseAfter: v.DASHBOARD_CARE_PAUSE_AFTER },
    };
  },
);
