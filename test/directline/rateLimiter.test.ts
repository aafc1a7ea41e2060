import assert from 'node:assert/strict';
import { RateLimiter } from '../../server/directline/rateLimiter';

describe('RateLimiter', () => {
  it('when a key uses its burst, then the next request is refused until the bucket refills', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 }, 100, () => now);
    assert.deepEqual([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')], [true, true, true, false]);
    assert.equal(limiter.retryAfterSeconds('a'), 1);
    now += 1000; // one token per second at 60/min
    assert.equal(limiter.take('a'), true);
    assert.equal(limiter.take('a'), false);
  });

  it('when one key is over its limit, then other keys are unaffected', () => {
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 }, 100, () => 0);
    assert.equal(limiter.take('a'), true);
    assert.equal(limiter.take('a'), false);
    assert.equal(limiter.take('b'), true);
  });

  it('when buckets are full again, then a sweep forgets them', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 2 }, 100, () => now);
    limiter.take('a');
    limiter.take('b');
    limiter.take('b');
    now += 1000;
    // 'a' is full again (1 + 1), 'b' has 1 of 2.
    assert.equal(limiter.sweep(), 1);
    now += 1000;
    assert.equal(limiter.sweep(), 0);
  });

  it('when the key limit is reached and nothing can be swept, then new keys are refused rather than stored', () => {
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 }, 2, () => 0);
    assert.equal(limiter.take('a'), true);
    assert.equal(limiter.take('b'), true);
    assert.equal(limiter.take('c'), false);
  });
});
