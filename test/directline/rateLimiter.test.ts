import assert from 'node:assert/strict';
import mongoose, { type Connection } from 'mongoose';
import { RateCounterStore } from '../../models/rateCounter';
import { RateLimiter } from '../../server/directline/rateLimiter';
import { dropTestDb, openTestDb, testDbUri } from '../support/db';

describe('shared rate limits: counters in MongoDB, one limit for every instance', () => {
  let a: Connection;
  let b: Connection;
  let now = 1_000_000;
  const clock = (): number => now;

  before(async () => {
    const uri = testDbUri('ratelimit');
    a = await mongoose.createConnection(uri, { autoIndex: false }).asPromise();
    // A second connection to the same database: a second instance.
    b = await mongoose.createConnection(uri, { autoIndex: false }).asPromise();
  });
  after(async () => {
    await b?.close();
    await dropTestDb(a);
  });

  for (const singleWriter of [false, true]) {
    describe(singleWriter ? 'one writer (embedded database): lookups by _id only' : 'several writers: conditional updates', () => {
      it('when a key uses its burst, then the next request is refused until its window ends, and other keys are unaffected', async () => {
        const store = new RateCounterStore(a, { singleWriter, now: clock });
        await store.init();
        const limiter = new RateLimiter(store, `t${singleWriter}`, { perMinute: 60, burst: 3 }, clock);
        const taken = [];
        for (let i = 0; i < 4; i++) taken.push((await limiter.take('conv-a')).ok);
        assert.deepEqual(taken, [true, true, true, false]);
        assert.equal((await limiter.take('conv-a')).retryAfterSeconds, 3);
        assert.equal((await limiter.take('conv-b')).ok, true);
        now += 3000;
        assert.equal((await limiter.take('conv-a')).ok, true);
      });

      it('when one client fires many requests at once, then every one is counted', async () => {
        const store = new RateCounterStore(a, { singleWriter, now: clock });
        const limiter = new RateLimiter(store, `p${singleWriter}`, { perMinute: 10, burst: 10 }, clock);
        const results = await Promise.all(Array.from({ length: 40 }, () => limiter.take('burst')));
        assert.equal(results.filter((r) => r.ok).length, 10);
      });

      it('when the key is forgotten or its window is swept, then it starts afresh; nothing readable is stored', async () => {
        const store = new RateCounterStore(a, { singleWriter, now: clock });
        const limiter = new RateLimiter(store, `f${singleWriter}`, { perMinute: 1, burst: 1 }, clock);
        assert.equal((await limiter.take('conversation-id-in-clear')).ok, true);
        assert.equal((await limiter.take('conversation-id-in-clear')).ok, false);
        await limiter.forget('conversation-id-in-clear');
        assert.equal((await limiter.take('conversation-id-in-clear')).ok, true);
        const raw = JSON.stringify(await a.collection('ratecounters').find().toArray());
        assert.ok(!raw.includes('conversation-id-in-clear'));
        now += 120_000;
        assert.ok((await store.sweep()) >= 1);
      });
    });
  }

  it('when two instances count the same client, then they share one limit', async () => {
    const first = new RateLimiter(new RateCounterStore(a, { now: clock }), 'shared', { perMinute: 4, burst: 4 }, clock);
    const second = new RateLimiter(new RateCounterStore(b, { now: clock }), 'shared', { perMinute: 4, burst: 4 }, clock);
    const taken = [];
    for (let i = 0; i < 3; i++) {
      taken.push((await first.take('203.0.113.7')).ok, (await second.take('203.0.113.7')).ok);
    }
    assert.deepEqual(taken, [true, true, true, true, false, false]);
  });

  it('when a limiter batches its hits (the Direct Line\'s per-conversation limits), then one instance counts exactly, the shared counter gets every hit at the next sync, and another instance learns of them', async () => {
    const store = new RateCounterStore(a, { now: clock });
    const first = new RateLimiter(store, 'batched', { perMinute: 60, burst: 5 }, clock, { batched: true });
    const taken = [];
    for (let i = 0; i < 6; i++) taken.push((await first.take('conv-batched')).ok);
    assert.deepEqual(taken, [true, true, true, true, true, false]);
    const id = (await a.collection<{ _id: string }>('ratecounters').find({ _id: { $regex: /^dl:batched:/ } }).toArray())[0]!._id;
    assert.equal((await store.peek(id))?.count, 1, 'only the window\'s first hit waited for the database');
    await first.sync();
    assert.equal((await store.peek(id))?.count, 6, 'the others were added in one update');
    const second = new RateLimiter(new RateCounterStore(b, { now: clock }), 'batched', { perMinute: 60, burst: 5 }, clock, { batched: true });
    assert.equal((await second.take('conv-batched')).ok, false, 'another instance sees the shared count');
    now += 5000;
    assert.equal((await first.take('conv-batched')).ok, true, 'a new window');
  });

  it('when two instances create the shared key at once, then both use the same one', async () => {
    const db = await openTestDb('ratekey');
    try {
      const [k1, k2] = await Promise.all([new RateCounterStore(db).sharedSecret(), new RateCounterStore(db).sharedSecret()]);
      assert.equal(k1.length, 32);
      assert.deepEqual(k1, k2);
    } finally {
      await dropTestDb(db);
    }
  });
});
