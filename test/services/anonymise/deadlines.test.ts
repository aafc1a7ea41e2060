import assert from 'node:assert/strict';
import { anonymise } from '../../../services/anonymise/anonymise';

function names(text: string): string[] {
  return anonymise(text).redactions.filter((r) => r.type === 'name').map((r) => text.slice(r.start, r.end));
}

/**
 * A sextortion deadline is what the reviewer must see first: days, months and
 * the words around a deadline are never names, in any script — while the
 * names next to them, sentence-initial names and name-like handles still go.
 */
describe('anonymise: deadlines and days are not names', () => {
  const deadlines: Array<[string, string]> = [
    ['Rekao je da imam vremena do petka da platim.', 'do petka'],
    ['Ako do Petka ne platim, objaviće sve.', 'do Petka'],
    ['rok mi je do cetvrtka', 'do cetvrtka'],
    ['Preti da će u subotu doći ispred škole.', 'u subotu'],
    ['Dao mi je vremena do sutra.', 'do sutra'],
    ['Moram da platim do 15. maja.', 'do 15. maja'],
    ['Do Maja 15 moram da pošaljem.', 'Do Maja 15'],
    ['Од понедељка ми стално пише, рок је до петка.', 'до петка'],
    ['Рок је до 20. марта.', 'до 20. марта'],
    ['He said I have until Monday to pay.', 'until Monday'],
    ['Send more by Friday or everyone sees them.', 'by Friday'],
    ['He gave me until May 15.', 'until May 15'],
  ];
  for (const [text, deadline] of deadlines) {
    it(`when "${text}" is anonymised, then "${deadline}" stays whole`, () => {
      const out = anonymise(text).text;
      assert.ok(out.includes(deadline), out);
    });
  }

  it('when a name and a deadline share a sentence, then only the name goes', () => {
    assert.deepEqual(names('Petko je rekao da do petka platim.'), ['Petko']);
    assert.deepEqual(names('Milan mi je rekao da do Petka pošaljem.'), ['Milan']);
    assert.deepEqual(names('Maja je rekla da do 15. maja mora da plati.'), ['Maja']);
  });

  it('when a capitalised form of a day is a name outside a time context, then it still goes', () => {
    // "Petka" (Petko) with no "do", "u", "until"… before it and no day of the month beside it.
    assert.deepEqual(names('Idem kod Petka posle škole.'), ['Petka']);
    assert.deepEqual(names('Zaljubio se u Maju iz razreda.'), ['Maju']);
  });

  it('when a name that is also a word starts a sentence and a person verb follows, then it is a name', () => {
    assert.deepEqual(names('Nada mi je rekla da je ucenjuju.'), ['Nada']);
    assert.deepEqual(names('Vera je iz mog razreda.'), ['Vera']);
    assert.deepEqual(names('Марта ми је рекла све.'), ['Марта']);
    assert.deepEqual(names('Grace told me about the messages.'), ['Grace']);
  });

  it('when such a word starts a sentence as a word, then it stays', () => {
    assert.deepEqual(names('Nada je umrla kad sam video poruku.'), []);
  });

  it('when a handle looks like a day, then it is still a handle', () => {
    const r = anonymise('Piše mi sa profila petak_13 do četvrtka.');
    assert.deepEqual(r.evidence.handles, ['petak_13']);
    assert.ok(r.text.includes('do četvrtka'), r.text);
  });
});
