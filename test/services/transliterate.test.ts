import assert from 'node:assert/strict';
import { cyrillicToLatin, fold, isMostlyCyrillic, latinToCyrillic } from '../../services/text/transliterate';

describe('Serbian transliteration', () => {
  const pairs: Array<[string, string]> = [
    ['Zdravo, kako si?', 'Здраво, како си?'],
    ['ljubav, njega, džep', 'љубав, њега, џеп'],
    ['Ljiljana i Njegoš, Džon', 'Љиљана и Његош, Џон'],
    ['LJUBAV NJIVA DŽEM', 'ЉУБАВ ЊИВА ЏЕМ'],
    ['čađ, ćuprija, šuma, žaba, Đorđe', 'чађ, ћуприја, шума, жаба, Ђорђе'],
  ];
  for (const [lat, cyr] of pairs) {
    it(`when "${lat}" is converted, then it becomes "${cyr}" and back`, () => {
      assert.equal(latinToCyrillic(lat), cyr);
      assert.equal(cyrillicToLatin(cyr).toLowerCase(), lat.toLowerCase());
    });
  }

  it('when n+j is not a digraph (injekcija), then it stays two letters', () => {
    assert.equal(latinToCyrillic('injekcija'), 'инјекција');
    assert.equal(latinToCyrillic('nadživeti'), 'надживети');
  });

  it('when text has placeholders, links or e-mail, then they are kept as they are', () => {
    assert.equal(
      latinToCyrillic('Pozovi {number} ili [sajt](https://pametnoibezbedno.gov.rs) ili pisi na bit@mit.gov.rs'),
      'Позови {number} или [сајт](https://pametnoibezbedno.gov.rs) или писи на bit@mit.gov.rs',
    );
  });

  it('when text is folded, then scripts and diacritics compare equal', () => {
    assert.equal(fold('Ђорђе ЖИВИ у Нишу'), 'djordje zivi u nisu');
    assert.equal(fold('Đorđe živi u Nišu'), fold('djordje zivi u nisu'));
    assert.equal(fold('čćšžđ'), 'ccszdj');
  });

  it('when text is mostly Cyrillic, then it is detected', () => {
    assert.equal(isMostlyCyrillic('Здраво, treba mi pomoć'), false);
    assert.equal(isMostlyCyrillic('Здраво, треба ми помоћ'), true);
    assert.equal(isMostlyCyrillic('123 !!'), false);
  });
});
