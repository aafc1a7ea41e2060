import { jmbgValid, luhnValid, mod97 } from './checksums';
import { RedactionType } from './types';

/** A Serbian bank account, 3-13-2 digits, whose last two digits are its mod-97 control. */
function serbianAccountValid(digits: string): boolean {
  return digits.length === 18 && 98 - mod97(digits.slice(0, 16) + '00') === Number(digits.slice(16));
}

/**
 * What a run of digits is, from its length, its prefix and its checksums; or
 * undefined when it identifies nobody (an age, a count, an order number).
 * JMBG, account and card numbers are redacted even with a wrong check digit —
 * a typo does not make a personal number safe to keep.
 */
export function checksumKind(value: string, digits: string, phoneCue: boolean): RedactionType | undefined {
  const n = digits.length;
  const international = /^(?:\+|00)/.test(value.trim());
  if (international) return n >= 8 && n <= 15 ? 'phone' : undefined;
  if (n === 13) return !jmbgValid(digits) && luhnValid(digits) && digits.startsWith('4') ? 'card' : 'jmbg';
  if (n === 18 && (/^\d{3}[-\s]\d{13}[-\s]\d{2}$/.test(value) || serbianAccountValid(digits) || !luhnValid(digits))) return 'iban';
  if (n >= 14 && n <= 19) return 'card';
  if (n >= 20) return 'iban';
  if (/^0/.test(digits) && n >= 8 && n <= 11) return 'phone';
  if (/^381/.test(digits) && n >= 11 && n <= 12) return 'phone';
  if (n >= 8 && n <= 12) return 'phone';
  if (n >= 6 && phoneCue) return 'phone';
  if (/^6\d/.test(digits) && n >= 8) return 'phone';
  return undefined;
}
