import assert from 'node:assert/strict';
import { anonymise } from '../../../services/anonymise/anonymise';

function redactedNames(text: string): string[] {
  const r = anonymise(text);
  return r.redactions.filter((x) => x.type === 'name').map((x) => text.slice(x.start, x.end));
}

describe('anonymise: personal names', () => {
  const caseForms: Array<[string, string]> = [
    ['Marko mi je poslao poruku.', 'Marko'],
    ['Dao sam Marku svoj broj.', 'Marku'],
    ['Ne verujem Marka više.', 'Marka'],
    ['Bila sam sa Markom u parku.', 'Markom'],
    ['Ana mi preti.', 'Ana'],
    ['Slike od Ane su svuda.', 'Ane'],
    ['Rekao je Ani da ćuti.', 'Ani'],
    ['Sa Anom sam pričala.', 'Anom'],
    ['Jovanović me vređa.', 'Jovanović'],
    ['Prijavili smo Jovanovića direktoru.', 'Jovanovića'],
    ['Pričala sam sa Jovanovićem juče.', 'Jovanovićem'],
    ['Ђорђе ми шаље претње.', 'Ђорђе'],
    ['Послала сам Ђорђу слику.', 'Ђорђу'],
    ['Djordje mi salje pretnje.', 'Djordje'],
    ['Anin telefon je ukraden.', 'Anin'],
  ];
  for (const [text, name] of caseForms) {
    it(`when "${name}" appears in "${text}", then it is removed`, () => {
      assert.deepEqual(redactedNames(text), [name]);
    });
  }

  it('when a name is written in lower case, then it is still removed', () => {
    assert.deepEqual(redactedNames('juce mi je stefan rekao da ce doci'), ['stefan']);
  });

  it('when a first name is followed by an unknown capitalised surname, then both are one redaction', () => {
    assert.deepEqual(redactedNames('Pisao mi je Marko Zdravkovski sinoć.'), ['Marko Zdravkovski']);
  });

  const cues: Array<[string, string]> = [
    ['Zovem se Kosara i imam 12 godina.', 'Kosara'],
    ['zovem se kosara', 'kosara'],
    ['Ime mu je Radoš, ima 20 godina.', 'Radoš'],
    ['Moja drugarica Vukica je uplašena.', 'Vukica'],
    ['Drug Žika je video sve.', 'Žika'],
    ['Nastavnik Blagojević nas je pitao.', 'Blagojević'],
    ['My friend Zendaya got a weird message.', 'Zendaya'],
    ['His name is Brennan and he is 19.', 'Brennan'],
  ];
  for (const [text, name] of cues) {
    it(`when a cue announces "${name}", then it is removed even if no list knows it`, () => {
      assert.deepEqual(redactedNames(text), [name]);
    });
  }

  const kept: Array<[string, string]> = [
    ['Mama mi je rekla da prijavim.', 'Mama'],
    ['Sutra idem kod nje.', 'Sutra'],
    ['Bog zna šta će biti.', 'Bog'],
    ['Živim u Beogradu, a on je iz Novog Sada.', 'Beogradu'],
    ['Desilo se u Kragujevcu prošle nedelje.', 'Kragujevcu'],
    ['Piše mi na Instagramu i TikToku.', 'Instagramu'],
    ['Nada je umrla kad sam video poruku.', 'Nada'],
    ['Ne smem ni sam da izađem.', 'sam'],
    ['Will you help me please?', 'Will'],
    ['Idemo u Kosjerić na more... ne, na Zlatibor.', 'Kosjerić'],
    ['Jednom je rekao da ima nova marka telefona.', 'marka'],
  ];
  for (const [text, word] of kept) {
    it(`when "${word}" is an ordinary word or a place, then it stays`, () => {
      const r = anonymise(text);
      assert.ok(r.text.includes(word), `"${word}" lost in "${r.text}"`);
      assert.deepEqual(r.redactions, []);
    });
  }

  it('when a place form is also a first name (Kać → Kaća), then the name wins', () => {
    assert.deepEqual(redactedNames('Moja drugarica Kaća živi u mestu Kać.'), ['Kaća']);
  });

  it('when an ambiguous name is capitalised mid-sentence, then it is a name', () => {
    assert.deepEqual(redactedNames('Juče mi je Nada poslala slike.'), ['Nada']);
  });
});
