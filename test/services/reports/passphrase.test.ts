import assert from 'node:assert/strict';
import { latinToCyrillic } from '../../../services/text/transliterate';
import { argon2Hasher, generatePassphrase, loadWordList, normalisePassphrase, passphraseBits } from '../../../services/reports/passphrase';

describe('follow-up passphrase', function () {
  this.timeout(20_000);
  const words = loadWordList();

  it('when the word list is loaded, then it has ≥ 2048 unique, short, diacritic-free words', () => {
    assert.ok(words.length >= 2048, `${words.length} words`);
    assert.equal(new Set(words).size, words.length);
    for (const w of words) assert.match(w, /^[abcdefghijklmnoprstuvz]{3,9}$/, w);
  });

  it('when no word is one inserted or dropped letter away from another, then a copying slip cannot make another valid word', () => {
    const set = new Set(words);
    for (const w of words) {
      for (let i = 0; i < w.length; i++) {
        const shorter = w.slice(0, i) + w.slice(i + 1);
        assert.ok(!set.has(shorter), `${w} / ${shorter}`);
      }
    }
  });

  it('when a passphrase of five words is generated, then it carries ≥ 55 bits and uses list words only', () => {
    assert.ok(passphraseBits(5) >= 55, `${passphraseBits(5)} bits`);
    assert.ok(passphraseBits(6) >= 66);
    const p = generatePassphrase(5);
    const parts = p.split(' ');
    assert.equal(parts.length, 5);
    for (const w of parts) assert.ok(words.includes(w));
    assert.notEqual(generatePassphrase(5), generatePassphrase(5));
  });

  it('when a passphrase is typed in Cyrillic, capitals, with hyphens or extra spaces, then it normalises to the same form', () => {
    const p = 'sunce reka kapija njiva ljuljanje';
    assert.equal(normalisePassphrase(latinToCyrillic(p)), p);
    assert.equal(normalisePassphrase('  Sunce-REKA,  kapija\nnjiva ljuljanje '), p);
  });

  it('when a hash is made, then it is argon2id, verifies the passphrase in any typed form and rejects another', async () => {
    const p = generatePassphrase(5);
    const hash = await argon2Hasher.hash(p);
    assert.match(hash, /^\$argon2id\$/);
    assert.ok(!hash.includes(p.split(' ')[0]!));
    assert.equal(await argon2Hasher.verify(hash, p.toUpperCase().replace(/ /g, '-')), true);
    assert.equal(await argon2Hasher.verify(hash, latinToCyrillic(p)), true);
    assert.equal(await argon2Hasher.verify(hash, generatePassphrase(5)), false);
    assert.equal(await argon2Hasher.verify('not-a-hash', p), false);
  });
});
