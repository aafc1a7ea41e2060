/* global document, localStorage */
import { get } from './api.js';

let strings = {};
let current = 'sr-Latn';

/** Loads the UI strings of a locale (content/locales/<locale>/dashboard.yaml). */
export async function loadLocale(locale) {
  current = ['sr-Latn', 'sr-Cyrl', 'en'].includes(locale) ? locale : 'sr-Latn';
  strings = await get(`/api/dashboard/i18n/${current}`);
  document.documentElement.lang = current;
  try {
    localStorage.setItem('bz-locale', current);
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
}

export function savedLocale() {
  try {
    return localStorage.getItem('bz-locale') || 'sr-Latn';
  } catch {
    return 'sr-Latn';
  }
}

export function locale() {
  return current;
}

/** The string for a key with {placeholders} filled; the key itself if missing. */
export function t(key, vars = {}) {
  const template = strings[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** A label for an enumerated value, e.g. t('status.new'); falls back to the value. */
export function label(group, value) {
  const key = `${group}.${value}`;
  return key in strings ? strings[key] : String(value);
}
