import assert from 'node:assert/strict';
import { ADULT_VARIANT, buildCatalog } from '../../../services/i18n/catalog';
import { LOCALES } from '../../../services/i18n/locales';
import { contactVars } from '../../../dialogs/shared/reply';
import { isCyrillicText, latinLeftIn } from '../../support/scripts';

const catalog = buildCatalog();
const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
const isVariant = (key: string): boolean => key.endsWith(ADULT_VARIANT);
const baseOf = (key: string): string => key.slice(0, -ADULT_VARIANT.length);

describe('locale resources: parity and scripts', () => {
  it('when a key exists in one locale, then it exists in every locale', () => {
    const all = new Set(LOCALES.flatMap((l) => Object.keys(catalog[l]).filter((k) => !isVariant(k))));
    for (const locale of LOCALES) {
      const missing = [...all].filter((k) => !(k in catalog[locale]));
      assert.deepEqual(missing, [], `${locale} lacks: ${missing.join(', ')}`);
    }
  });

  // An adult variant is optional in each locale (English rarely needs one: "you" is "you").
  it('when a message has an adult variant, then its base exists and both have the same {placeholders}', () => {
    for (const locale of LOCALES) {
      for (const key of Object.keys(catalog[locale]).filter(isVariant)) {
        const base = catalog[locale][baseOf(key)];
        assert.ok(base !== undefined, `${locale} ${key} has no base message`);
        assert.deepEqual(placeholders(catalog[locale][key] ?? ''), placeholders(base), `${locale} ${key}`);
      }
    }
  });

  it('when a message has {placeholders}, then every locale has the same ones', () => {
    for (const key of Object.keys(catalog['sr-Latn']).filter((k) => !isVariant(k))) {
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
        if (!/^(crisis|contacts|report|button|error|goodbye|help|welcome|menu|role|language|topicFlow|safety|attachments|ask|none|cancel|restart|greeting|clarify)[.@]/.test(`${key}.`)) continue;
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

  it('when the Cyrillic locale is derived, then every message is really Cyrillic (links, addresses, placeholders and platform names aside)', () => {
    const notCyrillic = Object.entries(catalog['sr-Cyrl'])
      .filter(([, text]) => latinLeftIn(text).length > 0)
      .map(([key, text]) => `${key}: ${latinLeftIn(text).join(' ')}`);
    assert.deepEqual(notCyrillic, []);
  });

  it('when a platform is named, then it is written as the platform writes it, in Latin script in Cyrillic too', () => {
    assert.equal(catalog['sr-Cyrl']['button.platform.whatsapp'], 'WhatsApp');
    assert.equal(catalog['sr-Latn']['button.platform.snapchat'], 'Snapchat');
    assert.ok(isCyrillicText(catalog['sr-Cyrl']['topic.parental_controls.pupil'] ?? ''));
  });

  it('when the Cyrillic locale is derived, then the digraphs lj and nj become single letters', () => {
    assert.equal(catalog['sr-Cyrl']['button.role.parent'], 'Родитељ');
    assert.equal(catalog['sr-Cyrl']['button.topic.sextortion'], 'Уцењивање сликама');
    assert.equal(catalog['sr-Cyrl']['crisis.emergency.cardTitle'], 'Хитно: полиција');
  });
});
