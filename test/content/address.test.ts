import assert from 'node:assert/strict';
import { ADULT_VARIANT, buildCatalog, variantKey } from '../../services/i18n/catalog';
import { LATIN_BRANDS } from '../../services/text/transliterate';
import { tiFormsIn } from '../support/address';

/*
 * A child is addressed with "ti", an adult (a teacher, a parent, anyone else)
 * with "Vi" — never both in one conversation. Every text an adult can see is
 * checked here for "ti" forms, as the bot would render it for an adult
 * (`<key>@adult` where there is one, else the key itself).
 */

const catalog = buildCatalog();
const serbian = catalog['sr-Latn'];

/**
 * Texts written only for a child: a pupil's topic, menu, role and contact
 * texts, a child's advice, the pupil's button titles.
 */
const CHILD_ONLY = /(^|\.)(pupil|child)$|^button\.topicPupil\./;

/**
 * Checked apart: the crisis cards, whose adult texts live under
 * `crisis.<situation>.adult.*` (below), and the dashboard (staff, localised
 * apart). The widget's chrome is static, shown before anyone says who they are.
 */
const NOT_CHECKED_HERE = /^(crisis|dashboard|widget)\./;

/** Every key an adult may be shown, as the adult sees it. */
function adultTexts(): Array<[string, string]> {
  return Object.keys(serbian)
    .filter((k) => !k.endsWith(ADULT_VARIANT) && !CHILD_ONLY.test(k) && !NOT_CHECKED_HERE.test(k))
    .map((k) => {
      const shown = variantKey('sr-Latn', k, 'adult');
      return [shown, serbian[shown] ?? ''];
    });
}

describe('wording: "ti" for a child, "Vi" for an adult', () => {
  it('when the detector reads a text, then it finds "ti" forms and passes "Vi" forms and quoted speech', () => {
    assert.deepEqual(tiFormsIn('Ako ne znaš tačno, izaberi „Ne znam“. Tvoja prijava je tu.'), ['znaš', 'izaberi', 'tvoja']);
    assert.deepEqual(tiFormsIn('Ako ne znate tačno, izaberite „Ne znam“. Recite mu: „Nije tvoja krivica.“ Vaš kontakt.'), []);
  });

  it('when an adult may see a text, then it says "Vi", never "ti"', () => {
    const texts = adultTexts();
    assert.ok(texts.length > 150, `only ${texts.length} adult texts found`);
    const mixed = texts.map(([key, text]) => [key, tiFormsIn(text)] as const).filter(([, forms]) => forms.length > 0);
    assert.deepEqual(mixed.map(([key, forms]) => `${key}: ${forms.join(', ')}`), []);
  });

  it('when a crisis card speaks to an adult (crisis.<situation>.adult.*), then it says "Vi", never "ti"', () => {
    const adult = Object.entries(serbian).filter(([k]) => /^crisis\.[^.]+\.adult\./.test(k));
    assert.ok(adult.length >= 8, `only ${adult.length} adult crisis texts found`);
    assert.deepEqual(adult.map(([key, text]) => [key, tiFormsIn(text)] as const).filter(([, forms]) => forms.length > 0).map(([key, forms]) => `${key}: ${forms.join(', ')}`), []);
  });

  it('when a text has an adult variant, then the variant differs from the child text', () => {
    for (const key of Object.keys(serbian).filter((k) => k.endsWith(ADULT_VARIANT))) {
      assert.notEqual(serbian[key], serbian[key.slice(0, -ADULT_VARIANT.length)], key);
    }
  });
});

/** How some Serbian children write platform names; the texts use the platforms' own. */
const PHONETIC_PLATFORMS = /\b(snep\w*|snepčet\w*|vocap\w*|votsap\w*|jutjub\w*|fejsbuk\w*|fejs|vajber\w*|diskord\w*|robloks\w*|tviter\w*|mesendžer\w*|fortnajt\w*|majnkraft\w*|tvič\w*|инстаграм\w*|тикток\w*)/iu;

describe('wording: platforms by their real names', () => {
  it('when any text names a platform, then it is not spelled as it sounds ("Snepčet", "Vocap", "Jutjub")', () => {
    for (const locale of ['sr-Latn', 'sr-Cyrl', 'en'] as const) {
      const phonetic = Object.entries(catalog[locale])
        .filter(([, text]) => PHONETIC_PLATFORMS.test(text))
        .map(([key, text]) => `${locale} ${key}: ${PHONETIC_PLATFORMS.exec(text)?.[0] ?? ''}`);
      assert.deepEqual(phonetic, []);
    }
  });

  it('when a platform is a button, then its title is the platform\'s own name in every locale', () => {
    for (const locale of ['sr-Latn', 'sr-Cyrl', 'en'] as const) {
      const titles = Object.entries(catalog[locale]).filter(([k]) => k.startsWith('button.platform.'));
      assert.ok(titles.length >= 10);
      for (const [key, title] of titles) assert.ok(LATIN_BRANDS.includes(title), `${locale} ${key}: ${title}`);
    }
  });
});

describe('wording: nothing unconfirmed is shown', () => {
  it('when any user-facing text speaks of hours or facts, then it never says they are unconfirmed', () => {
    const unconfirmed = /nismo proverili|nije potvrđen|nepotvrđen|not (yet )?confirmed|unconfirmed/i;
    for (const locale of ['sr-Latn', 'en'] as const) {
      const found = Object.entries(catalog[locale]).filter(([k, text]) => !k.startsWith('dashboard.') && unconfirmed.test(text)).map(([k]) => k);
      assert.deepEqual(found, [], locale);
    }
  });
});
