import assert from 'node:assert/strict';
import { anonymise } from '../../../services/anonymise/anonymise';

describe('anonymise: links and handles move to evidence', () => {
  it('when a text has links and handles, then they leave the text and are kept in order without duplicates', () => {
    const r = anonymise(
      'Vidi https://www.tiktok.com/@zli.lik/video/123, pa @zli.lik, pa opet https://www.tiktok.com/@zli.lik/video/123 i instagram.com/drugi_nalog, a na Discordu je lik_bez_imena.',
    );
    assert.deepEqual(r.evidence.urls, ['https://www.tiktok.com/@zli.lik/video/123', 'instagram.com/drugi_nalog']);
    assert.deepEqual(r.evidence.handles, ['@zli.lik', 'lik_bez_imena']);
    assert.ok(!r.text.includes('zli.lik'));
    assert.ok(!r.text.includes('drugi_nalog'));
    assert.match(r.text, /Discordu/);
  });

  it('when a link ends a sentence or sits in brackets, then the punctuation is not part of it', () => {
    const r = anonymise('Poslao je link (https://bit.ly/abc). Onda još jedan: www.example.com!');
    assert.deepEqual(r.evidence.urls, ['https://bit.ly/abc', 'www.example.com']);
    assert.equal(r.text, 'Poslao je link ([link]). Onda još jedan: [link]!');
  });

  it('when a profile name follows a cue without an @, then it is a handle', () => {
    const r = anonymise('insta: marko.p2010, a username mu je tamni_vitez');
    assert.deepEqual(r.evidence.handles, ['marko.p2010', 'tamni_vitez']);
  });

  it('when an e-mail address is in the text, then it is removed but is not evidence', () => {
    const r = anonymise('Pisao je sa lazni@mail.com.');
    assert.deepEqual(r.evidence, { urls: [], handles: [] });
    assert.equal(r.text, 'Pisao je sa [email].');
  });
});

describe('anonymise: usernames without an @', () => {
  it('when a name cue is followed by a username-shaped word, then it is a handle, not a name', () => {
    const r = anonymise('Neki lik DarkLord99 nam je psovao majku, a user called xXshadowXx too.');
    assert.deepEqual(r.evidence.handles, ['DarkLord99', 'xXshadowXx']);
    assert.equal(r.text, 'Neki lik [profil] nam je psovao majku, a user called [profil] too.');
  });

  it('when a name is glued to digits, then the whole word is a handle', () => {
    const r = anonymise('marko2010 mi piše svaki dan');
    assert.deepEqual(r.evidence.handles, ['marko2010']);
    assert.equal(r.text, '[profil] mi piše svaki dan');
  });

  it('when digits alone follow a cue, then they are not a handle', () => {
    const r = anonymise('JMBG mog deteta je 0503012715034.');
    assert.deepEqual(r.evidence.handles, []);
    assert.equal(r.redactions[0]?.type, 'jmbg');
  });
});
