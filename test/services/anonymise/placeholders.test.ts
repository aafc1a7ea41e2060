import assert from 'node:assert/strict';
import { anonymise } from '../../../services/anonymise/anonymise';
import { placeholder } from '../../../services/anonymise/placeholders';

describe('anonymise: placeholders in the text\'s language', () => {
  it('when text is Serbian Latin, then placeholders are Serbian Latin', () => {
    assert.equal(anonymise('Zovem se Jelena, broj mi je 063 111 2222.').text, 'Zovem se [ime], broj mi je [telefon].');
  });

  it('when text is Cyrillic, then placeholders are Cyrillic even if the caller said sr-Latn', () => {
    assert.equal(anonymise('Зовем се Јелена, број ми је 063 111 2222.', { locale: 'sr-Latn' }).text, 'Зовем се [име], број ми је [телефон].');
  });

  it('when text is English, then placeholders are English even if the caller said sr-Latn', () => {
    assert.equal(anonymise('My name is Jelena and my number is 063 111 2222.', { locale: 'sr-Latn' }).text, 'My name is [name] and my number is [phone].');
  });

  it('when the words do not tell the language, then the caller\'s locale decides', () => {
    assert.equal(anonymise('Jelena: 063 111 2222', { locale: 'en' }).text, '[name]: [phone]');
    assert.equal(anonymise('Jelena: 063 111 2222', { locale: 'sr-Cyrl' }).text, '[ime]: [telefon]');
  });

  it('when a placeholder is looked up, then its word comes from content/anonymise/placeholders.yaml', () => {
    assert.equal(placeholder('school', 'sr-Latn'), '[škola]');
    assert.equal(placeholder('school', 'sr-Cyrl'), '[школа]');
    assert.equal(placeholder('birthdate', 'en'), '[date of birth]');
  });
});
