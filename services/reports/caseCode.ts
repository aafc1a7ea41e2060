import { randomBytes } from 'node:crypto';

/**
 * The case-code alphabet: Crockford-like, without the characters people
 * confuse when copying by hand (0/O, 1/I/L) and without U. 30 symbols,
 * log2(30) ≈ 4.907 bits each.
 */
export const CASE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 13 symbols × 4.907 bits ≈ 63.8 bits (≥ 60, SPEC.md section 5). */
export const CASE_CODE_LENGTH = 13;

/** Bits of entropy in a case code. */
export const CASE_CODE_BITS = CASE_CODE_LENGTH * Math.log2(CASE_CODE_ALPHABET.length);

/**
 * Serbian Cyrillic letters a reporter may type for a Latin code symbol:
 * only those that look and sound alike, or sound alike and look like no
 * other symbol. Н, Р, С, В, Х, У look like one Latin letter and sound like
 * another, so they are not guessed at.
 */
const CYRILLIC: Readonly<Record<string, string>> = {
  А: 'A', Б: 'B', Г: 'G', Д: 'D', Е: 'E', З: 'Z', Ј: 'J', К: 'K', М: 'M', П: 'P', Т: 'T', Ф: 'F', Ц: 'C',
};

/** A fresh random case code, formatted `XXXX-XXXX-XXXX-X`. */
export function generateCaseCode(): string {
  const limit = 256 - (256 % CASE_CODE_ALPHABET.length); // rejection sampling keeps every symbol equally likely
  let raw = '';
  while (raw.length < CASE_CODE_LENGTH) {
    for (const byte of randomBytes(32)) {
      if (byte < limit && raw.length < CASE_CODE_LENGTH) raw += CASE_CODE_ALPHABET[byte % CASE_CODE_ALPHABET.length];
    }
  }
  return formatCaseCode(raw);
}

/** Groups of four separated by hyphens. */
export function formatCaseCode(raw: string): string {
  return raw.match(/.{1,4}/g)?.join('-') ?? '';
}

/**
 * The canonical form of what a reporter typed: upper case, spaces, hyphens,
 * dots and underscores dropped, look-alike Cyrillic mapped to Latin, then
 * formatted. Returns undefined when it cannot be a case code (a wrong length
 * or a symbol that never appears, such as O, 0, I, 1 or L), so the caller can
 * ask the reporter to check the code without spending an attempt.
 */
export function normaliseCaseCode(input: string): string | undefined {
  let raw = '';
  for (const ch of input.normalize('NFC').toUpperCase()) {
    if (/[\s\-._–—/]/.test(ch)) continue;
    raw += CYRILLIC[ch] ?? ch;
  }
  if (raw.length !== CASE_CODE_LENGTH) return undefined;
  for (const ch of raw) if (!CASE_CODE_ALPHABET.includes(ch)) return undefined;
  return formatCaseCode(raw);
}
