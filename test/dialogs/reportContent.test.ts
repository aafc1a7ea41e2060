import assert from 'node:assert/strict';
import { contactVars } from '../../dialogs/shared/reply';
import { buildCatalog } from '../../services/i18n/catalog';
import { LOCALES } from '../../services/i18n/locales';

const catalog = buildCatalog();

describe('the report texts (content/locales/*/report.yaml, report-status.yaml)', () => {
  it('when a report text names a help line, then it uses a placeholder from content/contacts.yaml, never a typed number', () => {
    // {time}: when the contact centre next sees an immediate report; {to}: a help line's closing hour (content/contacts.yaml).
    const data = new Set(['text', 'count', 'max', 'name', 'list', 'code', 'passphrase', 'minutes', 'date', 'example', 'time', 'to']);
    const known = new Set([...Object.keys(contactVars('en')), ...data]);
    let seen = 0;
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(catalog[locale])) {
        if (!/^(reportFlow|reportStatus|report\.status)\./.test(key)) continue;
        seen++;
        for (const [, p] of text.matchAll(/\{(\w+)\}/g)) assert.ok(known.has(p ?? ''), `${locale} ${key}: unknown placeholder {${p}}`);
        assert.doesNotMatch(text.replace(/\{\w+\}/g, ''), /\b(192|19833|116 ?111|0800)\b/, `${locale} ${key} types a number`);
      }
    }
    assert.ok(seen > 100 * LOCALES.length, `${seen} report texts checked`);
  });

  it('when the report advice is given, then every category has it for a child and for an adult in every locale', () => {
    for (const locale of LOCALES) {
      for (const category of ['grooming', 'sextortion', 'nudes', 'cyberbullying', 'csam', 'privacy', 'other']) {
        for (const audience of ['child', 'adult']) assert.ok(catalog[locale][`reportFlow.advice.${category}.${audience}`], `${locale} ${category} ${audience}`);
      }
    }
  });

  it('when the sextortion advice is given to a child, then it says not to pay, not to delete, to stop replying and to tell an adult', () => {
    const advice = catalog.en['reportFlow.advice.sextortion.child'] ?? '';
    for (const point of [/don't pay/i, /don't delete/i, /stop replying/i, /evidence/i, /tell an adult/i]) assert.match(advice, point);
  });
});
