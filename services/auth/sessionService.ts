import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StaffSessionDoc } from '../../models/staffSession';
import type { StaffSessionRepository } from '../../models/staffSessionRepository';
import type { StaffRole } from '../../models/staffUser';

/** What the service needs of the sessions' repository (models/staffSessionRepository.ts). */
export type SessionStore = Pick<StaffSessionRepository, 'init' | 'create' | 'find' | 'touch' | 'delete' | 'deleteAllFor' | 'deleteExpired'>;

export interface SessionOptions {
  idleMs: number;
  absoluteMs: number;
  now?: () => number;
}

/** A live session as the HTTP layer sees it. */
export interface StaffSession {
  userId: string;
  role: StaffRole;
  authorityId?: string;
  csrfToken: string;
  absoluteExpiresAt: Date;
  idleExpiresAt: Date;
}

/** An opaque random token: 256 bits, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two tokens. */
export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Server-side sessions (models/staffSessionRepository.ts) with idle and absolute expiry. Expired
 * sessions are refused on read and removed by {@link sweep}.
 */
export class SessionService {
  private readonly now: () => number;

  constructor(private readonly sessions: SessionStore, private readonly opts: SessionOptions) {
    this.now = opts.now ?? Date.now;
  }

  async init(): Promise<void> {
    await this.sessions.init();
  }

  /** Starts a session; returns the cookie token (shown once, stored hashed). */
  async create(user: { id: string; role: StaffRole; authorityId?: string }): Promise<{ token: string; session: StaffSession }> {
    const token = randomToken();
    const now = this.now();
    const doc: StaffSessionDoc = {
      _id: hashToken(token),
      userId: user.id,
      role: user.role,
      authorityId: user.authorityId,
      csrfToken: randomToken(),
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      absoluteExpiresAt: new Date(now + this.opts.absoluteMs),
      idleExpiresAt: new Date(Math.min(now + this.opts.idleMs, now + this.opts.absoluteMs)),
    };
    await this.sessions.create(doc);
    return { token, session: toSession(doc) };
  }

  /** The live session for a token, its idle expiry moved forward (unless `extend` is false); undefined if expired or unknown. */
  async touch(token: string, opts: { extend?: boolean } = {}): Promise<StaffSession | undefined> {
    const id = hashToken(token);
    const now = this.now();
    const doc = await this.sessions.find(id);
    if (!doc) return undefined;
    if (doc.absoluteExpiresAt.getTime() <= now || doc.idleExpiresAt.getTime() <= now) {
      await this.sessions.delete(id);
      return undefined;
    }
    const idleExpiresAt = new Date(Math.min(now + this.opts.idleMs, doc.absoluteExpiresAt.getTime()));
    // Writing on every request would double the load; a minute's slack is enough.
    // A background request (a page polling for changes) is not activity: it must
    // not keep an unattended screen signed in.
    if (opts.extend !== false && idleExpiresAt.getTime() - doc.idleExpiresAt.getTime() > 60_000) {
      await this.sessions.touch(id, idleExpiresAt, new Date(now));
      doc.idleExpiresAt = idleExpiresAt;
    }
    return toSession(doc);
  }

  /** Ends one session. */
  async destroy(token: string): Promise<void> {
    await this.sessions.delete(hashToken(token));
  }

  /** Ends every session of a user (password change, disable, role change). */
  async destroyAllFor(userId: string): Promise<number> {
    return this.sessions.deleteAllFor(userId);
  }

  /** Removes expired sessions; returns how many. */
  async sweep(): Promise<number> {
    return this.sessions.deleteExpired(new Date(this.now()));
  }
}

function toSession(doc: StaffSessionDoc): StaffSession {
  return {
    userId: doc.userId,
    role: doc.role,
    authorityId: doc.authorityId,
    csrfToken: doc.csrfToken,
    absoluteExpiresAt: doc.absoluteExpiresAt,
    idleExpiresAt: doc.idleExpiresAt,
  };
}
