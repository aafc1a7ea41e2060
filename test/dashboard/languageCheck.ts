import type { Page } from 'playwright-core';
import { buildCatalog } from '../../services/i18n/catalog';
import { entityData } from '../../services/nlu/entityData';
import { platformName } from '../../services/nlu/platforms';
import { loadMunicipalities } from '../../services/routing/municipalities';
import { loadRoutingSeed } from '../../services/routing/routingSeed';

const words = (text: string): string[] => text.toLowerCase().match(/\p{L}{3,}/gu) ?? [];

/**
 * The words only the English interface uses: every word of the English
 * dashboard strings, routing sentences and authority names, minus every word
 * Serbian also uses (its whole catalogue, authority names, municipalities,
 * platform brands). A Serbian page that shows any of them shows English.
 */
export function englishOnlyWords(): Set<string> {
  const catalog = buildCatalog();
  const seed = loadRoutingSeed();
  const texts = (l: 'sr-Latn' | 'en') => seed.authorities.flatMap((a) => [a.name[l], a.jurisdiction.area[l], a.actsOn[l]]);
  const english = [
    ...Object.entries(catalog.en).filter(([k]) => k.startsWith('dashboard.') || k.startsWith('routing.')).map(([, v]) => v.replace(/\{\w+\}/g, ' ')),
    ...texts('en'),
  ];
  const serbian = new Set([
    ...Object.values(catalog['sr-Latn']).flatMap(words),
    ...texts('sr-Latn').flatMap(words),
    ...loadMunicipalities().flatMap((m) => [...words(m.name), ...words(m.district)]),
    ...Object.keys(entityData().platforms).flatMap((id) => words(platformName(id))),
  ]);
  return new Set(english.flatMap(words).filter((w) => !serbian.has(w)));
}

/** Every authority id of the registry: a person should read names, never these. */
export function authorityIds(): string[] {
  return loadRoutingSeed().authorities.map((a) => a.id);
}

/**
 * The interface's own words as a person meets them on the page: rendered
 * text, the options of every visible list, labels read out by screen readers
 * (aria-label, title, placeholder) and the tab title — leaving out what is
 * not the interface speaking: what someone typed (`data-user-text`), names
 * that are the same in every language (`translate="no"`: case codes,
 * platforms, ids) and an old report's original text (`data-original`).
 */
export async function interfaceText(page: Page): Promise<string> {
  // A string, evaluated in the page (this file is compiled without DOM types).
  return (await page.evaluate(`(() => {
    const SKIP = '[data-user-text], [translate="no"], [data-original], script, style, noscript';
    const out = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest(SKIP) || !node.textContent.trim()) continue;
      if (el.closest('option')) continue;
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      out.push(node.textContent);
    }
    for (const sel of document.querySelectorAll('select')) {
      if (sel.closest(SKIP) || !sel.checkVisibility()) continue;
      for (const o of sel.options) if (!o.closest(SKIP)) out.push(o.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (el.closest(SKIP) || !el.checkVisibility()) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
    return out.join('\\n');
  })()`)) as string;
}

/** The English-only words on the page, each with a little context, e.g. `routing ("Routing and reasons")`. */
export function englishOn(text: string, english: Set<string>): string[] {
  const found = new Map<string, string>();
  for (const line of text.split('\n')) {
    for (const w of words(line)) if (english.has(w) && !found.has(w)) found.set(w, line.trim().slice(0, 80));
  }
  return [...found].map(([w, line]) => `${w} ("${line}")`);
}

/** Words written in Latin letters (for a page that should be Cyrillic). */
export function latinOn(text: string): string[] {
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    for (const w of line.match(/[A-Za-zČĆŠŽĐčćšžđ]+/g) ?? []) found.add(`${w} ("${line.trim().slice(0, 60)}")`);
  }
  return [...found];
}

/** Authority ids visible in the text. */
export function idsOn(text: string, ids: readonly string[]): string[] {
  return ids.filter((id) => new RegExp(`(^|[^a-z0-9-])${id}($|[^a-z0-9-])`).test(text));
}
