import type { IncomingHttpHeaders } from 'node:http';

/** How a request's Origin relates to the configured schools. */
export type OriginDecision = 'no-origin' | 'same-origin' | 'allowed' | 'refused';

const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept, x-ms-bot-agent';

/**
 * CORS for the Direct Line and token endpoints: pages on the configured
 * school origins (and this server itself) may call them; any other origin is
 * refused outright rather than merely left without CORS headers, so a
 * foreign page cannot even start a conversation through a user's browser.
 */
export class CorsPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.allowed = new Set(allowedOrigins);
  }

  /** The configured origins, for the frame's `frame-ancestors`. */
  origins(): string[] {
    return [...this.allowed];
  }

  /** Classifies a request by its Origin and Host headers. */
  decide(headers: IncomingHttpHeaders): OriginDecision {
    const origin = headers.origin;
    if (!origin) return 'no-origin';
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return 'refused';
    }
    // Same origin compares host[:port] only: behind a TLS-terminating proxy
    // the browser says https while this server sees plain http.
    if (headers.host && parsed.host === headers.host) return 'same-origin';
    return this.allowed.has(parsed.origin) ? 'allowed' : 'refused';
  }

  /** Response headers for an allowed cross-origin request (empty otherwise). */
  headersFor(headers: IncomingHttpHeaders, preflight: boolean): Record<string, string> {
    const decision = this.decide(headers);
    if (decision !== 'allowed' && decision !== 'same-origin') return {};
    const out: Record<string, string> = {
      'Access-Control-Allow-Origin': headers.origin as string,
      'Access-Control-Expose-Headers': 'Retry-After',
      Vary: 'Origin',
    };
    if (preflight) {
      out['Access-Control-Allow-Methods'] = 'GET, POST, OPTIONS';
      out['Access-Control-Allow-Headers'] = ALLOWED_HEADERS;
      out['Access-Control-Max-Age'] = '600';
    }
    return out;
  }
}
