/** Luhn check of a payment card number (digits only). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * JMBG (Serbian personal number) check digit: weights 7 6 5 4 3 2 repeated
 * over the first twelve digits, m = 11 − (sum mod 11), and m ∈ {10, 11} → 0.
 */
export function jmbgValid(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  const w = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (w[i] ?? 0);
  let m = 11 - (sum % 11);
  if (m > 9) m = 0;
  return m === Number(digits[12]);
}

/** ISO 7064 mod 97-10 over a string of digits and letters (IBAN and Serbian account control). */
export function mod97(value: string): number {
  let rest = 0;
  for (const ch of value.toUpperCase()) {
    const code = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of code) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest;
}

/** IBAN check: country and check digits moved to the end, mod 97 must be 1. */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}
