import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { authorityModel } from '../../models/authority';
import { RegistryVersions } from '../../models/registryVersions';
import { routingRuleModel } from '../../models/routingRule';
import { dropTestDb, openTestDb } from '../support/db';

describe('registry versions (models/registryVersions.ts): what the dashboard shows beside each registry entry', () => {
  let conn: Connection;
  beforeEach(async () => {
    conn = await openTestDb('registryversions');
  });
  afterEach(() => dropTestDb(conn));

  it('when authorities and rules are stored, then each id maps to its own version and source, and the two collections do not mix', async () => {
    // Raw documents: only the bookkeeping fields matter here.
    type Raw = { _id: string; version: number; source: string };
    await conn.db!.collection<Raw>(authorityModel(conn).collection.collectionName).insertMany([
      { _id: 'police-vtk', version: 3, source: 'admin' },
      { _id: 'nccos', version: 1, source: 'seed' },
    ]);
    await conn.db!.collection<Raw>(routingRuleModel(conn).collection.collectionName).insertOne({ _id: 'other', version: 7, source: 'import' });
    const versions = new RegistryVersions(conn);
    assert.deepEqual([...(await versions.authorities())].sort(), [['nccos', { version: 1, source: 'seed' }], ['police-vtk', { version: 3, source: 'admin' }]]);
    assert.deepEqual([...(await versions.rules())], [['other', { version: 7, source: 'import' }]]);
  });

  it('when nothing is stored, then both maps are empty', async () => {
    const versions = new RegistryVersions(conn);
    assert.equal((await versions.authorities()).size, 0);
    assert.equal((await versions.rules()).size, 0);
  });
});
