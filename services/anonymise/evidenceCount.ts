import type { Evidence } from './types';

/** A profile name as compared: no leading @, lower case. */
function handleKey(handle: string): string {
  return handle.trim().replace(/^@+/, '').toLowerCase();
}

/** A link as compared: lower case, without a trailing slash. */
function urlKey(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

/** The path segments of a link ("instagram.com/ana.k", "tiktok.com/@ana.k?x=1" → "ana.k"), as profile names. */
function profileNamesIn(url: string): string[] {
  let path: string;
  try {
    path = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`).pathname;
  } catch {
    return [];
  }
  return path
    .split('/')
    .map((segment) => {
      try {
        return handleKey(decodeURIComponent(segment));
      } catch {
        return handleKey(segment);
      }
    })
    .filter(Boolean);
}

/**
 * How many things a reporter gave as evidence, as a person counts them: each
 * distinct link once, and each profile name once — unless a link already
 * points to that profile (`@ana.k` and `instagram.com/ana.k` are one
 * profile). Repeats across the story and the evidence question count once.
 */
export function countEvidenceItems(...parts: Evidence[]): number {
  const urls = new Set(parts.flatMap((e) => e.urls).map(urlKey).filter(Boolean));
  const linked = new Set([...urls].flatMap(profileNamesIn));
  const handles = new Set(parts.flatMap((e) => e.handles).map(handleKey).filter((h) => h && !linked.has(h)));
  return urls.size + handles.size;
}
