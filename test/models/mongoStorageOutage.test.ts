import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { botStateModel } from '../../models/botStateStore';
import { DatabaseGate } from '../../models/databaseGate';
import { DatabaseUnavailableError } from '../../models/dbAvailability';
import { ETagConflictError, MongoStorage, hashKey } from '../../models/mongoStorage';
import { dropTestDb, openTestDb } from '../support/db';

/**
 * Conversation state while the database is away. The outage is the gate's
 * (closed, its probe failing until the test lets it answer); the database
 * itself is real, so what is written after recovery is checked there.
 */
for (const singleWriter of [false, true]) describe(`MongoStorage while the database is away (${singleWriter ? 'single writer' : 'several writers'})`, () => {
  let conn: Connection;
  let gate: DatabaseGate;
  let answering: boolean;
  let storage: MongoStorage;
  const warnings: string[] = [];
  const key = 'directline/conversations/conv-outage-1/';

  beforeEach(async () => {
    conn = await openTestDb('stateoutage');
    answering = true;
    gate = new DatabaseGate({
      ping: () => (answering ? Promise.resolve() : Promise.reject(new Error('down'))),
      opTimeoutMs: 2000,
      probeIntervalMs: 60_000,
    });
    storage = new MongoStorage(botStateModel(conn), {
      ttlMs: 3600_000,
      singleWriter,
      cacheItems: 100,
      gate,
      log: { warn: (o: object) => void warnings.push(String((o as { event?: string }).event)), info: () => undefined } as never,
    });
  });
  afterEach(async () => {
    gate.close();
    await dropTestDb(conn);
  });

  /** Closes the gate (as a failed operation would) and keeps the probe failing. */
  const outage = (): void => {
    answering = false;
    gate.trip();
  };
  /** Lets the probe answer; the gate opens and the storage writes what it kept. */
  const recover = async (): Promise<void> => {
    answering = true;
    assert.equal(await gate.check().catch(() => false), false, 'still closed until a probe answers');
    await gate.probe();
    assert.ok(gate.up);
    await storage.flushPending();
  };
  const stored = async () => botStateModel(conn).findById(hashKey(key)).lean().exec();

  it('when a known conversation is read and written during an outage, then its copy answers, eTags are checked, and after recovery the database has exactly the kept version', async () => {
    await storage.write({ [key]: { step: 1 } });
    const before = (await storage.read([key]))[key];
    outage();
    const during = (await storage.read([key]))[key];
    assert.deepEqual({ step: during.step, eTag: during.eTag }, { step: 1, eTag: before.eTag }, 'read from the copy');
    await storage.write({ [key]: { ...during, step: 2 } });
    const again = (await storage.read([key]))[key];
    assert.equal(again.step, 2);
    await assert.rejects(storage.write({ [key]: { ...during, step: 'stale' } }), ETagConflictError, 'a stale eTag is refused from the copy too');
    await storage.write({ [key]: { ...again, step: 3 } });
    assert.equal(storage.pendingCount, 1);
    assert.equal((await stored())?.eTag, before.eTag, 'nothing reached the database yet');

    await recover();
    assert.equal(storage.pendingCount, 0);
    const doc = await stored();
    const kept = (await storage.read([key]))[key];
    assert.equal(JSON.parse(doc!.data).step, 3, 'the last version was written');
    assert.equal(doc!.eTag, kept.eTag, 'with the eTag the turns saw');
  });

  it('when a conversation this process never read is asked for during an outage, then the read fails as "database unavailable" (the turn says so) instead of starting afresh', async () => {
    outage();
    await assert.rejects(storage.read(['directline/conversations/never-seen/']), DatabaseUnavailableError);
  });

  it('when a brand-new conversation writes during an outage, then it is created when the database is back', async () => {
    outage();
    await storage.write({ [key]: { fresh: true } });
    assert.equal(await stored(), null);
    await recover();
    assert.equal(JSON.parse((await stored())!.data).fresh, true);
  });

  it('when another writer changed the stored version meanwhile, then after recovery the stored version wins and it is logged', async () => {
    await storage.write({ [key]: { by: 'us' } });
    const base = (await storage.read([key]))[key];
    outage();
    await storage.write({ [key]: { ...base, by: 'us, during the outage' } });
    await botStateModel(conn).updateOne({ _id: hashKey(key) }, { $set: { data: JSON.stringify({ by: 'another instance' }), eTag: 'theirs' } }).exec();
    await recover();
    assert.equal(JSON.parse((await stored())!.data).by, 'another instance');
    assert.ok(warnings.includes('state.flush_conflict'));
    assert.equal((await storage.read([key]))[key].by, 'another instance', 'the copy follows the database again');
  });
});
