/* global document, localStorage */
import { ApiError, get, setLanguage } from './api.js';

let strings = {};
let current = 'sr-Latn';

/** Loads the UI strings of a locale (content/locales/<locale>/dashboard.yaml); the API then answers in it too. */
export async function loadLocale(locale) {
  current = ['sr-Latn', 'sr-Cyrl', 'en'].includes(locale) ? locale : 'sr-Latn';
  setLanguage(current);
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

/**
 * What to tell the reviewer about a failed request, in her language: the
 * message for the error's code (`error.<code>`), "the server cannot be
 * reached" when offline, else the generic message — never the server's own
 * English text.
 */
export function errorMessage(err) {
  if (err instanceof ApiError) {
    if (err.code === 'Offline') return t('error.offline');
    if (`error.${err.code}` in strings) return t(`error.${err.code}`);
  }
  return t('error.generic');
}

/**
 * The string for a key as nodes: like t(), but a variable may be a DOM node
 * (a case code marked translate="no", a name marked as user text), placed
 * where the locale's sentence puts it.
 */
export function tn(key, vars = {}) {
  const template = strings[key] ?? key;
  return template.split(/(\{\w+\})/).filter(Boolean).map((part) => {
    const m = /^\{(\w+)\}$/.exec(part);
    return m && m[1] in vars ? vars[m[1]] : part;
  });
}
