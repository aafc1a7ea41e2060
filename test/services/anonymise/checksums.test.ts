import assert from 'node:assert/strict';
import { ibanValid, jmbgValid, luhnValid } from '../../../services/anonymise/checksums';

describe('anonymise: checksums', () => {
  it('when a card number passes Luhn, then it is valid, and a changed digit is not', () => {
    assert.equal(luhnValid('4111111111111111'), true);
    assert.equal(luhnValid('4111111111111112'), false);
  });

  it('when a JMBG has the right control digit, then it is valid', () => {
    assert.equal(jmbgValid('0101990710008'), true);
    assert.equal(jmbgValid('0101990710007'), false);
  });

  it('when an IBAN checks out mod 97, then it is valid', () => {
    assert.equal(ibanValid('GB82 WEST 1234 5698 7654 32'), true);
    assert.equal(ibanValid('GB82 WEST 1234 5698 7654 33'), false);
  });
});
