/** Parses a Cookie header into name → value (first occurrence wins). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed value is ignored rather than failing the request
    }
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  httpOnly: boolean;
  /** Omitted: a session cookie; 0: delete. */
  maxAgeSeconds?: number;
}

/** A Set-Cookie value: Path=/, SameSite=Strict always. */
export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict'];
  if (opts.httpOnly) parts.push('HttpOnly');
  if (opts.secure) parts.push('Secure');
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(opts.maxAgeSeconds))}`);
  return parts.join('; ');
}

/** Cookie names; behind TLS the __Host- prefix pins them to this origin and path. */
export function cookieNames(secure: boolean): { session: string; csrf: string } {
  return secure ? { session: '__Host-bz_session', csrf: '__Host-bz_csrf' } : { session: 'bz_session', csrf: 'bz_csrf' };
}
