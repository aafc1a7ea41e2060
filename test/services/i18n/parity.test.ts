import assert from 'node:assert/strict';
import { buildCatalog } from '../../../services/i18n/catalog';
import { LOCALES } from '../../../services/i18n/locales';
import { contactVars } from '../../../dialogs/shared/reply';
import { isCyrillicText, latinLeftIn } from '../../support/scripts';

const catalog = buildCatalog();
const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();

describe('locale resources: parity and scripts', () => {
  it('when a key exists in one locale, then it exists in every locale', () => {
    const all = new Set(LOCALES.flatMap((l) => Object.keys(catalog[l])));
    for (const locale of LOCALES) {
      const missing = [...all].filter((k) => !(k in catalog[locale]));
      assert.deepEqual(missing, [], `${locale} lacks: ${missing.join(', ')}`);
    }
  });

  it('when a message has {placeholders}, then every locale has the same ones', () => {
    for (const key of Object.keys(catalog['sr-Latn'])) {
      const expected = placeholders(catalog['sr-Latn'][key] ?? '');
      for (const locale of LOCALES) {
        assert.deepEqual(placeholders(catalog[locale][key] ?? ''), expected, `${locale} ${key}`);
      }
    }
  });

  it('when a conversation message names a help line, then it uses a placeholder from content/contacts.yaml, never a typed number', () => {
    const known = new Set([...Object.keys(contactVars('en')), 'name', 'number', 'from', 'to']);
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(catalog[locale])) {
        if (!/^(crisis|contacts|report|button|error|goodbye|help|welcome|menu|role|language|topicFlow|safety|attachments|ask|none|cancel|restart|greeting|clarify)\./.test(`${key}.`)) continue;
        for (const p of placeholders(text)) assert.ok(known.has(p), `${locale} ${key}: unknown placeholder {${p}}`);
        assert.doesNotMatch(text.replace(/\{\w+\}/g, ''), /\b(192|19833|116 ?111|0800)\b/, `${locale} ${key} types a number`);
      }
    }
  });

  it('when Serbian is authored, then it is Latin script only, so the Cyrillic derived from it is complete', () => {
    for (const [key, text] of Object.entries(catalog['sr-Latn'])) {
      assert.doesNotMatch(text, /[\u0400-\u04FF]/, `sr-Latn ${key} has Cyrillic`);
    }
  });

  it('when the Cyrillic locale is derived, then every message is really Cyrillic (links, addresses and placeholders aside)', () => {
    const notCyrillic = Object.entries(catalog['sr-Cyrl'])
      .filter(([, text]) => /\p{L}/u.test(text.replace(/(https?:\/\/\S+|\S+@\S+|\{\w+\})/g, '')) && !isCyrillicText(text))
      .map(([key, text]) => `${key}: ${latinLeftIn(text).join(' ')}`);
    assert.deepEqual(notCyrillic, []);
  });

  it('when the Cyrillic locale is derived, then the digraphs lj and nj become single letters', () => {
    assert.equal(catalog['sr-Cyrl']['button.role.parent'], 'Родитељ');
    assert.equal(catalog['sr-Cyrl']['button.topic.sextortion'], 'Уцењивање сликама');
    assert.equal(catalog['sr-Cyrl']['crisis.emergency.cardTitle'], 'Хитно: полиција');
  });
});
