import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadMunicipalities } from '../../../services/routing/municipalities';
import { municipalitySlug } from '../../../services/routing/municipalitySlug';
import { DEFAULT_SEED_FILES, loadRoutingSeed } from '../../../services/routing/routingSeed';
import { InvalidSituationError, validateSituation } from '../../../services/routing/situationSchema';

describe('routing seed files and the situation schema', () => {
  const municipalities = loadMunicipalities();
  const seed = loadRoutingSeed();

  it('when the municipality list is read, then it has every unit once, with slugs derived from the names', () => {
    assert.ok(municipalities.length >= 165, `${municipalities.length} units`);
    for (const m of municipalities) {
      // Only the two Palilulas carry their city in the slug.
      if (!m.slug.startsWith('palilula-')) assert.equal(m.slug, municipalitySlug(m.name), m.name);
    }
    for (const city of ['beograd', 'novi-sad', 'nis', 'kragujevac', 'subotica', 'novi-pazar', 'zemun', 'petrovaradin', 'indjija']) {
      assert.ok(municipalities.some((m) => m.slug === city), city);
    }
    assert.equal(new Set(municipalities.map((m) => m.district)).size, 25, '24 districts and the City of Belgrade');
  });

  it('when the seed is loaded, then every municipality has a generic centre for social work with no endpoint', () => {
    const csw = seed.authorities.filter((a) => a.kind === 'social-work');
    assert.equal(csw.length, municipalities.length);
    for (const a of csw) {
      assert.equal(a.id, `csw-${a.jurisdiction.municipality}`);
      assert.deepEqual(a.contact, { configured: false });
    }
  });

  it('when the seed is loaded, then the SPEC.md authorities exist and no endpoint is configured or real', () => {
    for (const id of ['police-vtk', 'prosecutor-vtk', 'nccos', 'emergency-192', 'helpline-116111', 'poverenik', 'school']) {
      assert.ok(seed.authorities.some((a) => a.id === id), id);
    }
    assert.equal(seed.authorities.filter((a) => a.kind === 'victim-support').length, 4);
    for (const a of seed.authorities) {
      assert.equal(a.contact.configured, false, a.id);
      for (const endpoint of [a.contact.email, a.contact.webhook]) {
        if (endpoint) assert.match(endpoint, /example\.org/, `${a.id}: placeholder endpoints only`);
      }
    }
    assert.equal(seed.authorities.find((a) => a.id === 'nccos')?.publicPhone, '19833');
    assert.equal(seed.authorities.find((a) => a.id === 'emergency-192')?.publicPhone, '192');
  });

  it('when a rule names an authority that does not exist, then loading fails naming the rule', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'routing-seed-'));
    try {
      const rules = fs.readFileSync(DEFAULT_SEED_FILES.rules, 'utf8').replace('authority: poverenik', 'authority: povernik');
      fs.writeFileSync(path.join(dir, 'rules.yaml'), rules);
      assert.throws(
        () => loadRoutingSeed({ ...DEFAULT_SEED_FILES, rules: path.join(dir, 'rules.yaml') }),
        /rule privacy names unknown povernik/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a municipality is given as a name in either script, then the situation carries its slug', () => {
    const base = { category: 'grooming', immediateDanger: false, victimAge: '14-17', reporterRole: 'pupil' };
    assert.equal(validateSituation({ ...base, municipality: 'Bačka Palanka' }).municipality, 'backa-palanka');
    assert.equal(validateSituation({ ...base, municipality: 'Инђија' }).municipality, 'indjija');
    assert.equal(validateSituation({ ...base, municipality: '' }).municipality, undefined);
  });

  it('when a situation has an unknown field or a string for a flag, then every problem is listed', () => {
    const bad = { category: 'grooming', immediateDanger: 'true', victimAge: '14-17', reporterRole: 'pupil', meetingPlaned: true };
    assert.throws(
      () => validateSituation(bad),
      (e: unknown) =>
        e instanceof InvalidSituationError &&
        e.problems.some((d) => d.includes('"immediateDanger" must be a boolean')) &&
        e.problems.some((d) => d.includes('"meetingPlaned" is not allowed')),
    );
  });
});
