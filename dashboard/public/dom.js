/* global document */
/**
 * Builds DOM nodes. Text is always set with text nodes, never parsed as HTML,
 * so report content and reporter messages render inert whatever they contain.
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...(Node|string|number|null|undefined|false|Array<Node|string>)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of a node. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A labelled form control. */
export function field(label, control) {
  return h('label', {}, label, control);
}

/** A <select> with options [value, label]. */
export function select(name, options, value, attrs = {}) {
  return h('select', { name, ...attrs }, options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
}

const DATE_LOCALES = { en: 'en-GB', 'sr-Cyrl': 'sr-Cyrl-RS', 'sr-Latn': 'sr-Latn-RS' };

/** A short, readable local date-time, in the reader's language and script. */
export function when(iso, locale) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(DATE_LOCALES[locale] ?? 'sr-Latn-RS', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Text someone typed (a narrative, a message, a note, a staff name): shown
 * as it was written, in whatever language it was written in, so marked
 * `data-user-text` (the UI's own words are checked for the reader's language,
 * a person's words are not).
 */
export function userText(text, tag = 'span', attrs = {}) {
  return h(tag, { ...attrs, 'data-user-text': true }, text);
}

/** A name that is the same in every language (a case code, a platform's brand): `translate="no"`. */
export function proper(text, tag = 'span', attrs = {}) {
  return h(tag, { ...attrs, translate: 'no' }, text);
}
