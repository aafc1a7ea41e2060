import assert from 'node:assert/strict';
import fs from 'node:fs';
import YAML from 'yaml';
import { buildCatalog } from '../../../services/i18n/catalog';
import { decide } from '../../../services/routing/engine';
import { LEGACY_REASONS_FILE, legacyReasonRefs } from '../../../services/routing/legacyReasons';
import { isKnownReason, renderReason, renderReasons } from '../../../services/routing/reasonTemplate';
import { routingRuleSchema } from '../../../services/routing/routingSchemas';
import { loadRoutingSeed } from '../../../services/routing/routingSeed';
import { validateSituation } from '../../../services/routing/situationSchema';
import type { ReasonRef } from '../../../core/domain/routing';
import { isCyrillicText } from '../../support/scripts';

const seed = loadRoutingSeed();
const catalog = buildCatalog();
const legacy = (YAML.parse(fs.readFileSync(LEGACY_REASONS_FILE, 'utf8')) as { reasons: Array<{ key: string; en: string }> }).reasons;
const byId = (id: string) => seed.authorities.find((a) => a.id === id);

/** Every reason, urgency reason and description the seeded rules hold. */
function seededRefs(): Array<{ where: string; ref: unknown }> {
  return seed.rules.flatMap((r) => [
    { where: `${r.id} description`, ref: r.description },
    ...(r.urgencyReason ? [{ where: `${r.id} urgencyReason`, ref: r.urgencyReason }] : []),
    ...r.add.flatMap((t, i) => [
      { where: `${r.id} add[${i}]`, ref: t.reason },
      ...(t.otherwise ? [{ where: `${r.id} add[${i}].otherwise`, ref: t.otherwise.reason }] : []),
    ]),
  ]);
}

/** Situations that reach every seeded rule and target. */
const SITUATIONS = [
  { category: 'sextortion', immediateDanger: true, victimAge: 'under14', reporterRole: 'parent', municipality: 'nis', deadlineRunning: true },
  { category: 'sextortion', immediateDanger: false, victimAge: '14-17', reporterRole: 'pupil' },
  { category: 'grooming', immediateDanger: false, victimAge: '14-17', reporterRole: 'teacher', victimIsPupil: true, municipality: 'novi-sad', meetingPlanned: true },
  { category: 'nudes', immediateDanger: false, victimAge: '14-17', reporterRole: 'parent', municipality: 'zemun' },
  { category: 'cyberbullying', immediateDanger: false, victimAge: '14-17', reporterRole: 'pupil', threatsOfViolence: true, municipality: 'kraljevo' },
  { category: 'privacy', immediateDanger: false, victimAge: '18+', reporterRole: 'other', personalDataMisuse: true, identityTheft: true, extortion: true },
  { category: 'csam', immediateDanger: false, victimAge: 'unknown', reporterRole: 'other' },
  { category: 'other', immediateDanger: false, victimAge: '18+', reporterRole: 'other' },
].map((s) => validateSituation(s));

describe('routing reasons as resource keys', () => {
  it('when the seed is loaded, then every reason, urgency reason and rule description is a key the catalogue has in sr-Latn and en', () => {
    for (const { where, ref } of seededRefs()) {
      assert.ok(ref && typeof ref === 'object' && 'key' in ref, `${where} is not a resource key`);
      assert.ok(isKnownReason(ref as ReasonRef), `${where}: ${(ref as { key: string }).key} is missing from content/locales`);
    }
  });

  it('when the catalogue is read, then every routing.* key is used by a seeded rule (no stale sentences)', () => {
    const used = new Set(seededRefs().map(({ ref }) => (ref as { key: string }).key));
    const unused = Object.keys(catalog['sr-Latn']).filter((k) => k.startsWith('routing.') && !used.has(k));
    assert.deepEqual(unused, []);
  });

  it('when a decision is rendered, then each locale reads its own language, placeholders filled with the authority\'s name in that script', () => {
    const d = decide(SITUATIONS[0]!, seed.rules, seed.authorities);
    const csw = d.authorities.find((a) => a.id === 'csw-nis')!;
    assert.deepEqual(csw.reasons, [{ key: 'routing.reason.socialWork.victim' }]);
    assert.equal(renderReasons(csw.reasons!, 'sr-Latn', byId('csw-nis')), 'Centar za socijalni rad Niš pruža podršku i zaštitu detetu žrtvi.');
    assert.equal(renderReasons(csw.reasons!, 'sr-Cyrl', byId('csw-nis')), 'Центар за социјални рад Ниш пружа подршку и заштиту детету жртви.');
    assert.equal(renderReasons(csw.reasons!, 'en', byId('csw-nis')), 'The Centre for Social Work Niš supports and protects the child victim.');
    const police = d.authorities.find((a) => a.id === 'police-vtk')!;
    assert.deepEqual(police.reasons, [{ key: 'routing.reason.immediateDanger.police' }, { key: 'routing.reason.sextortion.police' }]);
    assert.match(renderReasons(police.reasons!, 'sr-Latn', byId('police-vtk')), /^Neposredna opasnost .* Seksualna iznuda je krivično delo/);
  });

  it('when an administrator writes a rule, then an unknown key is refused and a text in both languages is accepted and shown in Cyrillic too', () => {
    const rule = (reason: unknown) => ({ id: 'probno', order: 5, when: { category: 'other' }, add: [{ authority: 'nccos', reason }], active: true });
    const unknown = routingRuleSchema.validate(rule({ key: 'routing.reason.nePostoji' }));
    assert.match(unknown.error?.message ?? '', /is not a routing\.\* key of content\/locales/);
    assert.ok(routingRuleSchema.validate(rule({ 'sr-Latn': 'Samo engleski' })).error, 'a text needs both languages');
    const inline = { 'sr-Latn': 'Probno pravilo za {authority}.', en: 'A trial rule for the {authority}.' };
    assert.equal(routingRuleSchema.validate(rule(inline)).error, undefined);
    const cyrillic = renderReason(inline, 'sr-Cyrl', byId('nccos'));
    assert.ok(isCyrillicText(cyrillic), cyrillic);
    assert.equal(renderReason(inline, 'en', byId('nccos')), 'A trial rule for the National Contact Centre for Online Child Safety.');
  });

  describe('reports stored before reasons were keys', () => {
    it('when the legacy table is read, then its keys are unique and each is still in the catalogue', () => {
      assert.equal(new Set(legacy.map((r) => r.key)).size, legacy.length);
      for (const r of legacy) assert.ok(r.key in catalog.en, r.key);
    });

    it('when any seeded decision was stored as English text, then it reads back as the same keys', () => {
      const legacyEn = new Map(legacy.map((r) => [r.key, r.en]));
      for (const situation of SITUATIONS) {
        for (const a of decide(situation, seed.rules, seed.authorities).authorities) {
          const authority = byId(a.id)!;
          // What version 1 stored: the legacy sentences, filled with the English name and area, joined.
          const stored = (a.reasons ?? []).map((r) => legacyEn.get((r as { key: string }).key)!
            .replaceAll('{authority}', authority.name.en).replaceAll('{area}', authority.jurisdiction.area.en)).join(' ');
          assert.deepEqual(legacyReasonRefs(stored, authority), a.reasons, `${a.id}: ${stored}`);
        }
      }
    });

    it('when an old report holds these exact texts, then they map to keys', () => {
      assert.deepEqual(
        legacyReasonRefs('Sextortion is a criminal offence; the police secure the evidence and trace the offender.', byId('police-vtk')),
        [{ key: 'routing.reason.sextortion.police' }],
      );
      assert.deepEqual(
        legacyReasonRefs('The municipality is not known, so the contact centre decides which centre for social work to involve. The contact centre triages every report, advises and forwards it.', byId('nccos')),
        [{ key: 'routing.reason.socialWork.municipalityUnknown' }, { key: 'routing.reason.contactCentre.triage' }],
      );
    });

    it('when a stored text is not (only) seeded sentences, then it is not guessed at', () => {
      assert.equal(legacyReasonRefs('A trial rule written by an administrator.', byId('nccos')), undefined);
      assert.equal(legacyReasonRefs('Sextortion is a criminal offence; the police secure the evidence and trace the offender. And more.', byId('police-vtk')), undefined);
      assert.equal(legacyReasonRefs('Sextortion is a criminal offence', byId('police-vtk')), undefined);
      assert.equal(legacyReasonRefs('', byId('police-vtk')), undefined);
    });
  });
});
