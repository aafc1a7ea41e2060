import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { DirectLineRecords } from '../../models/directLineRecords';
import { dropTestDb, openTestDb } from '../support/db';

for (const singleWriter of [false, true]) describe(`DirectLineRecords (${singleWriter ? 'single writer: lookups by _id' : 'several writers'})`, () => {
  let conn: Connection;
  let records: DirectLineRecords;
  const now = Date.UTC(2026, 0, 1);
  const conversation = (key: string, seq = 0, expiresAt = now + 60_000) => ({ key, seq, started: false, lastActive: now, expiresAt });

  beforeEach(async () => {
    conn = await openTestDb('dlrecords');
    records = new DirectLineRecords(conn, { maxActivities: 3, singleWriter });
    await records.init();
  });
  afterEach(async () => dropTestDb(conn));

  it('when activities are written twice (a retried write), then nothing clashes; a different activity under a taken number is reported', async () => {
    assert.equal(await records.insert(conversation('k1')), true);
    assert.equal(await records.insert(conversation('k1')), false, 'a second insert of the same key is refused');
    assert.deepEqual(await records.putActivities('k1', [{ seq: 1, sealed: 'a', at: now }, { seq: 2, sealed: 'b', at: now }]), []);
    assert.deepEqual(await records.putActivities('k1', [{ seq: 2, sealed: 'b', at: now }, { seq: 3, sealed: 'c', at: now }]), [], 'the same content again is no clash');
    assert.deepEqual(await records.putActivities('k1', [{ seq: 3, sealed: 'other', at: now }]), [3]);
    assert.deepEqual((await records.activitiesBetween('k1', 1, 3)).map((a) => [a.seq, a.sealed]), [[2, 'b'], [3, 'c']]);
  });

  it('when a conversation is removed, then its activities go with it and other conversations stay', async () => {
    await records.insert(conversation('k1', 2));
    await records.insert(conversation('k2', 1));
    await records.putActivities('k1', [{ seq: 1, sealed: 'a', at: now }, { seq: 2, sealed: 'b', at: now }]);
    await records.putActivities('k2', [{ seq: 1, sealed: 'x', at: now }]);
    await records.remove('k1', 2);
    assert.equal(await records.find('k1'), undefined);
    assert.deepEqual(await records.activitiesBetween('k1', 0, 2), []);
    assert.deepEqual((await records.activitiesBetween('k2', 0, 1)).map((a) => a.sealed), ['x']);
  });

  it('when the sweep runs, then expired conversations go with their activities, live ones and those the caller keeps stay', async () => {
    await records.insert(conversation('old', 1, now - 1));
    await records.insert(conversation('kept', 1, now - 1));
    await records.insert(conversation('live', 1));
    for (const k of ['old', 'kept', 'live']) await records.putActivities(k, [{ seq: 1, sealed: k, at: now }]);
    assert.equal(await records.sweep(now, (k) => k === 'kept', now - 3600_000), 1);
    assert.equal(await records.find('old'), undefined);
    assert.ok(await records.find('kept'));
    assert.ok(await records.find('live'));
    assert.deepEqual(await records.activitiesBetween('old', 0, 1), []);
  });

  if (!singleWriter) {
    it('when several instances append, then each takes its own number atomically per call, and heads and new activities come in one query each', async () => {
      await records.insert(conversation('k1'));
      await records.insert(conversation('k2'));
      const seqs = [];
      for (let i = 0; i < 3; i++) seqs.push(await records.reserve('k1', now));
      assert.deepEqual(seqs, [1, 2, 3]);
      assert.equal(await records.reserve('gone', now), undefined);
      assert.equal(await records.reserve('k1', now + 120_000), undefined, 'an expired conversation takes no more activities');
      await records.putActivities('k1', [{ seq: 2, sealed: 'b', at: now }, { seq: 3, sealed: 'c', at: now }]);
      const heads = await records.heads(['k1', 'k2', 'gone']);
      assert.deepEqual([...heads.entries()].map(([k, h]) => [k, h.seq]).sort(), [['k1', 3], ['k2', 0]]);
      const moved = await records.activitiesIn([{ key: 'k1', from: 1, to: 3 }, { key: 'k2', from: 0, to: 0 }]);
      assert.deepEqual(moved.get('k1')?.map((a) => a.seq), [2, 3]);
      assert.equal(await records.markStarted('k1', now, 'sr-Cyrl'), true);
      assert.equal(await records.markStarted('k1', now, 'sr-Cyrl'), false, 'started once');
      await records.raiseSeq('k1', 2);
      assert.equal((await records.find('k1'))?.seq, 3, 'never lowered');
      await records.raiseSeq('k1', 7);
      assert.equal((await records.find('k1'))?.seq, 7);
    });
  }
});
