import assert from 'node:assert/strict';
import type { StaffSessionDoc } from '../../../models/staffSession';
import { SessionService, type SessionStore } from '../../../services/auth/sessionService';

/** The sessions' collection in memory, keyed by the token's hash as the repository keys it. */
class MemorySessions implements SessionStore {
  readonly docs = new Map<string, StaffSessionDoc>();
  touches = 0;

  async init(): Promise<void> {}
  async create(doc: StaffSessionDoc): Promise<void> {
    this.docs.set(doc._id, { ...doc });
  }
  async find(id: string): Promise<StaffSessionDoc | null> {
    const doc = this.docs.get(id);
    return doc ? { ...doc } : null;
  }
  async touch(id: string, idleExpiresAt: Date, lastSeenAt: Date): Promise<void> {
    this.touches++;
    const doc = this.docs.get(id);
    if (doc) this.docs.set(id, { ...doc, idleExpiresAt, lastSeenAt });
  }
  async delete(id: string): Promise<void> {
    this.docs.delete(id);
  }
  async deleteAllFor(userId: string): Promise<number> {
    const mine = [...this.docs.values()].filter((d) => d.userId === userId);
    for (const d of mine) this.docs.delete(d._id);
    return mine.length;
  }
  async deleteExpired(now: Date): Promise<number> {
    const gone = [...this.docs.values()].filter((d) => d.idleExpiresAt <= now || d.absoluteExpiresAt <= now);
    for (const d of gone) this.docs.delete(d._id);
    return gone.length;
  }
}

describe('SessionService against sessions in memory: idle and absolute expiry', () => {
  const MINUTE = 60_000;
  let clock: number;
  let store: MemorySessions;
  let sessions: SessionService;
  const user = { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', role: 'reviewer' as const };

  beforeEach(() => {
    clock = Date.UTC(2026, 5, 1, 9, 0, 0);
    store = new MemorySessions();
    sessions = new SessionService(store, { idleMs: 30 * MINUTE, absoluteMs: 10 * 60 * MINUTE, now: () => clock });
  });

  it('when a session starts, then only the hash of its token is stored and the token finds the session', async () => {
    const { token, session } = await sessions.create(user);
    assert.equal(store.docs.size, 1);
    assert.ok(!store.docs.has(token), 'the token itself is not a key');
    assert.equal((await sessions.touch(token))?.csrfToken, session.csrfToken);
  });

  it('when the person is active, then the idle expiry moves forward, at most once a minute', async () => {
    const { token, session } = await sessions.create(user);
    clock += 30_000;
    await sessions.touch(token);
    assert.equal(store.touches, 0, 'within a minute nothing is written');
    clock += 10 * MINUTE;
    const later = await sessions.touch(token);
    assert.equal(store.touches, 1);
    assert.equal(later!.idleExpiresAt.getTime(), clock + 30 * MINUTE);
    assert.ok(later!.idleExpiresAt > session.idleExpiresAt);
  });

  it('when a page only polls (extend false), then the session is not kept alive and expires when idle', async () => {
    const { token } = await sessions.create(user);
    clock += 20 * MINUTE;
    assert.ok(await sessions.touch(token, { extend: false }));
    assert.equal(store.touches, 0);
    clock += 11 * MINUTE;
    assert.equal(await sessions.touch(token, { extend: false }), undefined);
    assert.equal(store.docs.size, 0, 'an expired session is removed when it is read');
  });

  it('when the absolute limit passes, then activity does not save the session', async () => {
    const { token } = await sessions.create(user);
    for (let i = 0; i < 40; i++) {
      clock += 15 * MINUTE;
      const live = await sessions.touch(token);
      if (clock >= Date.UTC(2026, 5, 1, 19, 0, 0)) assert.equal(live, undefined);
      else assert.ok(live!.idleExpiresAt.getTime() <= Date.UTC(2026, 5, 1, 19, 0, 0), 'idle expiry never passes the absolute limit');
    }
  });

  it('when the sweep runs, or a user is signed out everywhere, then exactly those sessions go', async () => {
    await sessions.create(user);
    await sessions.create(user);
    await sessions.create({ id: 'bbbbbbbbbbbbbbbbbbbbbbbb', role: 'admin' });
    assert.equal(await sessions.destroyAllFor(user.id), 2);
    clock += 31 * MINUTE;
    assert.equal(await sessions.sweep(), 1);
    assert.equal(store.docs.size, 0);
  });
});
