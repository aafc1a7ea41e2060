import assert from 'node:assert/strict';
import { anonymise } from '../../../services/anonymise/anonymise';

describe('anonymise: what stays in the text', () => {
  const texts = [
    'Imam 13 godina i idem u 7. razred.',
    'Tražio je 5000 dinara, pa onda još 10.000 din.',
    'Sastanak je u 18:30 kod fontane u Nišu.',
    'To se desilo 12.05.2024. posle škole.',
    'Školska 2023/2024 godina je bila teška.',
    'On ima oko 25 godina, a ja 14.',
    'Poslao je 3 slike i 20 poruka na Viberu.',
    'He is 16 and asked for 50 euros on Discord.',
    'It happened on 5 May 2024 at 9 pm in Belgrade.',
    'Idem u srednju školu u Smederevu, i u školi me maltretiraju.',
    'Our school is big, my high school friends saw it.',
    'Мени је 12 година и живим у Чачку.',
    'Prijavi na 192 ili 19833, to su besplatni brojevi.',
    'Zvala sam Centar Srce na 0800 300 303 i dečiju liniju 116 111.',
    'Za Svetog Savu smo imali priredbu, a Sveti Nikola je slava.',
    'Nastavnica Srpskog jezika je rekla da sam Serbian? Ne, I am Serbian.',
  ];
  for (const text of texts) {
    it(`when "${text}" holds ages, amounts, times, dates, places and platforms only, then nothing is redacted`, () => {
      const r = anonymise(text);
      assert.deepEqual(r.redactions, [], JSON.stringify(r));
      assert.equal(r.text, text);
    });
  }

  it('when identifiers surround the words of what happened, then those words stay', () => {
    const r = anonymise('Zovem se Petar, imam 13 godina, neko iz Leskovca na TikToku mi preti da će objaviti slike ako ne platim 3000 dinara.');
    for (const word of ['13 godina', 'Leskovca', 'TikToku', 'preti', 'objaviti slike', '3000 dinara']) {
      assert.ok(r.text.includes(word), `"${word}" lost in "${r.text}"`);
    }
    assert.ok(!r.text.includes('Petar'));
  });
});
