import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { botStateModel } from '../../models/botStateStore';
import { ETagConflictError, MongoStorage, hashKey } from '../../models/mongoStorage';
import { FieldCipher } from '../../services/crypto/fieldCipher';
import { parseKeyring } from '../../services/crypto/keyring';
import { CipherStateSealer } from '../../services/crypto/stateSealer';
import { openedJson, savingJson } from '../../core/stateJson';
import { dropTestDb, openTestDb } from '../support/db';

const variants = [
  { singleWriter: false, cacheItems: 0, name: 'eTag checked by the database' },
  { singleWriter: false, cacheItems: 100, name: 'eTag checked by the database, state also kept here' },
  { singleWriter: true, cacheItems: 0, name: 'single writer: eTag checked in the process' },
  { singleWriter: true, cacheItems: 100, name: 'single writer: reads and eTag checks answered by the copy here' },
];

for (const { singleWriter, cacheItems, name } of variants) describe(`MongoStorage (real database, ${name})`, () => {
  let conn: Connection;
  let clock: number;
  let storage: MongoStorage;
  const key = 'webchat/conversations/conv-secret-123/';

  beforeEach(async () => {
    conn = await openTestDb('storage');
    clock = Date.UTC(2026, 0, 1);
    storage = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, now: () => clock, singleWriter, cacheItems });
  });
  afterEach(async () => dropTestDb(conn));

  it('when an item is written and read back, then it round-trips with a fresh eTag', async () => {
    await storage.write({ [key]: { dialogStack: [{ id: 'main', state: { step: 2 } }], n: 1 } });
    const items = await storage.read([key, 'missing']);
    assert.deepEqual(Object.keys(items), [key]);
    assert.equal(items[key].n, 1);
    assert.deepEqual(items[key].dialogStack, [{ id: 'main', state: { step: 2 } }]);
    assert.equal(typeof items[key].eTag, 'string');
    assert.ok(items[key].eTag.length > 8);
  });

  it('when two writers start from the same eTag, then the second gets a conflict and the first write stays', async () => {
    await storage.write({ [key]: { n: 0 } });
    const a = (await storage.read([key]))[key];
    const b = (await storage.read([key]))[key];
    await storage.write({ [key]: { ...a, n: 'first' } });
    await assert.rejects(storage.write({ [key]: { ...b, n: 'second' } }), ETagConflictError);
    assert.equal((await storage.read([key]))[key].n, 'first');
  });

  it('when two writers race with the same eTag, then exactly one wins', async () => {
    await storage.write({ [key]: { n: 0 } });
    const base = (await storage.read([key]))[key];
    const results = await Promise.allSettled([
      storage.write({ [key]: { ...base, n: 'a' } }),
      storage.write({ [key]: { ...base, n: 'b' } }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(ok, 1, `expected exactly one winner, got ${ok}`);
    const winner = results[0].status === 'fulfilled' ? 'a' : 'b';
    assert.equal((await storage.read([key]))[key].n, winner);
  });

  it('when eTag is "*" or absent, then the write overwrites', async () => {
    await storage.write({ [key]: { n: 1 } });
    await storage.write({ [key]: { n: 2, eTag: '*' } });
    await storage.write({ [key]: { n: 3 } });
    assert.equal((await storage.read([key]))[key].n, 3);
  });

  it('when a new key is written with some eTag, then it is created (MemoryStorage semantics)', async () => {
    await storage.write({ [key]: { n: 1, eTag: 'stale-from-elsewhere' } });
    assert.equal((await storage.read([key]))[key].n, 1);
  });

  it('when an item is idle past its TTL, then it is not returned and the sweep removes it', async () => {
    await storage.write({ [key]: { said: 'something a child typed' } });
    clock += 59_000;
    assert.ok((await storage.read([key]))[key], 'still there before expiry');
    clock += 2_000;
    assert.deepEqual(await storage.read([key]), {});
    assert.equal(await storage.sweep(), 1);
    assert.equal(await botStateModel(conn).countDocuments({}), 0);
  });

  it('when an item is written again, then its expiry moves (idle, not absolute)', async () => {
    await storage.write({ [key]: { n: 1 } });
    clock += 50_000;
    await storage.write({ [key]: { n: 2 } });
    clock += 50_000;
    assert.equal((await storage.read([key]))[key].n, 2);
  });

  it('when items are stored, then the database holds no readable key or conversation id', async () => {
    await storage.write({ [key]: { n: 1 } });
    const raw = await conn.db!.collection('botstate').find({}).toArray();
    assert.equal(raw.length, 1);
    assert.equal(raw[0]._id as unknown as string, hashKey(key));
    assert.ok(!JSON.stringify(raw).includes('conv-secret-123'));
  });

  it('when items are deleted, then they are gone and deleting again is fine', async () => {
    await storage.write({ [key]: { n: 1 } });
    await storage.delete([key]);
    await storage.delete([key]);
    assert.deepEqual(await storage.read([key]), {});
  });
});

describe('MongoStorage: database calls per turn (a turn reads its conversation, then writes it with the eTag it read)', () => {
  let conn: Connection;
  let calls: string[];
  const key = 'directline/conversations/conv-calls/';

  beforeEach(async () => {
    conn = await openTestDb('statecalls', { monitorCommands: true });
    calls = [];
    conn.getClient().on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
      const collection = e.command[e.commandName];
      if (collection === 'botstate') calls.push(e.commandName);
    });
  });
  afterEach(async () => dropTestDb(conn));

  /** One turn: read, change, write back with the eTag read; the calls it made. */
  const turn = async (storage: MongoStorage, n: number): Promise<string[]> => {
    calls.length = 0;
    const item = (await storage.read([key]))[key];
    await storage.write({ [key]: { ...item, n } });
    return [...calls];
  };

  it('when this process is the only writer and has the conversation, then a turn is one update: the read and the eTag check are answered here', async () => {
    const storage = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, singleWriter: true, cacheItems: 10 });
    await storage.write({ [key]: { n: 0 } });
    for (let n = 1; n <= 3; n++) assert.deepEqual(await turn(storage, n), ['update'], `turn ${n}`);
    const stored = await botStateModel(conn).findById(hashKey(key)).lean().exec();
    assert.equal(JSON.parse(stored!.data).n, 3, 'every turn reached the database');
    calls.length = 0;
    assert.equal((await storage.read([key]))[key].n, 3);
    assert.deepEqual(calls, [], 'a cached read does not touch the database');
  });

  it('when the only writer is given a stale eTag, then it is a conflict without touching the database and the stored version stays', async () => {
    const storage = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, singleWriter: true, cacheItems: 10 });
    await storage.write({ [key]: { n: 0 } });
    const stale = (await storage.read([key]))[key];
    await turn(storage, 1);
    calls.length = 0;
    await assert.rejects(storage.write({ [key]: { ...stale, n: 'stale' } }), ETagConflictError);
    assert.deepEqual(calls, []);
    assert.equal((await storage.read([key]))[key].n, 1);
    const stored = await botStateModel(conn).findById(hashKey(key)).lean().exec();
    assert.equal(JSON.parse(stored!.data).n, 1);
  });

  it('when the only writer\'s copy was evicted, then the conversation is read from the database and its eTag checked there', async () => {
    const storage = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, singleWriter: true, cacheItems: 1 });
    await storage.write({ [key]: { n: 0 } });
    await storage.write({ 'directline/conversations/another/': { n: 0 } });
    calls.length = 0;
    const item = (await storage.read([key]))[key];
    assert.equal(item.n, 0);
    assert.deepEqual(calls, ['find'], 'evicted: read from the database');
    await storage.write({ [key]: { n: 'evicted meanwhile', eTag: '*' } });
    await storage.write({ 'directline/conversations/another/': { n: 1 } }); // evicts it again
    calls.length = 0;
    await assert.rejects(storage.write({ [key]: { ...item, n: 'stale' } }), ETagConflictError);
    assert.deepEqual(calls, ['find'], 'not cached: checked against the database');
  });

  it('when several instances share the database, then a turn is one read and one conditional write', async () => {
    const storage = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, cacheItems: 10 });
    await storage.write({ [key]: { n: 0 } });
    for (let n = 1; n <= 3; n++) assert.deepEqual(await turn(storage, n), ['find', 'update'], `turn ${n}`);
    const other = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, cacheItems: 10 });
    const theirs = (await other.read([key]))[key];
    await other.write({ [key]: { ...theirs, n: 'other instance' } });
    assert.equal((await storage.read([key]))[key].n, 'other instance', 'the database answers, not the copy');
  });
});

describe('MongoStorage with a sealer: state is never readable in the database', () => {
  let conn: Connection;
  const key = 'webchat/conversations/conv-sealed/';
  const cipher = new FieldCipher(parseKeyring(`k1:${Buffer.alloc(32, 9).toString('base64')}`));

  beforeEach(async () => {
    conn = await openTestDb('sealedstate');
  });
  afterEach(async () => dropTestDb(conn));

  it('when an item is written, then the stored document is ciphertext and it reads back whole', async () => {
    const storage = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, sealer: new CipherStateSealer(cipher) });
    await storage.write({ [key]: { view: { vars: { text: 'moja tajna priča' } } } });
    const raw = JSON.stringify(await conn.collection('botstate').find().toArray());
    assert.ok(!raw.includes('tajna') && !raw.includes('view'), raw);
    assert.deepEqual((await storage.read([key]))[key].view, { vars: { text: 'moja tajna priča' } });
  });

  it('when a sealed item is copied under another key, or its key is unknown, then it reads as absent and is reported', async () => {
    let unreadable = 0;
    const storage = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, sealer: new CipherStateSealer(cipher), onUnreadable: () => unreadable++ });
    await storage.write({ [key]: { n: 1 } });
    const doc = await conn.collection<{ _id: string; data: string }>('botstate').findOne({ _id: hashKey(key) });
    await conn.collection<{ _id: string }>('botstate').insertOne({ ...doc!, _id: hashKey('webchat/conversations/other/') });
    assert.deepEqual(await storage.read(['webchat/conversations/other/']), {});
    const otherKey = new FieldCipher(parseKeyring(`k1:${Buffer.alloc(32, 8).toString('base64')}`));
    const rotatedAway = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, sealer: new CipherStateSealer(otherKey), onUnreadable: () => unreadable++ });
    assert.deepEqual(await rotatedAway.read([key]), {});
    assert.equal(unreadable, 2);
  });

  it('when the conversation state hands over the JSON of a turn, then the storage seals that JSON, notes the JSON it opened, and never writes a noted read for a changed item', async () => {
    const storage = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, sealer: new CipherStateSealer(cipher), singleWriter: true, cacheItems: 10 });
    const item = { n: 1, eTag: '*' };
    savingJson.set(item, JSON.stringify({ n: 1 }));
    await storage.write({ [key]: item });
    assert.equal(savingJson.has(item), false, 'taken by the write');
    const read = (await storage.read([key]))[key] as Record<string, unknown>;
    assert.deepEqual({ ...read, eTag: undefined }, { n: 1, eTag: undefined });
    assert.equal(openedJson.get(read), JSON.stringify({ n: 1 }));
    // Changed by someone who does not take the noted JSON: the change is what is stored.
    read.n = 2;
    await storage.write({ [key]: read });
    const again = (await new MongoStorage(botStateModel(conn), { ttlMs: 60_000, sealer: new CipherStateSealer(cipher) }).read([key]))[key] as Record<string, unknown>;
    assert.equal(again.n, 2);
  });

  it('when an item was stored before sealing existed, then it is still read, and sealed on its next write', async () => {
    await new MongoStorage(botStateModel(conn), { ttlMs: 60_000 }).write({ [key]: { n: 1 } });
    const storage = new MongoStorage(botStateModel(conn), { ttlMs: 60_000, sealer: new CipherStateSealer(cipher) });
    const item = (await storage.read([key]))[key];
    assert.equal(item.n, 1);
    await storage.write({ [key]: { ...item, n: 2 } });
    const raw = await conn.collection<{ _id: string; data: string }>('botstate').findOne({ _id: hashKey(key) });
    assert.match(raw!.data, /^sealed1:/);
  });
});
