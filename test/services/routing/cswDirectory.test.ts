import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { authorityModel } from '../../../models/authority';
import { parseCsv } from '../../../services/routing/csv';
import { importCswDirectory, parseCswDirectory } from '../../../services/routing/cswDirectory';
import { loadMunicipalities } from '../../../services/routing/municipalities';
import { loadRoutingSeed } from '../../../services/routing/routingSeed';
import { renderReasons } from '../../../services/routing/reasonTemplate';
import { RoutingService } from '../../../services/routing/routingService';
import { seedRouting } from '../../../services/routing/seed';
import { RoutingRegistry } from '../../../models/routingRegistry';
import { dropTestDb, openTestDb } from '../../support/db';

const FIXTURE = path.join(__dirname, 'fixtures', 'csw-directory.csv');

describe('centres for social work directory import', function () {
  this.timeout(60_000);
  const municipalities = loadMunicipalities();
  const seed = loadRoutingSeed();
  const generic = (slug: string) => seed.authorities.find((a) => a.id === `csw-${slug}`);

  it('when CSV has quotes, escaped quotes, CRLF and blank lines, then fields and line numbers are right', () => {
    const rows = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n');
    assert.deepEqual(rows, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 4, fields: ['multi\nline', 'z'] },
    ]);
  });

  it('when the fixture is parsed, then valid rows resolve by name, slug, Cyrillic or alias, and every bad row is reported', () => {
    const { entries, rejected } = parseCswDirectory(fs.readFileSync(FIXTURE, 'utf8'), municipalities);
    assert.deepEqual(entries.map((e) => e.slug), ['novi-sad', 'cacak', 'kragujevac', 'beograd']);
    assert.equal(entries[2]?.name, 'Centar za socijalni rad "Solidarnost" Kragujevac');
    assert.deepEqual(rejected.map((r) => r.line), [5, 6, 9, 10]);
    assert.match(rejected[0]?.reason ?? '', /unknown municipality "Atlantida"/);
    assert.match(rejected[1]?.reason ?? '', /email/);
    assert.match(rejected[2]?.reason ?? '', /already given on line 2/);
    assert.match(rejected[3]?.reason ?? '', /expected 5 columns/);
  });

  it('when the header is wrong, then nothing is imported and the error names the expected header', () => {
    assert.throws(() => parseCswDirectory('opstina,ime\nBor,CSR Bor\n', municipalities), /municipality,name,email,phone,webhook/);
  });

  describe('against the database', () => {
    let conn: Connection;
    before(async () => {
      conn = await openTestDb('cswimport');
    });
    after(() => dropTestDb(conn));

    it('when the directory is imported over the seed, then the centres get their contacts and a re-seed keeps them', async () => {
      await seedRouting(new RoutingRegistry(conn), seed);
      const { entries } = parseCswDirectory(fs.readFileSync(FIXTURE, 'utf8'), municipalities);
      assert.deepEqual(await importCswDirectory(new RoutingRegistry(conn), entries, generic), { inserted: 0, updated: 4 });

      const ns = await authorityModel(conn).findById('csw-novi-sad').lean();
      assert.equal(ns?.name['sr-Latn'], 'Centar za socijalni rad Grada Novog Sada');
      assert.equal(ns?.name.en, 'Centre for Social Work Novi Sad');
      assert.deepEqual(ns?.contact, { email: 'csw-novi-sad@example.org', phone: '021 000 000', configured: true });
      assert.equal(ns?.source, 'import');
      assert.equal(ns?.jurisdiction.municipality, 'novi-sad');
      const bg = await authorityModel(conn).findById('csw-beograd').lean();
      assert.deepEqual(bg?.contact, { phone: '011 000 000', configured: false }, 'a phone alone is not a delivery channel');

      const reseed = await seedRouting(new RoutingRegistry(conn), seed);
      assert.equal(reseed.authorities.keptEdited, 4);
      assert.equal((await authorityModel(conn).findById('csw-cacak').lean())?.contact.webhook, 'https://hooks.example.org/csw-cacak');

      const routing = new RoutingService(new RoutingRegistry(conn));
      const d = await routing.route({
        category: 'sextortion', immediateDanger: false, victimAge: '14-17', reporterRole: 'parent', municipality: 'novi-sad',
      });
      const imported = (await routing.data()).authorities.find((a) => a.id === 'csw-novi-sad');
      const reasons = d.authorities.find((a) => a.id === 'csw-novi-sad')?.reasons ?? [];
      assert.match(renderReasons(reasons, 'sr-Latn', imported), /^Centar za socijalni rad Grada Novog Sada pruža podršku/);
      assert.match(renderReasons(reasons, 'sr-Cyrl', imported), /^Центар за социјални рад Града Новог Сада пружа подршку/);
    });

    it('when the directory is imported before any seed, then complete authorities are created', async () => {
      const fresh = await openTestDb('cswfresh');
      try {
        const { entries } = parseCswDirectory('municipality,name,email,phone,webhook\nBor,CSR Bor,csr-bor@example.org,,\n', municipalities);
        assert.deepEqual(await importCswDirectory(new RoutingRegistry(fresh), entries, generic), { inserted: 1, updated: 0 });
        const bor = await authorityModel(fresh).findById('csw-bor').lean();
        assert.equal(bor?.kind, 'social-work');
        assert.equal(bor?.active, true);
        assert.equal(bor?.version, 1);
        assert.equal(bor?.jurisdiction.scope, 'municipality');
      } finally {
        await dropTestDb(fresh);
      }
    });
  });
});
