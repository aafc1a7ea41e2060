/**
 * The one rule for every webhook (authorities' and the on-duty one): https,
 * or — in development only — plain http to this machine (a local receiver
 * under test). Notices carry case codes and dashboard links; they never
 * travel unencrypted over a network.
 */
export function webhookUrlProblem(url: string, production: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (u.protocol === 'https:') return undefined;
  if (u.protocol !== 'http:') return 'must be an https URL';
  if (production) return 'must be https in production';
  return isLoopback(u.hostname) ? undefined : 'must be https (plain http is allowed only to a loopback address, in development)';
}

/** localhost, 127.0.0.0/8 or ::1 (URL writes IPv6 hosts in brackets). */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
