import assert from 'node:assert/strict';
import { ClientThrottle } from '../../../services/auth/clientThrottle';

describe('ClientThrottle', () => {
  it('when a client fails too often within the window, then it must wait until the window ends', () => {
    let now = 1000;
    const t = new ClientThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) t.recordFailure('203.0.113.9');
    assert.ok(t.retryAfterMs('203.0.113.9') > 0);
    assert.equal(t.retryAfterMs('198.51.100.1'), 0, 'another client is not affected');
    now += 60_000;
    assert.equal(t.retryAfterMs('203.0.113.9'), 0);
  });

  it('when keys are computed, then they do not contain the address and differ per process', () => {
    const a = new ClientThrottle({ maxFailures: 3, windowMs: 1000 });
    const b = new ClientThrottle({ maxFailures: 3, windowMs: 1000 });
    const key = a.keyFor('203.0.113.9');
    assert.doesNotMatch(key, /203|113/);
    assert.notEqual(key, b.keyFor('203.0.113.9'));
  });

  it('when more clients than the bound fail, then the oldest are forgotten', () => {
    const t = new ClientThrottle({ maxFailures: 1, windowMs: 60_000, maxEntries: 2 });
    t.recordFailure('a');
    t.recordFailure('b');
    t.recordFailure('c');
    assert.equal(t.retryAfterMs('a'), 0);
    assert.ok(t.retryAfterMs('c') > 0);
  });
});
