import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { authorityModel } from '../../../models/authority';
import { routingRuleModel } from '../../../models/routingRule';
import { loadRoutingSeed } from '../../../services/routing/routingSeed';
import { RoutingEditError } from '../../../services/routing/routingEdits';
import { RoutingService } from '../../../services/routing/routingService';
import { seedRouting } from '../../../services/routing/seed';
import { RoutingRegistry } from '../../../models/routingRegistry';
import type { Situation } from '../../../core/domain/routing';
import { dropTestDb, openTestDb } from '../../support/db';

const csam: Situation = { category: 'csam', immediateDanger: false, victimAge: 'under14', reporterRole: 'parent' };

describe('routing data in MongoDB: seed and RoutingService', function () {
  this.timeout(60_000);
  let conn: Connection;
  const seed = loadRoutingSeed();

  before(async () => {
    conn = await openTestDb('routing');
  });
  after(() => dropTestDb(conn));

  it('when the seed runs twice, then the second pass changes nothing and nothing is duplicated', async () => {
    const first = await seedRouting(new RoutingRegistry(conn), seed);
    assert.equal(first.authorities.inserted, seed.authorities.length);
    assert.equal(first.rules.inserted, seed.rules.length);
    const second = await seedRouting(new RoutingRegistry(conn), seed);
    assert.deepEqual(second.authorities, { inserted: 0, updated: 0, unchanged: seed.authorities.length, keptEdited: 0, retired: 0 });
    assert.deepEqual(second.rules, { inserted: 0, updated: 0, unchanged: seed.rules.length, keptEdited: 0, retired: 0 });
    assert.equal(await authorityModel(conn).countDocuments(), seed.authorities.length);
    assert.equal(await routingRuleModel(conn).countDocuments(), seed.rules.length);
    const stored = await authorityModel(conn).findById('csw-novi-sad').lean();
    assert.equal(stored?.source, 'seed');
    assert.equal(stored?.version, 1);
    assert.equal(stored?.contact.configured, false);
  });

  it('when the service routes from the database, then it decides exactly as the files do', async () => {
    const service = new RoutingService(new RoutingRegistry(conn));
    const data = await service.data();
    assert.equal(data.from, 'database');
    const s: Situation = { ...csam, category: 'sextortion', municipality: 'zemun', victimAge: '14-17' };
    const fromFiles = await new RoutingService().route(s);
    assert.deepEqual(await service.route(s), fromFiles);
    assert.deepEqual(fromFiles.authorities.map((a) => a.id), ['police-vtk', 'prosecutor-vtk', 'csw-zemun', 'cvpu-beograd', 'nccos']);
  });

  it('when an administrator edits a rule, then the next decision uses it and a later seed keeps it', async () => {
    const service = new RoutingService(new RoutingRegistry(conn), { cacheMs: 60_000 });
    assert.equal((await service.route(csam)).urgency, 'immediate');
    const rule = (await service.data()).rules.find((r) => r.id === 'victim-under-14');
    assert.ok(rule);
    const version = await service.editRule({ ...rule, active: false }, 1);
    assert.equal(version, 2);
    assert.equal((await service.route(csam)).urgency, 'high', 'the edit invalidated the cache');

    const reseed = await seedRouting(new RoutingRegistry(conn), seed);
    assert.equal(reseed.rules.keptEdited, 1);
    const stored = await routingRuleModel(conn).findById('victim-under-14').lean();
    assert.equal(stored?.source, 'admin');
    assert.equal(stored?.active, false);
    await assert.rejects(service.editRule({ ...rule, active: true }, 1), (e: unknown) => e instanceof RoutingEditError && e.code === 'conflict');
  });

  it('when another process edits, then a cached service sees it only after the cache expires', async () => {
    let clock = 0;
    const service = new RoutingService(new RoutingRegistry(conn), { cacheMs: 1000, now: () => clock });
    const before = await service.route({ ...csam, category: 'other', victimAge: '18+' });
    assert.deepEqual(before.authorities.map((a) => a.id), ['nccos']);
    const other = (await service.data()).rules.find((r) => r.id === 'other');
    assert.ok(other);
    const poverenik = { authority: 'poverenik', reason: { 'sr-Latn': 'Probno pravilo.', en: 'A test rule.' } };
    await new RoutingService(new RoutingRegistry(conn)).editRule({ ...other, add: [...other.add, poverenik] });
    assert.deepEqual((await service.route({ ...csam, category: 'other', victimAge: '18+' })).authorities.map((a) => a.id), ['nccos']);
    clock = 1001;
    assert.deepEqual((await service.route({ ...csam, category: 'other', victimAge: '18+' })).authorities.map((a) => a.id), ['nccos', 'poverenik']);
  });

  it('when the seed changes an entry, then only seed-sourced entries are rewritten and their version rises', async () => {
    const changed = structuredClone(seed);
    const nccos = changed.authorities.find((a) => a.id === 'nccos');
    assert.ok(nccos);
    nccos.actsOn = { ...nccos.actsOn, en: 'Every report.' };
    changed.authorities = changed.authorities.filter((a) => a.id !== 'csw-bor');
    const res = await seedRouting(new RoutingRegistry(conn), changed);
    assert.equal(res.authorities.updated, 1);
    assert.equal(res.authorities.retired, 1);
    const stored = await authorityModel(conn).findById('nccos').lean();
    assert.equal(stored?.actsOn.en, 'Every report.');
    assert.equal(stored?.version, 2);
    assert.equal((await authorityModel(conn).findById('csw-bor').lean())?.active, false);
    // Back to the shipped seed: the retired centre returns.
    const back = await seedRouting(new RoutingRegistry(conn), seed);
    assert.equal(back.authorities.updated, 2);
    assert.equal((await authorityModel(conn).findById('csw-bor').lean())?.active, true);
  });

  it('when an administrator saves an invalid rule, then it is refused', async () => {
    const service = new RoutingService(new RoutingRegistry(conn));
    const rule = (await service.data()).rules[0];
    assert.ok(rule);
    await assert.rejects(
      service.editRule({ ...rule, when: { category: 'nonsense' } }),
      (e: unknown) => e instanceof RoutingEditError && e.code === 'invalid',
    );
  });

  it('when the database is not seeded, then the service routes from the files', async () => {
    const empty = await openTestDb('routingempty');
    try {
      const service = new RoutingService(new RoutingRegistry(empty));
      assert.equal((await service.data()).from, 'files');
      assert.equal((await service.route(csam)).urgency, 'immediate');
    } finally {
      await dropTestDb(empty);
    }
  });
});
