import assert from 'node:assert/strict';
import { decide } from '../../../services/routing/engine';
import { loadRoutingSeed } from '../../../services/routing/routingSeed';
import { validateSituation } from '../../../services/routing/situationSchema';
import { LOCALES } from '../../../services/i18n/locales';
import { isKnownReason, renderReason, renderReasons } from '../../../services/routing/reasonTemplate';
import type { RoutingDecision, Urgency } from '../../../core/domain/routing';

const seed = loadRoutingSeed();

interface Row {
  when: string;
  situation: Record<string, unknown>;
  urgency: Urgency;
  ids: string[];
  /** Expected fragments of one authority's English reason. */
  reasonHas?: Record<string, string[]>;
}

const parent = { immediateDanger: false, victimAge: '14-17', reporterRole: 'parent' };
const UNKNOWN_CSW = 'decides which centre for social work';

/** The routing matrix of SPEC.md section 4, one situation per row. */
const TABLE: Row[] = [
  // CSAM
  { when: 'CSAM is found', situation: { ...parent, category: 'csam' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'nccos'], reasonHas: { 'police-vtk': ['art. 185'] } },
  { when: 'CSAM shows a child under 14', situation: { ...parent, category: 'csam', victimAge: 'under14' }, urgency: 'immediate', ids: ['police-vtk', 'prosecutor-vtk', 'nccos'] },
  { when: 'CSAM with the victim of unknown age', situation: { ...parent, category: 'csam', victimAge: 'unknown' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'nccos'] },
  { when: 'CSAM with someone in immediate danger', situation: { ...parent, category: 'csam', immediateDanger: true }, urgency: 'immediate', ids: ['emergency-192', 'police-vtk', 'nccos', 'prosecutor-vtk'], reasonHas: { 'police-vtk': ['Immediate danger', 'art. 185'] } },
  // Sextortion
  { when: 'sextortion in Novi Sad (a unit region)', situation: { ...parent, category: 'sextortion', municipality: 'novi-sad' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'csw-novi-sad', 'cvpu-novi-sad', 'nccos'], reasonHas: { 'csw-novi-sad': ['Novi Sad', 'child victim'], 'cvpu-novi-sad': ['South Bačka District'] } },
  { when: 'sextortion in Čačak (no unit region)', situation: { ...parent, category: 'sextortion', municipality: 'cacak' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'csw-cacak', 'nccos'] },
  { when: 'sextortion in a Belgrade city municipality', situation: { ...parent, category: 'sextortion', municipality: 'zemun' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'csw-zemun', 'cvpu-beograd', 'nccos'] },
  { when: 'sextortion with the town written in Cyrillic', situation: { ...parent, category: 'sextortion', municipality: 'Крагујевац' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'csw-kragujevac', 'cvpu-kragujevac', 'nccos'] },
  { when: 'sextortion with no municipality', situation: { ...parent, category: 'sextortion' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'nccos'], reasonHas: { nccos: [UNKNOWN_CSW, 'triages every report'] } },
  { when: 'sextortion in a municipality not in the list', situation: { ...parent, category: 'sextortion', municipality: 'Atlantida' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'nccos'], reasonHas: { nccos: [UNKNOWN_CSW] } },
  { when: 'sextortion with a deadline running', situation: { ...parent, category: 'sextortion', municipality: 'subotica', deadlineRunning: true }, urgency: 'immediate', ids: ['police-vtk', 'prosecutor-vtk', 'csw-subotica', 'nccos'] },
  { when: 'sextortion of a child under 14', situation: { ...parent, category: 'sextortion', victimAge: 'under14', municipality: 'subotica' }, urgency: 'immediate', ids: ['police-vtk', 'prosecutor-vtk', 'csw-subotica', 'nccos'] },
  { when: 'sextortion under 14 with a deadline (cap)', situation: { ...parent, category: 'sextortion', victimAge: 'under14', deadlineRunning: true }, urgency: 'immediate', ids: ['police-vtk', 'prosecutor-vtk', 'nccos'] },
  { when: 'sextortion with immediate danger in Niš', situation: { ...parent, category: 'sextortion', immediateDanger: true, municipality: 'Niš' }, urgency: 'immediate', ids: ['emergency-192', 'police-vtk', 'nccos', 'prosecutor-vtk', 'csw-nis', 'cvpu-nis'] },
  // Grooming
  { when: 'a parent reports grooming in Subotica', situation: { ...parent, category: 'grooming', municipality: 'subotica' }, urgency: 'high', ids: ['police-vtk', 'csw-subotica', 'nccos'], reasonHas: { 'police-vtk': ['art. 185b'] } },
  { when: 'a teacher reports grooming of a pupil', situation: { ...parent, category: 'grooming', reporterRole: 'teacher', victimIsPupil: true, municipality: 'valjevo' }, urgency: 'high', ids: ['police-vtk', 'csw-valjevo', 'school', 'nccos'], reasonHas: { school: ['teacher reports for a pupil'] } },
  { when: 'a teacher reports grooming of a pupil, no municipality', situation: { ...parent, category: 'grooming', reporterRole: 'teacher', victimIsPupil: true }, urgency: 'high', ids: ['police-vtk', 'nccos', 'school'], reasonHas: { nccos: [UNKNOWN_CSW] } },
  { when: 'a teacher reports grooming of a child who is not a pupil', situation: { ...parent, category: 'grooming', reporterRole: 'teacher', victimIsPupil: false, municipality: 'valjevo' }, urgency: 'high', ids: ['police-vtk', 'csw-valjevo', 'nccos'] },
  { when: 'a pupil reports grooming of themself', situation: { ...parent, category: 'grooming', reporterRole: 'pupil', victimIsPupil: true, municipality: 'valjevo' }, urgency: 'high', ids: ['police-vtk', 'csw-valjevo', 'nccos'] },
  { when: 'grooming with a meeting planned', situation: { ...parent, category: 'grooming', meetingPlanned: true, municipality: 'bor' }, urgency: 'immediate', ids: ['police-vtk', 'csw-bor', 'nccos'] },
  { when: 'grooming of a child under 14', situation: { ...parent, category: 'grooming', victimAge: 'under14', municipality: 'bor' }, urgency: 'immediate', ids: ['police-vtk', 'csw-bor', 'nccos'] },
  { when: 'grooming with immediate danger', situation: { ...parent, category: 'grooming', immediateDanger: true, municipality: 'bor' }, urgency: 'immediate', ids: ['emergency-192', 'police-vtk', 'nccos', 'csw-bor'] },
  // Intimate images
  { when: 'intimate images of a minor are shared', situation: { ...parent, category: 'nudes', municipality: 'pancevo' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'school', 'csw-pancevo', 'nccos'] },
  { when: 'intimate images of a child who is not a pupil', situation: { ...parent, category: 'nudes', victimIsPupil: false, municipality: 'pancevo' }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'csw-pancevo', 'nccos'] },
  { when: 'intimate images of a child under 14', situation: { ...parent, category: 'nudes', victimAge: 'under14' }, urgency: 'immediate', ids: ['police-vtk', 'prosecutor-vtk', 'school', 'nccos'], reasonHas: { nccos: [UNKNOWN_CSW] } },
  { when: 'intimate images with immediate danger', situation: { ...parent, category: 'nudes', immediateDanger: true, municipality: 'pancevo' }, urgency: 'immediate', ids: ['emergency-192', 'police-vtk', 'nccos', 'prosecutor-vtk', 'school', 'csw-pancevo'] },
  // Cyberbullying
  { when: 'a pupil reports cyberbullying', situation: { ...parent, category: 'cyberbullying', reporterRole: 'pupil', victimIsPupil: true }, urgency: 'normal', ids: ['school', 'nccos'] },
  { when: 'cyberbullying of a child under 14', situation: { ...parent, category: 'cyberbullying', victimAge: 'under14' }, urgency: 'high', ids: ['school', 'nccos'] },
  { when: 'cyberbullying with threats of violence in Kraljevo (level 3)', situation: { ...parent, category: 'cyberbullying', threatsOfViolence: true, municipality: 'kraljevo' }, urgency: 'high', ids: ['school', 'police-vtk', 'csw-kraljevo', 'nccos'], reasonHas: { 'police-vtk': ['level 3'], 'csw-kraljevo': ['level 3', 'Kraljevo'] } },
  { when: 'cyberbullying with threats and no municipality', situation: { ...parent, category: 'cyberbullying', threatsOfViolence: true }, urgency: 'high', ids: ['school', 'police-vtk', 'nccos'], reasonHas: { nccos: [UNKNOWN_CSW] } },
  { when: 'cyberbullying with threats of violence against a child under 14', situation: { ...parent, category: 'cyberbullying', threatsOfViolence: true, victimAge: 'under14', municipality: 'kraljevo' }, urgency: 'immediate', ids: ['school', 'police-vtk', 'csw-kraljevo', 'nccos'] },
  { when: 'cyberbullying with no threats of violence (answered no)', situation: { ...parent, category: 'cyberbullying', threatsOfViolence: false, municipality: 'kraljevo' }, urgency: 'normal', ids: ['school', 'nccos'] },
  { when: 'cyberbullying of someone who is not a pupil', situation: { ...parent, category: 'cyberbullying', victimIsPupil: false, victimAge: '18+' }, urgency: 'normal', ids: ['nccos'] },
  { when: 'cyberbullying with immediate danger', situation: { ...parent, category: 'cyberbullying', immediateDanger: true }, urgency: 'immediate', ids: ['emergency-192', 'police-vtk', 'nccos', 'school'] },
  // Privacy
  { when: 'an account is hacked', situation: { ...parent, category: 'privacy' }, urgency: 'normal', ids: ['nccos'], reasonHas: { nccos: ['recovering the account'] } },
  { when: 'personal data are misused', situation: { ...parent, category: 'privacy', personalDataMisuse: true }, urgency: 'normal', ids: ['nccos', 'poverenik'] },
  { when: 'an identity is stolen', situation: { ...parent, category: 'privacy', identityTheft: true }, urgency: 'normal', ids: ['nccos', 'police-vtk'], reasonHas: { 'police-vtk': ['identity theft'] } },
  { when: 'a hacked account is used to extort', situation: { ...parent, category: 'privacy', extortion: true }, urgency: 'normal', ids: ['nccos', 'police-vtk'], reasonHas: { 'police-vtk': ['extort'] } },
  { when: 'data misuse, identity theft and extortion together', situation: { ...parent, category: 'privacy', personalDataMisuse: true, identityTheft: true, extortion: true }, urgency: 'normal', ids: ['nccos', 'poverenik', 'police-vtk'], reasonHas: { 'police-vtk': ['identity theft', 'extort'] } },
  { when: 'a hacked account of a child under 14', situation: { ...parent, category: 'privacy', victimAge: 'under14' }, urgency: 'high', ids: ['nccos'] },
  { when: 'privacy with immediate danger', situation: { ...parent, category: 'privacy', immediateDanger: true, identityTheft: true }, urgency: 'immediate', ids: ['emergency-192', 'police-vtk', 'nccos'] },
  // Anything else
  { when: 'anything else', situation: { ...parent, category: 'other', reporterRole: 'other', victimAge: '18+' }, urgency: 'normal', ids: ['nccos'], reasonHas: { nccos: ['fits no specific category'] } },
  { when: 'anything else about a child under 14', situation: { ...parent, category: 'other', victimAge: 'under14' }, urgency: 'high', ids: ['nccos'] },
  { when: 'anything else with immediate danger', situation: { ...parent, category: 'other', immediateDanger: true }, urgency: 'immediate', ids: ['emergency-192', 'police-vtk', 'nccos'] },
  { when: 'immediate danger to a child under 14 (cap)', situation: { ...parent, category: 'other', immediateDanger: true, victimAge: 'under14' }, urgency: 'immediate', ids: ['emergency-192', 'police-vtk', 'nccos'] },
  // A crisis recognised during the report (the bot's crisis check), besides the category's own route
  { when: 'self-harm risk is disclosed in a pupil\'s cyberbullying report in Niš', situation: { ...parent, category: 'cyberbullying', reporterRole: 'pupil', victimIsPupil: true, municipality: 'nis', selfHarmRisk: true }, urgency: 'high', ids: ['school', 'nccos', 'helpline-116111', 'csw-nis'], reasonHas: { 'helpline-116111': ['self-harm', 'children\'s helpline'], 'csw-nis': ['Niš', 'self-harm'] } },
  { when: 'self-harm risk is disclosed and the municipality is not known', situation: { ...parent, category: 'cyberbullying', selfHarmRisk: true }, urgency: 'high', ids: ['school', 'nccos', 'helpline-116111'], reasonHas: { nccos: [UNKNOWN_CSW] } },
  { when: 'self-harm risk is disclosed in a sextortion report (the centre for social work is routed already)', situation: { ...parent, category: 'sextortion', municipality: 'novi-sad', selfHarmRisk: true }, urgency: 'high', ids: ['police-vtk', 'prosecutor-vtk', 'csw-novi-sad', 'cvpu-novi-sad', 'nccos', 'helpline-116111'], reasonHas: { 'csw-novi-sad': ['child victim', 'self-harm'] } },
  { when: 'self-harm risk is disclosed by a child under 14', situation: { ...parent, category: 'other', victimAge: 'under14', municipality: 'bor', selfHarmRisk: true }, urgency: 'immediate', ids: ['nccos', 'helpline-116111', 'csw-bor'] },
  { when: 'self-harm risk with immediate danger', situation: { ...parent, category: 'other', immediateDanger: true, municipality: 'bor', selfHarmRisk: true }, urgency: 'immediate', ids: ['emergency-192', 'police-vtk', 'nccos', 'helpline-116111', 'csw-bor'] },
  { when: 'danger is disclosed during a privacy report', situation: { ...parent, category: 'privacy', dangerDisclosed: true }, urgency: 'high', ids: ['emergency-192', 'nccos'], reasonHas: { 'emergency-192': ['192'], nccos: ['still present'] } },
  { when: 'self-harm and danger are disclosed (life in danger)', situation: { ...parent, category: 'grooming', municipality: 'bor', selfHarmRisk: true, dangerDisclosed: true }, urgency: 'high', ids: ['emergency-192', 'police-vtk', 'csw-bor', 'nccos', 'helpline-116111'] },
];

describe('routing engine: the matrix of SPEC.md section 4', () => {
  it(`when the table is counted, then it covers at least 30 situations (${TABLE.length})`, () => {
    assert.ok(TABLE.length >= 30);
  });

  for (const row of TABLE) {
    it(`when ${row.when}, then it routes to ${row.ids.join(', ')} at ${row.urgency}`, () => {
      const d = decide(validateSituation(row.situation), seed.rules, seed.authorities);
      assert.deepEqual(d.authorities.map((a) => a.id), row.ids);
      assert.equal(d.urgency, row.urgency);
      for (const [id, fragments] of Object.entries(row.reasonHas ?? {})) {
        const reason = d.authorities.find((a) => a.id === id)?.reason ?? '';
        for (const f of fragments) assert.ok(reason.includes(f), `${id}: "${reason}" lacks "${f}"`);
      }
      // Invariants of every decision.
      assert.ok(d.authorities.some((a) => a.id === 'nccos'), 'nccos is always routed');
      assert.equal(new Set(d.authorities.map((a) => a.id)).size, d.authorities.length, 'no duplicates');
      const emergency = d.authorities.findIndex((a) => a.id === 'emergency-192');
      assert.ok(emergency <= 0, 'emergency-192 comes first when present');
      assert.equal(emergency === 0, row.situation.immediateDanger === true || row.situation.dangerDisclosed === true);
      if (row.situation.selfHarmRisk) {
        assert.ok(d.authorities.some((a) => a.id === 'helpline-116111'), 'self-harm risk routes to the children\'s helpline');
        assert.notEqual(d.urgency, 'normal', 'self-harm risk is at least high');
      }
      for (const a of d.authorities) {
        const authority = seed.authorities.find((x) => x.id === a.id);
        assert.ok(a.reasons && a.reasons.length > 0 && a.reasons.every((r) => 'key' in r && isKnownReason(r)), `${a.id}: every reason is a known resource key`);
        assert.equal(a.reason, renderReasons(a.reasons, 'en', authority), `${a.id}: the printed reason is the keys in English`);
        for (const locale of LOCALES) {
          const text = renderReasons(a.reasons, locale, authority);
          assert.ok(text.length > 10, `${a.id} has a reason in ${locale}`);
          assert.doesNotMatch(text, /[{}]/, `${a.id}: unfilled placeholder in ${locale}`);
        }
      }
    });
  }
});

describe('routing engine: urgency explanations and data edits', () => {
  const sit = (s: Record<string, unknown>) => validateSituation({ ...parent, ...s });

  it('when the under-14 step raises the urgency, then its reason is listed; when the cap swallows it, then it is not', () => {
    const keys = (d: RoutingDecision) => (d.urgencyReasons ?? []).map((r) => ('key' in r ? r.key : r.en));
    const raised = decide(sit({ category: 'csam', victimAge: 'under14' }), seed.rules, seed.authorities);
    assert.deepEqual(keys(raised), ['routing.urgency.csam', 'routing.urgency.victimUnder14']);
    const capped = decide(sit({ category: 'other', immediateDanger: true, victimAge: 'under14' }), seed.rules, seed.authorities);
    assert.deepEqual(keys(capped), ['routing.urgency.immediateDanger']);
  });

  it('when threats of violence make cyberbullying high, then the reason says so', () => {
    const d = decide(sit({ category: 'cyberbullying', threatsOfViolence: true }), seed.rules, seed.authorities);
    assert.equal(d.urgency, 'high');
    assert.ok(d.urgencyReasons?.some((r) => renderReason(r, 'en').includes('threats of violence') && renderReason(r, 'sr-Latn').includes('pretnjama')), JSON.stringify(d.urgencyReasons));
  });

  it('when a rule is deactivated, then it no longer applies', () => {
    const rules = seed.rules.map((r) => (r.id === 'victim-under-14' ? { ...r, active: false } : r));
    assert.equal(decide(sit({ category: 'csam', victimAge: 'under14' }), rules, seed.authorities).urgency, 'high');
  });

  it('when an authority is deactivated, then it is never routed and its fallback applies', () => {
    const authorities = seed.authorities.map((a) => (a.id === 'csw-cacak' ? { ...a, active: false } : a));
    const d = decide(sit({ category: 'sextortion', municipality: 'cacak' }), seed.rules, authorities);
    assert.deepEqual(d.authorities.map((a) => a.id), ['police-vtk', 'prosecutor-vtk', 'nccos']);
    assert.ok(d.authorities[2]?.reason.includes(UNKNOWN_CSW));
  });

  it('when the rules arrive shuffled, then the decision follows their order field', () => {
    const shuffled = [...seed.rules].reverse();
    const s = sit({ category: 'nudes', immediateDanger: true, municipality: 'pancevo' });
    assert.deepEqual(decide(s, shuffled, seed.authorities), decide(s, seed.rules, seed.authorities));
  });

  it('when deciding, then the inputs are not changed', () => {
    const before = JSON.stringify([seed.rules, seed.authorities]);
    decide(sit({ category: 'grooming', reporterRole: 'teacher', victimIsPupil: true }), seed.rules, seed.authorities);
    assert.equal(JSON.stringify([seed.rules, seed.authorities]), before);
  });
});
