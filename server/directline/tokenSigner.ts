import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a local Direct Line token grants. */
export interface TokenClaims {
  /** The one conversation the token is good for. */
  conversationId: string;
  /** The user the conversation belongs to, when known at issue time. */
  userId?: string;
  /** `conversation`: the REST API; `stream`: opening the WebSocket only. */
  scope: 'conversation' | 'stream';
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Why a token was refused. */
export type TokenFailure = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'wrong-scope';

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure };

const VERSION = 'bzdl1';

interface Payload {
  c: string;
  /** Named as in Azure's JWTs: Web Chat reads the user id from `user`. */
  user?: string;
  s: 'c' | 's';
  e: number;
  n: string;
}

/**
 * Issues and checks short-lived, conversation-scoped tokens: a base64url JSON
 * payload and an HMAC-SHA256 over it, three dot-separated parts like a JWT so
 * Web Chat can read the user id from it as it does from Azure's tokens. Stateless, so a token needs no storage;
 * the conversation store decides whether the conversation still exists.
 */
export class TokenSigner {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token for `claims`, valid for `ttlSeconds` from now. */
  issue(claims: Omit<TokenClaims, 'exp'>, ttlSeconds: number): { token: string; expiresIn: number } {
    const payload: Payload = {
      c: claims.conversationId,
      s: claims.scope === 'stream' ? 's' : 'c',
      e: Math.floor(this.now() / 1000) + ttlSeconds,
      // A nonce keeps two tokens issued in the same second distinct.
      n: randomBytes(6).toString('base64url'),
    };
    if (claims.userId) payload.user = claims.userId;
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return { token: `${VERSION}.${body}.${this.sign(body)}`, expiresIn: ttlSeconds };
  }

  /** Checks signature, expiry and scope. */
  verify(token: string | undefined, scope: TokenClaims['scope']): VerifyResult {
    if (!token) return { ok: false, reason: 'missing' };
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
    const [, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(body), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'bad-signature' };
    }
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof payload.c !== 'string' || typeof payload.e !== 'number') return { ok: false, reason: 'malformed' };
    if (payload.e * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    const tokenScope = payload.s === 's' ? 'stream' : 'conversation';
    if (tokenScope !== scope) return { ok: false, reason: 'wrong-scope' };
    return { ok: true, claims: { conversationId: payload.c, userId: payload.user, scope: tokenScope, exp: payload.e } };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(VERSION).update('.').update(body).digest('base64url');
  }
}
