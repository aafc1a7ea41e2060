/**
 * The two test tiers' meeting point. The fast tier's guard
 * (test/support/fastTier.ts) installs a refusal here; the integration
 * tier's starters (a test database, a test server, a browser) call
 * `integrationOnly` first, so a fast-tier file that reaches one fails with
 * a message that names it instead of timing out.
 */
let refusal: ((what: string) => never) | undefined;

/** Installed by the fast tier's guard. */
export function refuseIntegration(refuse: (what: string) => never): void {
  refusal = refuse;
}

/** Called by every integration-tier starter before it starts anything. */
export function integrationOnly(what: string): void {
  refusal?.(what);
}
