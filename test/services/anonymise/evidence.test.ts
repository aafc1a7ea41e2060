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
