import assert from 'node:assert/strict';
import { CASE_CODE_ALPHABET, CASE_CODE_BITS, generateCaseCode, normaliseCaseCode } from '../../../services/reports/caseCode';

describe('case codes', () => {
  it('when a code is generated, then it has ≥ 60 bits, groups of four and only unambiguous symbols', () => {
    assert.ok(CASE_CODE_BITS >= 60, `${CASE_CODE_BITS} bits`);
    for (const ch of '0O1IL') assert.ok(!CASE_CODE_ALPHABET.includes(ch), ch);
    for (let i = 0; i < 200; i++) {
      const code = generateCaseCode();
      assert.match(code, /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]$/);
    }
  });

  it('when many codes are generated, then none repeats and every symbol is used about equally', () => {
    const counts = new Map<string, number>();
    const codes = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const code = generateCaseCode();
      codes.add(code);
      for (const ch of code.replace(/-/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    assert.equal(codes.size, 3000);
    const expected = (3000 * 13) / CASE_CODE_ALPHABET.length;
    for (const ch of CASE_CODE_ALPHABET) {
      const n = counts.get(ch) ?? 0;
      assert.ok(Math.abs(n - expected) < expected * 0.2, `${ch}: ${n} vs ${expected}`);
    }
  });

  it('when a reporter types a code in lower case, with spaces or without hyphens, then it normalises to the stored form', () => {
    const code = generateCaseCode();
    assert.equal(normaliseCaseCode(code.toLowerCase()), code);
    assert.equal(normaliseCaseCode(code.replace(/-/g, ' ')), code);
    assert.equal(normaliseCaseCode(` ${code.replace(/-/g, '')} `), code);
  });

  it('when a code is typed with look-alike Cyrillic letters, then they map to Latin', () => {
    // К, А, М, Т and Д typed on a Serbian Cyrillic keyboard, in lower case.
    assert.equal(normaliseCaseCode('ка7f-9q2x-м4дт-5'), 'KA7F-9Q2X-M4DT-5');
  });

  it('when the input has the wrong length or symbols that never appear, then it is rejected without a lookup', () => {
    assert.equal(normaliseCaseCode('K7F9-Q2XM-4HRT'), undefined);
    assert.equal(normaliseCaseCode('K7F9-Q2XM-4HRT-0'), undefined);
    assert.equal(normaliseCaseCode('K7F9-Q2XM-4HRT-O'), undefined);
    assert.equal(normaliseCaseCode('K7F9-Q2XM-4HRT-L'), undefined);
    assert.equal(normaliseCaseCode(''), undefined);
  });
});
