import assert from 'node:assert/strict';
import { extractEntities } from '../../../services/nlu/entities';
import { extractAge } from '../../../services/nlu/age';
import { extractMunicipalities } from '../../../services/nlu/municipalities';
import { extractPlatforms } from '../../../services/nlu/platforms';

describe('NLU entities', () => {
  describe('platforms', () => {
    const cases: Array<[string, string[]]> = [
      ['piše mi na insta', ['instagram']],
      ['na instagramu i na fejsu', ['instagram', 'facebook']],
      ['на тиктоку ми пише', ['tiktok']],
      ['dodao me na snap pa na diskord', ['snapchat', 'discord']],
      ['pisao mi je preko vajbera i votsapa', ['viber', 'whatsapp']],
      ['wotsap grupa', ['whatsapp']],
      ['u fortnajtu i majnkraftu', ['fortnite', 'minecraft']],
      ['na roblox-u mi daje robukse', ['roblox']],
      ['on YouTube and TikTok', ['youtube', 'tiktok']],
      ['jutjub kanal', ['youtube']],
      ['telegram grupa', ['telegram']],
    ];
    for (const [text, expected] of cases) {
      it(`when the text is "${text}", then the platforms are ${expected.join(', ')}`, () => {
        assert.deepEqual(extractPlatforms(text), expected);
      });
    }

    it('when ordinary words only look like a platform, then none is found', () => {
      assert.deepEqual(extractPlatforms('face the facts, he sent a snapshot of my instant noodles'), []);
    });
  });

  describe('age', () => {
    const cases: Array<[string, number | undefined]> = [
      ['imam 13', 13],
      ['imam 13 i ne znam šta da radim', 13],
      ['ona ima 12 godina', 12],
      ['13 god', 13],
      ['имам 14 година', 14],
      ['trinaest godina', 13],
      ['ćerka je trinaestogodišnjakinja', 13],
      ['I am 13 years old', 13],
      ["I'm 15", 15],
      ['my son is 11', 11],
      ['14yo', 14],
      ['imam 2 pitanja', undefined],
      ['to je bilo pre 2 godine', undefined],
      ['pozovi 192', undefined],
      ['poslao mi je 20 poruka', undefined],
    ];
    for (const [text, expected] of cases) {
      it(`when the text is "${text}", then the age is ${String(expected)}`, () => {
        assert.equal(extractAge(text), expected);
      });
    }
  });

  describe('municipalities', () => {
    const cases: Array<[string, string[]]> = [
      ['živim u Beogradu', ['beograd']],
      ['ja sam iz Novog Sada', ['novi-sad']],
      ['u Nišu se to desilo', ['nis']],
      ['idem u školu u Kragujevcu', ['kragujevac']],
      ['из Крагујевца сам', ['kragujevac']],
      ['iz novog sada', ['novi-sad']],
      ['Novi Beograd', ['novi-beograd']],
      ['nisu mi odgovorili', []],
      ['ada je lepo ime', []],
      ['živim u Adi', ['ada']],
    ];
    for (const [text, expected] of cases) {
      it(`when the text is "${text}", then the municipalities are [${expected.join(', ')}]`, () => {
        assert.deepEqual(extractMunicipalities(text), expected);
      });
    }
  });

  it('when a message mentions everything, then extractEntities returns all of it', () => {
    assert.deepEqual(extractEntities('imam 12 godina, iz Niša sam i piše mi na tiktoku'), {
      platforms: ['tiktok'],
      municipalities: ['nis'],
      age: 12,
    });
    assert.deepEqual(extractEntities('zdravo'), { platforms: [], municipalities: [] });
  });
});
