import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import mongoose, { Types } from 'mongoose';
import { startEmbeddedDatabase, EmbeddedDatabase } from '../../server/db/embedded';

const DB = 'idx';

/** How SQLite would run FerretDB's own lookup by `_id` (its exact SQL) on each collection table of the file. */
function lookupPlans(file: string): Map<string, string> {
  const sqlite = new DatabaseSync(file, { readOnly: true });
  try {
    const plans = new Map<string, string>();
    const tables = sqlite.prepare('SELECT name, table_name FROM _ferretdb_collections').all() as { name: string; table_name: string }[];
    for (const t of tables) {
      const rows = sqlite.prepare(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "${t.table_name}" WHERE _ferretdb_sjson->'$._id' = ?`).all('"x"') as { detail: string }[];
      plans.set(t.name, rows.map((r) => r.detail).join('; '));
    }
    return plans;
  } finally {
    sqlite.close();
  }
}

describe('embedded database: lookups by _id use an index (FerretDB launcher)', function () {
  this.timeout(120_000);
  let dir: string;
  let db: EmbeddedDatabase | undefined;
  let conn: mongoose.Connection | undefined;

  const open = async (): Promise<mongoose.Connection> => {
    const uri = new URL(db!.uri);
    uri.pathname = `/${DB}`;
    return mongoose.createConnection(uri.toString()).asPromise();
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-idindex-'));
    db = await startEmbeddedDatabase({ dir });
    conn = await open();
  });
  afterEach(async () => {
    await conn?.close();
    await db?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when collections are indexed, then SQLite answers FerretDB\'s _id lookup from our index, documents read and write as before, and clients see only _id_', async function () {
    if (db!.kind !== 'ferretdb') {
      // A real mongod indexes _id itself; the call is a no-op there.
      assert.equal(await db!.indexIdLookups(DB), 0);
      return;
    }
    const ids = Array.from({ length: 50 }, () => new Types.ObjectId());
    await conn!.collection('reports').insertMany(ids.map((_id, i) => ({ _id, n: i })));
    await conn!.collection('notes').insertOne({ _id: 'plain-string-id' as unknown as Types.ObjectId, n: -1 });
    const file = path.join(dir, 'ferretdb', `${DB}.sqlite`);

    const before = lookupPlans(file);
    assert.match(before.get('reports')!, /^SCAN /, 'without our index FerretDB\'s lookup reads the whole table');

    assert.equal(await db!.indexIdLookups(DB), 2);
    assert.equal(await db!.indexIdLookups(DB), 0, 'a second call finds nothing left to do');
    const after = lookupPlans(file);
    for (const name of ['reports', 'notes']) assert.match(after.get(name)!, /USING INDEX \S+__bezbedno_id_lookup/, `${name} lookup uses the index`);

    const reports = conn!.collection('reports');
    assert.equal((await reports.findOne({ _id: ids[37] }))?.n, 37);
    assert.equal((await conn!.collection('notes').findOne({ _id: 'plain-string-id' as unknown as Types.ObjectId }))?.n, -1);
    await reports.updateOne({ _id: ids[37] }, { $set: { n: 1037 } });
    assert.equal((await reports.findOne({ _id: ids[37] }))?.n, 1037, 'an update is read back through the index');
    await reports.deleteOne({ _id: ids[3] });
    assert.equal(await reports.findOne({ _id: ids[3] }), null);
    await assert.rejects(reports.insertOne({ _id: ids[5], n: 5 }), /duplicate key/i, 'FerretDB\'s own unique _id index still guards');
    assert.deepEqual((await reports.indexes()).map((i) => i.name), ['_id_']);

    await reports.drop();
    await conn!.collection('reports').insertOne({ _id: ids[0], n: 0 });
    assert.match(lookupPlans(file).get('reports')!, /^SCAN /, 'a re-created collection is a new table');
    assert.equal(await db!.indexIdLookups(DB), 1);
  });

  it('when the launcher starts on a folder with unindexed collections, then it indexes them before serving', async function () {
    if (db!.kind !== 'ferretdb') {
      assert.equal(await db!.indexIdLookups(DB), 0);
      return;
    }
    await conn!.collection('later').insertOne({ _id: new Types.ObjectId(), n: 1 });
    const file = path.join(dir, 'ferretdb', `${DB}.sqlite`);
    assert.match(lookupPlans(file).get('later')!, /^SCAN /);
    await conn!.close();
    await db!.stop();

    db = await startEmbeddedDatabase({ dir });
    assert.match(lookupPlans(file).get('later')!, /USING INDEX/);
    conn = await open();
    assert.equal((await conn.collection('later').countDocuments({})), 1);
    assert.equal(await db.indexIdLookups(DB), 0);
  });

  it('when asked for something that is not a database name, or a database that does not exist, then nothing is opened or created', async function () {
    await assert.rejects(db!.indexIdLookups('../etc'), /not a database name/);
    if (db!.kind !== 'ferretdb') return;
    assert.equal(await db!.indexIdLookups('nosuchdb'), 0);
    assert.equal(fs.existsSync(path.join(dir, 'ferretdb', 'nosuchdb.sqlite')), false);
  });
});
